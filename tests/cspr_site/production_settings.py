"""The production settings module, evaluated in the test process so real responses can be checked with it."""

import os
import runpy
from contextlib import contextmanager
from unittest import mock

from django.test import override_settings

# What production decides about responses; the database, storage and cache stay the suite's
# (static files need collectstatic first: test_cache_static_files.py does that itself).
RESPONSE_SETTINGS = (
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "CONTENT_SECURITY_POLICY_ADMIN",
    "PERMISSIONS_POLICY",
    "MIDDLEWARE",
)


def load(**environ):
    """The production module's settings, as a deployment with only the required variables gets them."""
    clean = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    clean.update(
        DJANGO_SECRET_KEY="production-settings-under-test-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="testserver,reviews.example.org",
        **environ,
    )
    with mock.patch.dict(os.environ, clean, clear=True):
        return runpy.run_module("cspr_site.settings.production")


@contextmanager
def production_responses(**environ):
    """Serve requests with production's security and static-file settings."""
    values = load(**environ)
    with override_settings(**{name: values[name] for name in RESPONSE_SETTINGS if name in values}):
        yield values
