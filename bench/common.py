"""What the benchmark and the fault test share: a fresh database, the site's environment, gunicorn."""

import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# What the reverse proxy would add: the site runs with production's HTTPS redirect switched on.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}


def recreate_database(url):
    """Drop and create the database the URL names (PostgreSQL), or remove the SQLite file."""
    drop_database(url)
    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("sqlite3"):
        with psycopg.connect(**_server(config), dbname="postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def drop_database(url):
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        Path(config["NAME"]).unlink(missing_ok=True)
        return
    with psycopg.connect(**_server(config), dbname="postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')


def analyse(url):
    """Give PostgreSQL's planner the statistics a running site has (autovacuum gathers them later)."""
    config = dj_database_url.parse(url)
    if not config["ENGINE"].endswith("sqlite3"):
        with psycopg.connect(**_server(config), dbname=config["NAME"], autocommit=True) as connection:
            connection.execute("ANALYZE")


def _server(config):
    return {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }


class Site:
    """The site's environment for manage.py and gunicorn: production settings, a throwaway media folder."""

    def __init__(self, database_url, **extra):
        self.database_url = database_url
        self.media = Path(tempfile.mkdtemp(prefix="cspr-bench-media-"))
        self.logs = Path(tempfile.mkdtemp(prefix="cspr-bench-logs-"))
        self.env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
        self.env.pop("REDIS_URL", None)
        self.env.update(
            DJANGO_SETTINGS_MODULE="cspr_site.settings.production",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            DATABASE_URL=database_url,
            DJANGO_MEDIA_ROOT=str(self.media),
            # Both servers log nothing per request, so logging costs neither of them.
            GUNICORN_ACCESS_LOG="",
            **extra,
        )
        self.servers = []

    def manage(self, *args):
        subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=self.env, check=True)

    def python(self, code, **extra):
        return subprocess.run(
            [PYTHON, "-c", code],
            cwd=ROOT,
            env={**self.env, **extra},
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def build(self, with_reviews=True):
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("load_demo_content", "-v", "0")
        if with_reviews:
            loader = "runpy.run_path('bench/load_reviews.py', run_name='__main__')"
            self.python(f"import django, runpy; django.setup(); {loader}")
        self.manage("collectstatic", "--noinput", "-v", "0")
        analyse(self.database_url)

    def serve(self, name, port, app="cspr_site.wsgi:application", chdir=None, **extra):
        """Start gunicorn with gunicorn.conf.py on 127.0.0.1:port; returns its base URL once it answers."""
        command = [GUNICORN, "--config", str(ROOT / "gunicorn.conf.py")]
        if chdir:
            command += ["--chdir", str(chdir)]
        log = (self.logs / f"{name}.log").open("w")
        process = subprocess.Popen(
            [*command, app], cwd=ROOT, env={**self.env, "PORT": str(port), **extra}, stdout=log, stderr=log
        )
        self.servers.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_until_answering(base + "/", process, self.logs / f"{name}.log")
        return base

    def stop(self, keep_logs=False):
        """Stop the servers and remove the media folder; the logs stay only when something failed."""
        for process in self.servers:
            process.terminate()
        for process in self.servers:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.servers = []
        shutil.rmtree(self.media, ignore_errors=True)
        if keep_logs:
            print(f"gunicorn logs: {self.logs}")
        else:
            shutil.rmtree(self.logs, ignore_errors=True)


def get(url, timeout=10):
    """(status, headers, body) of a GET through the pretend proxy; HTTP errors are answers too."""
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_answering(url, process, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited; see {log}")
        try:
            get(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {seconds} s; see {log}")
