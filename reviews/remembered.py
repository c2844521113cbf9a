"""What every request reads and editors rarely change, kept in each process between visible changes.

The site's first middleware tells this module the page cache's generation for each anonymous
read (`cspr_site.cache`): every change a visitor could see starts a new one, so a value kept
here is dropped exactly when a cached page would be. Kept only for configuration (the site,
the partnership settings, the themes, the publication years, whether any page is private),
never a page's output. Without a generation (editors, or the cache failing closed) nothing is kept.
"""

import contextlib
from contextvars import ContextVar

_generation = ContextVar("content_generation", default=None)
_kept = {}


@contextlib.contextmanager
def reading(generation):
    """Within this block, values are kept under `generation` (None: nothing is kept)."""
    token = _generation.set(generation)
    try:
        yield
    finally:
        _generation.reset(token)


def is_reading():
    """Whether values are being kept for the request being answered."""
    return _generation.get() is not None


def remember(key, compute):
    """`compute()`, or what it gave earlier in this process under the same generation."""
    generation = _generation.get()
    if generation is None:
        return compute()
    kept = _kept.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = compute()
    _kept[key] = (generation, value)
    return value
