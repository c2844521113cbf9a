"""What every request reads and editors rarely change, kept in each process between visible changes.

The site's first middleware tells this module the page cache's generation for each anonymous
read (`cspr_site.cache`): every change a visitor could see starts a new one, so a value kept
here is dropped exactly when a cached page would be. Kept only for configuration (the site,
the partnership settings, the themes, the publication years, whether any page is private),
never a page's output, and for the lists' queries, built or compiled (the rows are read
every time). Without a generation (editors, or the cache failing closed) nothing is kept.
"""

import contextlib
from contextvars import ContextVar

from django.core.exceptions import EmptyResultSet
from django.db import connections

_generation = ContextVar("content_generation", default=None)
_kept = {}
_kept_generation = None


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
    global _kept_generation
    if _kept_generation != generation:
        # What older generations kept is never read again.
        _kept.clear()
        _kept_generation = generation
    kept = _kept.get(key)
    if kept is not None and kept[0] == generation:
        return kept[1]
    value = compute()
    _kept[key] = (generation, value)
    return value


def compiled_values(key, make_queryset):
    """The rows of `make_queryset()`, a `.values()` queryset, as dicts.

    Django compiles a query with windows, cases and subqueries in more time than the database
    takes to answer it. The SQL (and its parameters) of a query kept here must depend only on
    `key` and on what changes with the generation (page paths, content types), so it is
    compiled once per generation; the rows themselves are read from the database every time.
    """
    names, rows = _rows(("values", *key), make_queryset, _values_names)
    # A row may end with columns only the query needs (a window it filters on).
    return [dict(zip(names, row, strict=False)) for row in rows]


def compiled_instances(key, make_queryset):
    """The model instances `make_queryset()` finds; its SQL kept as `compiled_values` keeps it."""
    (model, using, names), rows = _rows(("instances", *key), make_queryset, _instance_names)
    return [model.from_db(using, names, row) for row in rows]


def _values_names(queryset, _compiler):
    query = queryset.query
    if query.selected:
        return list(query.selected)
    return [*query.extra_select, *query.values_select, *query.annotation_select]


def _instance_names(queryset, _compiler):
    """A model query selects every concrete field, in this order (as Django's own iterable reads it)."""
    model = queryset.model
    return model, queryset.db, [field.attname for field in model._meta.concrete_fields]


def _rows(key, make_queryset, names_of):
    """(names, rows converted to Python values) of a query compiled once per generation."""
    using, compiler, sql, params, names = remember(
        ("compiled", *key), lambda: _compile(make_queryset(), names_of)
    )
    if sql is None:
        return names, []
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    return names, list(compiler.results_iter(results=[fetched]))


def _compile(queryset, names_of):
    compiler = queryset.query.get_compiler(queryset.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        sql, params = None, ()
    return queryset.db, compiler, sql, params, names_of(queryset, compiler)
