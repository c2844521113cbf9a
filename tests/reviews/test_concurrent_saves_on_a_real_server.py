"""Autosave racing "Save schedule" on the real server of `make run`: two gunicorn workers, one SQLite file."""

import datetime
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from wagtail.test.utils.form_data import querydict_from_html

from tests.reviews.test_concurrent_saves import local_input

# The server reads a copy of the database, so the data must be committed, not in a test transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class StaffBrowser:
    """A signed-in member of staff talking to the real server, with their session and CSRF cookies."""

    def __init__(self, base, session_key):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session_key}
        self.opener = urllib.request.build_opener(NoRedirects())

    def send(self, path, data=None, accept="text/html"):
        body = urllib.parse.urlencode(list(data.lists()), doseq=True).encode() if data is not None else None
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {"Cookie": cookie, "Accept": accept}
        if settings.CSRF_COOKIE_NAME in self.cookies:
            # As Wagtail's autosave sends it; the page's form carries the same token.
            headers["X-CSRFToken"] = self.cookies[settings.CSRF_COOKIE_NAME]
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            answer = self.opener.open(request, timeout=60)
        except urllib.error.HTTPError as error:
            answer = error
        for header in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name == settings.CSRF_COOKIE_NAME:
                self.cookies[name] = rest.split(";")[0]
        return answer.status, answer.read().decode()


@pytest.fixture
def real_server(tmp_path):
    """gunicorn with two workers on a SQLite file, as `make run` serves the site; its address."""
    database = tmp_path / "db.sqlite3"

    def start():
        connection.ensure_connection()
        with sqlite3.connect(database) as copy:
            connection.connection.backup(copy)
        port = _free_port()
        env = {
            **{name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "tests.cspr_site.served_settings",
            "SETTINGS_UNDER_TEST": "cspr_site.settings.dev",
            "DJANGO_DEBUG": "false",
            # The test's own key, so the session made here is valid there.
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_MEDIA_ROOT": settings.MEDIA_ROOT,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": f"http://127.0.0.1:{port}",
            "PORT": str(port),
            "WEB_CONCURRENCY": "2",
            "GUNICORN_ACCESS_LOG": "",
        }
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
        started.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).close()
                return base, database
            except OSError:
                assert server.poll() is None, server.stderr.read()
                assert time.monotonic() < deadline, "the server did not answer within a minute"
                time.sleep(0.3)

    started = []
    yield start
    for server in started:
        server.terminate()
        _, errors = server.communicate(timeout=30)
        assert "Traceback" not in errors, errors


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="starts its own server on a SQLite file, the database `make run` uses",
)
@pytest.mark.parametrize(
    "autosave_lead", [0.02, 0, -0.02], ids=["autosave first", "together", "schedule first"]
)
def test_autosave_racing_save_schedule_on_the_real_server_never_answers_500(
    real_server, administrator, in_window_review, autosave_lead
):
    """Each save reaches its own worker at the same moment, in both orders, round after round."""
    session = Client()
    session.force_login(administrator)
    base, database = real_server()
    staff = StaffBrowser(base, session.cookies[settings.SESSION_COOKIE_NAME].value)
    edit_path = f"/admin/pages/{in_window_review.pk}/edit/"
    answers = []
    for round_number in range(1, 5):
        status, html = staff.send(edit_path)
        assert status == 200
        form = querydict_from_html(html, form_id="page-edit-form")
        schedule = form.copy()
        takedown = in_window_review.earliest_takedown + datetime.timedelta(days=round_number)
        schedule["expire_at"] = local_input(takedown)
        start = threading.Barrier(2)

        def post(data, accept, delay, start=start):
            start.wait()
            time.sleep(max(delay, 0))
            answers.append(staff.send(edit_path, data, accept=accept)[0])

        threads = [
            threading.Thread(target=post, args=(form, "application/json", -autosave_lead)),
            threading.Thread(target=post, args=(schedule, "text/html", autosave_lead)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert 500 not in answers, answers
    assert set(answers) <= {200, 302, 400}, answers
    with sqlite3.connect(database) as stored:
        (expire_at,) = stored.execute(
            "SELECT expire_at FROM wagtailcore_page WHERE id = ?", [in_window_review.pk]
        ).fetchone()
    assert expire_at is not None
