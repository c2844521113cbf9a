"""How often one client may do something, counted in the site's shared cache."""

from django.core.cache import cache

HOUR = 60 * 60


def over_limit(key, limit, seconds=HOUR):
    """Count one more attempt under `key`; True once there have been more than `limit` in the period."""
    if cache.add(key, 1, seconds):
        return limit < 1
    try:
        return cache.incr(key) > limit
    except ValueError:  # the count expired between the two calls
        cache.add(key, 1, seconds)
        return False
