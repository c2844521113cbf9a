"""The test suite: fast hashing, in-memory mail, throwaway media, real database."""

import tempfile
from pathlib import Path

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = get_random_secret_key()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="cspr-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="cspr-test-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
# The address the tests' own default site (tests/conftest.py) answers at.
SITE_URL = "http://localhost"
# Rolled-back test data fires no signals, so cached pages would leak from one test into the
# next; the page cache tests turn it on for themselves.
PAGE_CACHE_SECONDS = 0
PAGE_CACHE_GENERATION_FILE = Path(MEDIA_ROOT) / ".page-cache-generation"
# Background work runs at once, inside the test; `tests/cspr_site/test_background_work.py`
# puts it on the database queue and runs the real worker.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    BACKGROUND_TASKS: {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},  # noqa: F405
}
# Alerts go out as soon as the page is live; the hold has its own tests.
ALERTS_HOLD_MINUTES = 0

# A test database need not survive a power cut: PostgreSQL may acknowledge commits before they
# reach the disk, which the browser tests' flushes and the migrations make many of.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
