"""An unhandled error leaves its traceback on the server's standard error, under `make run` and in production.

The real server (gunicorn, as `Procfile` and the image start it) is run with each settings module
and asked for an address whose view fails; the visitor gets the site's own page, the log the rest.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cspr_site.test_errors import SECRET_DETAIL

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize(
    ("settings_module", "environ"),
    [
        # What `make run` sets: the development settings with DEBUG off.
        ("cspr_site.settings.dev", {"DJANGO_DEBUG": "false"}),
        (
            "cspr_site.settings.production",
            {
                "DJANGO_SECRET_KEY": "error-trace-test-" + "x" * 40,
                "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
                "DJANGO_SECURE_SSL_REDIRECT": "false",
                "DJANGO_EMAIL_HOST": "mail.example.org",
            },
        ),
    ],
    ids=["make run", "production"],
)
def test_a_failing_request_logs_its_traceback_on_the_servers_standard_error(
    tmp_path, settings_module, environ
):
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.cspr_site.served_settings",
        SETTINGS_UNDER_TEST=settings_module,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        SITE_URL=f"http://127.0.0.1:{port}",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        GUNICORN_ACCESS_LOG="",
        **environ,
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "cspr_site.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, html = fetch(f"http://127.0.0.1:{port}/broken/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not answer within a minute"
                time.sleep(0.5)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)

    assert status == 500
    assert SECRET_DETAIL not in html and "Traceback" not in html
    # Django's own record of the error, with the whole traceback, not gunicorn's last resort.
    assert "Internal Server Error: /broken/" in errors, errors
    assert "Traceback (most recent call last)" in errors
    assert f"RuntimeError: {SECRET_DETAIL}" in errors
