"""`/healthz` tells a load balancer whether this instance reaches its database and cache, nothing more."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from cspr_site import health
from tests.cspr_site import production_settings

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_cache_answer(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_head_works_for_load_balancers_that_use_it(client):
    assert client.head("/healthz").status_code == 200


def test_failing_when_the_database_is_unreachable(client, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health.connection, "cursor", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "failing", "cache": "ok"}


def test_failing_when_the_cache_is_unreachable(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "set", unreachable)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "failing", "database": "ok", "cache": "failing"}


def test_failing_when_the_cache_silently_loses_what_it_stores(client, monkeypatch):
    """django-redis set to ignore errors returns None instead of raising."""
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)

    assert client.get("/healthz").json()["cache"] == "failing"


def test_plain_http_health_checks_are_not_redirected_in_production(home_page):
    with production_settings.production_responses():
        response = Client().get("/healthz")

    assert response.status_code == 200


def test_never_served_from_the_page_cache(client, settings, tmp_path, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "generation"
    client.get("/healthz")

    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert "X-Page-Cache" not in response
