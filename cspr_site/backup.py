"""Whole-site backups: the PostgreSQL database (pg_dump custom format) and the uploads, in one archive.

The archive is a plain tar file holding `database.dump`, the `media/` folder and a
`manifest.json`; `restore` loads it into an empty database and the uploads folder, so a new
server (or a new database on the same one) reproduces the site exactly.
"""

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.utils import timezone

DATABASE_MEMBER = "database.dump"
MEDIA_MEMBER = "media"
MANIFEST_MEMBER = "manifest.json"


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def _database(alias="default"):
    database = settings.DATABASES[alias]
    if connections[alias].vendor != "postgresql":
        raise BackupError(
            "Backups need PostgreSQL (DATABASE_URL=postgres://…). With the SQLite default, stop "
            "the site and copy db.sqlite3 and the media folder instead."
        )
    return database


def _client_environment(database):
    """libpq variables for the client tools; the password never appears on a command line."""
    environment = {**os.environ, "PGDATABASE": database["NAME"]}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def _run(command, database):
    try:
        subprocess.run(command, env=_client_environment(database), check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{Path(command[0]).name} failed: {error.stderr.strip()}") from error


def _major_version(binary):
    output = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\s(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else 0


def client_tool(name, alias="default"):
    """pg_dump or pg_restore of the server's major version, found where Debian and PATH put them.

    A pg_dump older than the server refuses to run; one from an unrelated install can sit
    first on PATH. PG_BIN_DIR, when set, names the folder to use.
    """
    connection = connections[alias]
    connection.ensure_connection()
    server_major = connection.pg_version // 10_000
    folders = [os.environ.get("PG_BIN_DIR"), f"/usr/lib/postgresql/{server_major}/bin"]
    candidates = [str(Path(folder) / name) for folder in folders if folder]
    candidates.append(shutil.which(name))
    usable = [path for path in dict.fromkeys(candidates) if path and os.access(path, os.X_OK)]
    for wanted in (lambda major: major == server_major, lambda major: major > server_major):
        for path in usable:
            if wanted(_major_version(path)):
                return path
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} found (looked in {', '.join(usable) or 'PATH'}). "
        f"Install the client tools of version {server_major} or set PG_BIN_DIR."
    )


def _local_media_root():
    """The uploads folder, or None when uploads live in a bucket (back that up with versioning)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(settings.MEDIA_ROOT)
    return None


def _media_files(media_root):
    skip = Path(settings.PAGE_CACHE_GENERATION_FILE).resolve()
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and path.resolve() != skip and not path.name.startswith(skip.name + "."):
            yield path


def backup(output_dir, alias="default"):
    """Write a new archive into output_dir and return its path."""
    database = _database(alias)
    pg_dump = client_tool("pg_dump", alias)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    archive = output_dir / f"cspr-{created:%Y%m%d-%H%M%S}.tar"
    media_root = _local_media_root()
    with tempfile.TemporaryDirectory(prefix="cspr-backup-") as scratch:
        dump = Path(scratch) / DATABASE_MEMBER
        # The dump is one consistent snapshot. Uploads are copied after it, so every document
        # it lists already has its file (an upload saves the file before the row).
        _run([pg_dump, "--format=custom", f"--file={dump}"], database)
        media = list(_media_files(media_root)) if media_root and media_root.exists() else []
        manifest = {
            "created_at": created.isoformat(),
            "database": database["NAME"],
            "postgresql_server": connections[alias].pg_version,
            "pg_dump": pg_dump,
            "media_files": len(media),
            "media_in_archive": media_root is not None,
        }
        (Path(scratch) / MANIFEST_MEMBER).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(Path(scratch) / MANIFEST_MEMBER, arcname=MANIFEST_MEMBER)
            tar.add(dump, arcname=DATABASE_MEMBER)
            for path in media:
                tar.add(path, arcname=f"{MEDIA_MEMBER}/{path.relative_to(media_root).as_posix()}")
        # It holds editors' accounts: readable by its owner only.
        partial.chmod(0o600)
        partial.rename(archive)
    return archive


def _is_empty(alias):
    with connections[alias].cursor() as cursor:
        return not connections[alias].introspection.table_names(cursor)


def restore(archive, alias="default"):
    """Load an archive into the (empty) database and the uploads folder; returns its manifest."""
    from cspr_site.cache import new_generation

    database = _database(alias)
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No archive at {archive}.")
    if not _is_empty(alias):
        raise BackupError(
            f"The database {database['NAME']!r} is not empty. Restore only into a new, empty database "
            "(createdb), then point DATABASE_URL at it."
        )
    pg_restore = client_tool("pg_restore", alias)
    connections[alias].close()
    with tempfile.TemporaryDirectory(prefix="cspr-restore-") as scratch:
        with tarfile.open(archive) as tar:
            tar.extractall(scratch, filter="data")
        manifest = json.loads((Path(scratch) / MANIFEST_MEMBER).read_text())
        _run(
            [
                pg_restore,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(Path(scratch) / DATABASE_MEMBER),
            ],
            database,
        )
        media = Path(scratch) / MEDIA_MEMBER
        media_root = _local_media_root()
        if media.is_dir() and media_root is not None:
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    # Pages cached from whatever was served before must not outlive the restore.
    new_generation()
    return manifest
