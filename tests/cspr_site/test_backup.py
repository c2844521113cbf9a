"""A backup restored into an empty database reproduces the site: pages, documents and their files, revisions.

The round trip runs against a scratch database of its own on the PostgreSQL server the suite
uses, driven through manage.py exactly as `make backup` and `make restore` drive it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

PROJECT_DIR = Path(__file__).resolve().parents[2]
NEEDS_POSTGRESQL = "backups use pg_dump: run the suite with DATABASE_URL=postgres://… to check them"

SNAPSHOT = """
import hashlib, io, json, os, pathlib, django
django.setup()
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

media = pathlib.Path(os.environ["DJANGO_MEDIA_ROOT"])
files = {
    str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
    for path in media.rglob("*") if path.is_file() and not path.name.startswith(".page-cache")
}
# Pages first: the first render creates the partnership settings row.
client = Client()
pages = {}
for page in Page.objects.live().filter(depth__gt=1).order_by("path"):
    response = client.get(page.url)
    pages[page.url] = [response.status_code, hashlib.sha256(response.content).hexdigest()]
data = io.StringIO()
call_command(
    "dumpdata", "wagtailcore.page", "wagtailcore.revision", "wagtailcore.site", "wagtaildocs.document",
    "cspr_site", "reviews", "learning", "taggit", stdout=data,
)
print(json.dumps({"data": json.loads(data.getvalue()), "files": files, "pages": pages}))
"""

EDITS = """
import django
django.setup()
from reviews.models import CSPRPage

review = CSPRPage.objects.get(slug="young-person-a")
review.summary = "<p>An edit published after the demo content was loaded.</p>"
review.save_revision().publish()
review.title = "Young Person A (draft title, not yet published)"
review.save_revision()
"""


class ScratchSite:
    """A database of its own on the suite's server, and an uploads folder, for manage.py to use."""

    def __init__(self, tmp_path):
        database = settings.DATABASES["default"]
        self.name = f"cspr_backup_check_{os.getpid()}"
        self.server = {
            "host": database.get("HOST") or None,
            "port": database.get("PORT") or None,
            "user": database.get("USER") or None,
            "password": database.get("PASSWORD") or None,
        }
        credentials = quote(database.get("USER") or "")
        if database.get("PASSWORD"):
            credentials += ":" + quote(database["PASSWORD"])
        address = database.get("HOST") or ""
        if database.get("PORT"):
            address += f":{database['PORT']}"
        self.media = tmp_path / "media"
        self.env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="cspr_site.settings.dev",
            DATABASE_URL=f"postgres://{credentials}@{address}/{self.name}",
            DJANGO_MEDIA_ROOT=str(self.media),
            DJANGO_SECRET_KEY="backup-check-only",
            DJANGO_ALLOWED_HOSTS="testserver,localhost",
            # Static file names without collectstatic; the pages themselves render the same.
            DJANGO_DEBUG="true",
        )

    def _admin(self, statement):
        with psycopg.connect(dbname="postgres", autocommit=True, **self.server) as admin:
            admin.execute(statement)

    def create_empty_database(self):
        self.drop_database()
        self._admin(f'CREATE DATABASE "{self.name}"')

    def drop_database(self):
        self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def run(self, *args, check=True):
        result = subprocess.run(
            [sys.executable, *args],
            cwd=PROJECT_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def manage(self, *args, check=True):
        return self.run("manage.py", *args, check=check)

    def snapshot(self):
        return json.loads(self.run("-c", SNAPSHOT).stdout)


@pytest.fixture
def scratch_site(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_POSTGRESQL)
    site = ScratchSite(tmp_path)
    site.create_empty_database()
    yield site
    site.drop_database()


def test_a_restored_backup_reproduces_the_site(scratch_site, tmp_path):
    scratch_site.manage("migrate", "--noinput", "-v", "0")
    scratch_site.manage("load_demo_content", "-v", "0")
    scratch_site.run("-c", EDITS)
    before = scratch_site.snapshot()
    archive = Path(
        scratch_site.manage("backup_site", "--output-dir", str(tmp_path / "backups")).stdout.strip()
    )

    scratch_site.create_empty_database()
    for path in sorted(scratch_site.media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    scratch_site.manage("restore_site", str(archive))
    after = scratch_site.snapshot()

    assert archive.name.startswith("cspr-") and archive.suffix == ".tar"
    assert after["pages"] == before["pages"]
    assert all(status == 200 for status, _ in after["pages"].values())
    assert after["files"] == before["files"] and before["files"]
    models = {record["model"] for record in before["data"]}
    assert {"wagtailcore.page", "wagtailcore.revision", "wagtaildocs.document"} <= models
    assert after["data"] == before["data"]
    drafts = [
        record
        for record in after["data"]
        if record["model"] == "wagtailcore.revision" and "draft title" in record["fields"]["content"]["title"]
    ]
    assert drafts, "the unpublished draft revision was not restored"


def test_restore_refuses_a_database_that_is_not_empty(scratch_site, tmp_path):
    with psycopg.connect(dbname=scratch_site.name, autocommit=True, **scratch_site.server) as database:
        database.execute("CREATE TABLE something_already_here (id integer)")
    archive = tmp_path / "cspr-20250101-000000.tar"
    archive.write_bytes(b"")

    result = scratch_site.manage("restore_site", str(archive), check=False)

    assert result.returncode != 0
    assert "is not empty" in result.stderr


def test_backups_explain_they_need_postgresql_on_sqlite(db):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite explanation only shows without PostgreSQL")

    with pytest.raises(CommandError, match="Backups need PostgreSQL"):
        call_command("backup_site")
