"""`/healthz` for load balancers: can this instance reach its database and its cache?"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Health check: the database is not reachable")
        return False


def _cache_ok():
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception:
        # Cache backends raise their own client errors (Redis connection errors, …).
        logger.exception("Health check: the cache is not reachable")
        return False
    if not ok:
        logger.error("Health check: the cache did not return what was just stored")
    return ok


@never_cache
@require_safe
def healthz(request):
    """200 when both answer, 503 otherwise; it names the failing part and nothing else."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "failing",
            **{name: "ok" if ok else "failing" for name, ok in checks.items()},
        },
        status=200 if healthy else 503,
    )
