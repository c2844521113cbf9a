"""Scaling out is configuration only: Redis, an S3-compatible bucket and a CDN purge from the environment."""

import importlib.util
import os
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from wagtail.contrib.frontend_cache.backends import CloudfrontBackend, HTTPBackend
from wagtail.contrib.frontend_cache.utils import get_backends

from tests.cspr_site import production_settings

BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "partnership-uploads",
    "AWS_S3_ENDPOINT_URL": "https://objects.example.org",
    "AWS_S3_REGION_NAME": "eu-west-2",
}


def base_settings(**environ):
    """A fresh evaluation of the base settings module, with these variables set."""
    spec = importlib.util.find_spec("cspr_site.settings.base")
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, environ):
        spec.loader.exec_module(module)
    return vars(module)


def test_without_redis_each_worker_caches_in_memory():
    cache = base_settings()["CACHES"]["default"]

    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_redis_url_gives_every_instance_one_cache_that_never_takes_the_site_down():
    cache = base_settings(REDIS_URL="redis://cache.internal:6379/0")["CACHES"]["default"]

    assert cache["BACKEND"] == "django_redis.cache.RedisCache"
    assert cache["LOCATION"] == "redis://cache.internal:6379/0"
    assert cache["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert cache["OPTIONS"]["SOCKET_TIMEOUT"] <= 1


def test_uploads_stay_on_disk_without_a_bucket():
    storages = production_settings.load()["STORAGES"]

    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bucket_keeps_uploads_private_signed_and_never_overwritten():
    storages = production_settings.load(**BUCKET)["STORAGES"]
    backend, options = storages["default"]["BACKEND"], storages["default"]["OPTIONS"]
    credentials = {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY": "not-a-real-secret"}

    with mock.patch.dict(os.environ, credentials):
        storage = import_string(backend)(**options)
        url = storage.url("documents/report.pdf")

    assert backend == "storages.backends.s3.S3Storage"
    assert storage.bucket_name == "partnership-uploads"
    assert storage.file_overwrite is False
    assert url.startswith("https://objects.example.org/partnership-uploads/documents/report.pdf?")
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url


def test_documents_are_served_through_wagtails_view_unless_redirect_is_chosen():
    def method(**environ):
        return production_settings.load(**environ)["WAGTAILDOCS_SERVE_METHOD"]

    assert method() == "serve_view"
    assert method(WAGTAILDOCS_SERVE_METHOD="redirect") == "redirect"

    with pytest.raises(ImproperlyConfigured, match="serve_view or redirect"):
        production_settings.load(WAGTAILDOCS_SERVE_METHOD="direct")


def test_no_cdn_is_purged_unless_one_is_configured():
    assert production_settings.load()["WAGTAILFRONTENDCACHE"] == {}


def test_a_cdn_purge_endpoint_or_cloudfront_comes_from_the_environment():
    configured = production_settings.load(
        FRONTEND_CACHE_PURGE_URL="http://varnish.internal:6081",
        FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID="E2EXAMPLE",
    )["WAGTAILFRONTENDCACHE"]

    backends = get_backends(configured)

    assert isinstance(backends["http"], HTTPBackend)
    assert isinstance(backends["cloudfront"], CloudfrontBackend)
