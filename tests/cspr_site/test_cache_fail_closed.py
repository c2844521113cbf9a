"""When Redis cannot record an invalidation, no page is served from it until it can.

Against a real redis-server started for these tests on a free port: made read-only (a replica
of a primary that does not exist) or with its writes paused (`CLIENT PAUSE ... WRITE`), it still
answers reads, which is exactly when a stale copy of a taken-down review could be served.
"""

import datetime
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from cspr_site import cache as page_cache
from tests.cspr_site.visitors import cached, visit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def redis_server():
    """A redis-server of the tests' own, so it can be made read-only without touching anyone else's."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed, so there is no Redis to make fail")
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port, socket_timeout=5)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield client
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_server):
    """The production cache settings (errors ignored, one-second timeouts), on the tests' server."""
    port = redis_server.connection_pool.connection_kwargs["port"]
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": "cspr",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }
    redis_server.flushall()
    yield redis_server
    accept_writes(redis_server)
    redis_server.execute_command("CLIENT", "UNPAUSE")
    cache.clear()


def refuse_writes(server):
    """Writes refused with READONLY, reads answered: a replica whose primary cannot be reached."""
    server.replicaof("127.0.0.1", free_port())
    with pytest.raises(redis.ReadOnlyError):
        server.set("probe", "1")


def accept_writes(server):
    server.replicaof("NO", "ONE")


def test_a_scheduled_takedown_while_redis_is_read_only_is_never_served(redis_cache, review):
    assert cached(review.url)["X-Page-Cache"] == "hit"
    refuse_writes(redis_cache)
    expired = timezone.now() - datetime.timedelta(minutes=5)
    Page.objects.filter(pk=review.pk).update(expire_at=expired)
    type(review).objects.filter(pk=review.pk).update(expire_at=expired)

    call_command("publish_on_schedule")

    response = visit(review.url)
    assert response.status_code == 410
    assert "X-Page-Cache" not in response


def test_while_an_invalidation_is_unrecorded_no_page_is_served_from_the_cache(redis_cache, review_index):
    cached(review_index.url)
    refuse_writes(redis_cache)

    page_cache.invalidate()

    assert "X-Page-Cache" not in visit(review_index.url)
    assert "X-Page-Cache" not in visit(review_index.url)


def test_the_cache_comes_back_once_redis_records_the_invalidation(redis_cache, review):
    cached(review.url)
    refuse_writes(redis_cache)
    page_cache.invalidate()
    assert "X-Page-Cache" not in visit(review.url)

    accept_writes(redis_cache)

    assert visit(review.url)["X-Page-Cache"] == "miss"
    assert visit(review.url)["X-Page-Cache"] == "hit"
    assert page_cache._pending_invalidations() == []


def test_an_unpublish_while_redis_writes_are_paused_is_never_served(admin_client, redis_cache, review):
    assert cached(review.url)["X-Page-Cache"] == "hit"
    redis_cache.execute_command("CLIENT", "PAUSE", "3000", "WRITE")

    admin_client.post(f"/admin/pages/{review.pk}/unpublish/")

    response = visit(review.url)
    assert response.status_code == 410
    assert "X-Page-Cache" not in response
