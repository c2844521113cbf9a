"""Production settings refuse unsafe configurations before serving anything."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"SITE_URL", "WAGTAILADMIN_BASE_URL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "cspr_site.settings.production", **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", DJANGO_ALLOWED_HOSTS="reviews.example.org")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", DJANGO_SECRET_KEY=secrets.token_urlsafe(50))

    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS is not set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="reviews.example.org",
        SITE_URL="https://reviews.example.org",
        DJANGO_EMAIL_HOST="smtp.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_fails_the_deployment_checklist_while_site_url_is_unset_or_local():
    required = {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "reviews.example.org",
        "DJANGO_EMAIL_HOST": "smtp.example.org",
    }

    unset = run_manage("check", "--deploy", **required)
    local = run_manage("check", "--deploy", SITE_URL="http://localhost:8000", **required)

    assert unset.returncode != 0 and "SITE_URL is not set" in unset.stderr
    assert local.returncode != 0 and "SITE_URL is http://localhost:8000, a local address" in local.stderr


def test_production_fails_the_deployment_checklist_while_mail_would_only_be_logged():
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="reviews.example.org",
        SITE_URL="https://reviews.example.org",
    )

    assert result.returncode != 0
    assert "cspr_site.E003" in result.stderr
    assert (
        "password-reset links, withdrawal reasons and takedown reminders would end up in the log"
        in result.stderr
    )
    assert "Set DJANGO_EMAIL_HOST" in result.stderr


def test_the_readme_says_where_the_data_lives_as_the_settings_put_it():
    readme = " ".join((PROJECT_DIR / "README.md").read_text().split())
    base = (PROJECT_DIR / "cspr_site" / "settings" / "base.py").read_text()

    assert "sqlite:///{BASE_DIR / 'db.sqlite3'}" in base and "`db.sqlite3`" in readme
    assert 'BASE_DIR / "media"' in base and "`media/`" in readme
    assert "rm -rf db.sqlite3 media/" in readme
    assert "Installing the dependencies adds a few minutes to the very first run" in readme
    assert (
        "DATABASE_URL=postgres://postgres@127.0.0.1:5432/cspr .venv/bin/python manage.py createsuperuser"
        in readme
    )
