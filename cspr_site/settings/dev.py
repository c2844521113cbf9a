"""Local development and `make run`: safe defaults, a per-checkout secret key."""

import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import BASE_DIR
from .env import env_bool


def _checkout_secret_key():
    """A random key kept in an ignored file, so sessions survive restarts and gunicorn workers agree."""
    key_file = BASE_DIR / ".secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _checkout_secret_key()
