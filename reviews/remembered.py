"""What every request reads and editors rarely change, kept in each process between visible changes.

The site's middleware gives each anonymous read the page cache's generation
(`request.content_generation`, see `cspr_site.cache`): every change a visitor could see starts a
new one, so a value kept here is dropped exactly when a cached page would be. Kept only for
lists of configuration (the site, the partnership settings, the themes, the publication years),
never a page's output. Without a generation (editors, or the cache failing closed) nothing is kept.
"""

_kept = {}


def remember(request, key, compute):
    """`compute()`, or what it gave earlier in this process under the request's generation."""
    generation = getattr(request, "content_generation", None)
    if generation is None:
        return compute()
    kept = _kept.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = compute()
    _kept[key] = (generation, value)
    return value
