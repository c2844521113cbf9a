"""The anonymous page cache: public pages served from memory (or Redis), dropped on every visible change.

A response is kept only for a visitor without a session or pending messages, only when a
Wagtail page (or the sitemap or feed) answered 200 without setting a cookie, and it is keyed on the
full address with its query string and nothing about the visitor. Any change that could show
on a public page, above all a takedown or a withdrawal, starts a new cache "generation": one
write, after which no earlier entry is read again. Work visitors cannot see (drafts, autosaves,
revisions, locks, workflow steps, uploads no live page uses) keeps the cache, so it holds up
while editors are busy. Entries also expire after
PAGE_CACHE_SECONDS, a backstop for anything that changes without a signal.
"""

import copy
import functools
import gzip
import hashlib
import logging
import os
import uuid
from pathlib import Path

import brotli
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_delete, pre_save
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished, post_page_move

from reviews import remembered

logger = logging.getLogger(__name__)

GENERATION_KEY = "page-cache:generation"
# Wagtail's pages and the public views built only from them (the same changes invalidate them).
CACHEABLE_VIEWS = {"wagtail_serve", "sitemap", "reviews_feed"}
READ_METHODS = {"GET", "HEAD"}
# Changed with the shape of a stored entry, so an entry stored by older code is never read.
ENTRY_FORMAT = 2
# Vary values that say nothing about the visitor; any other makes a response uncacheable.
HARMLESS_VARY = {"accept-encoding"}


# --- the generation ----------------------------------------------------------------


def _generation_file():
    """Where the generation lives when each process has its own memory cache.

    A memory cache is private to one gunicorn worker, so a publish in one worker, or a
    takedown by the scheduler, must reach the others through something they all share.
    """
    if isinstance(caches["default"], LocMemCache):
        return settings.PAGE_CACHE_GENERATION_FILE
    return None


def _pending_folder():
    """Where a process that could not record an invalidation leaves word of it for all the others.

    Beside the generation file in the media folder, which every process that serves or changes
    pages shares (one uploads a document, any other serves it), and which is not the cache that
    just failed. Each word is a file of its own, so clearing old words never loses a new one.
    """
    path = Path(settings.PAGE_CACHE_GENERATION_FILE)
    return path.with_name(f"{path.name}.pending")


def _pending_invalidations():
    try:
        return os.listdir(_pending_folder())
    except FileNotFoundError:
        return []


def current_generation():
    """The generation to read and store pages under; None while the cache may not be used.

    That is while an invalidation is still unrecorded (Redis down or read-only when a page
    changed): each request tries to record it, and the cache comes back once one succeeds.
    """
    path = _generation_file()
    if path is not None:
        try:
            with open(path) as file:
                return file.read() or new_generation()
        except FileNotFoundError:
            return new_generation()
    pending = _pending_invalidations()
    if pending:
        if not _record_new_generation():
            return None
        for name in pending:
            (_pending_folder() / name).unlink(missing_ok=True)
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def _record_new_generation():
    """Whether the cache now holds a new generation: read back, as a failed write may raise nothing."""
    generation = uuid.uuid4().hex
    try:
        cache.set(GENERATION_KEY, generation, None)
        return cache.get(GENERATION_KEY) == generation
    except Exception:
        logger.exception("The page cache could not record an invalidation.")
        return False


def new_generation():
    """Start a new generation: every page cached before it is never read again.

    If the cache cannot record it, every process stops using the cache until one can (fail closed).
    """
    path = _generation_file()
    if path is None:
        if not _record_new_generation():
            folder = _pending_folder()
            folder.mkdir(parents=True, exist_ok=True)
            (folder / uuid.uuid4().hex).touch()
            logger.error("The page cache could not record an invalidation; pages are rendered until it can.")
        return None
    generation = uuid.uuid4().hex
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.{generation}")
    scratch.write_text(generation)
    os.replace(scratch, path)
    return generation


def invalidate(**kwargs):
    """Drop every cached page now, and again once the change is committed.

    The second write covers a request that read the old rows before the commit and stored
    them under the generation started by the first.
    """
    new_generation()
    if connection.in_atomic_block:
        transaction.on_commit(new_generation)


# --- serving and storing -----------------------------------------------------------------

# Set on the WSGI environ by PageCacheApplication: the entry's key, looked up before Django ran.
ENVIRON_KEY = "cspr_site.page_cache_key"


def _is_anonymous_read(meta):
    if meta.get("REQUEST_METHOD") not in READ_METHODS or "HTTP_AUTHORIZATION" in meta:
        return False
    cookies = parse_cookie(meta.get("HTTP_COOKIE", ""))
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _address(meta):
    """Everything Django reads to route a request and to tell HTTP from HTTPS, exactly as received.

    Raw values, not Django's conclusions from them: two requests share an entry only when
    Django could not tell them apart. An unknown Host header gets no entry, because only
    responses Django answered with 200 (after checking ALLOWED_HOSTS) are stored.
    """
    proxy_header = (settings.SECURE_PROXY_SSL_HEADER or ("", ""))[0]
    return "\n".join(
        (
            meta.get("wsgi.url_scheme", ""),
            meta.get(proxy_header, "") if proxy_header else "",
            meta.get("HTTP_HOST", ""),
            meta.get("HTTP_X_FORWARDED_HOST", ""),
            meta.get("HTTP_X_FORWARDED_PORT", ""),
            meta.get("SERVER_NAME", ""),
            str(meta.get("SERVER_PORT", "")),
            meta.get("SCRIPT_NAME", ""),
            meta.get("PATH_INFO", ""),
            meta.get("QUERY_STRING", ""),
        )
    )


def _lookup(meta):
    """(key, stored entry or None); the key is None when this request may not use the cache."""
    if not settings.PAGE_CACHE_SECONDS or not _is_anonymous_read(meta):
        return None, None
    generation = current_generation()
    if generation is None:
        return None, None
    digest = hashlib.sha256(_address(meta).encode("utf-8", "surrogateescape")).hexdigest()
    key = f"page-cache:{ENTRY_FORMAT}:{generation}:{digest}"
    return key, cache.get(key)


def _is_page_view(request):
    match = getattr(request, "resolver_match", None)
    return match is not None and match.url_name in CACHEABLE_VIEWS


def _can_store(request, response):
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and _is_page_view(request)
        and not response.streaming
        and not response.cookies
        and not vary - HARMLESS_VARY
        and "Cache-Control" not in response
        and (user is None or not user.is_authenticated)
        # A nonce must be new on every response, so a page that used one is never reused.
        and getattr(request, "_csp_nonce", None) is None
    )


def _allow_shared_caches(response, seconds):
    """A CDN may keep public pages only when the site purges it on publish (WAGTAILFRONTENDCACHE)."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    else:
        patch_cache_control(response, private=True, max_age=0)


def _not_shared(request, response):
    """Pages for signed-in editors (or otherwise personal) must never land in a shared cache."""
    if _is_page_view(request) and "Cache-Control" not in response:
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _content_generation(request, key):
    """The generation an anonymous read sees content under (the key's own when it has one)."""
    if key is not None:
        return key.split(":")[2]
    return current_generation() if _is_anonymous_read(request.META) else None


def _site_and_settings(request):
    """Wagtail's site for the request, its home page (where routing starts) and the settings."""
    from wagtail.models import Site

    from cspr_site.models import PartnershipSettings

    site = Site.find_for_request(request)
    if site is None:
        return None, None, None
    return site, site.root_page.specific, PartnershipSettings.for_site(site)


def _use_remembered_site(request):
    """Find the site, its home page and its settings once per generation, not on every request.

    Wagtail keeps what it found on the request (`_wagtail_site`, the settings' own attribute);
    each request gets its own copies, so nothing one request sets on them reaches another.
    """
    if not remembered.is_reading():
        return
    from cspr_site.models import PartnershipSettings

    try:
        # Only hosts the site answers for are kept, so made-up Host headers cannot fill memory.
        host = (split_domain_port(request.get_host())[0], request.get_port())
    except DisallowedHost:
        return
    site, home, partnership = remembered.remember(("site", host), lambda: _site_and_settings(request))
    if site is None:
        return
    request._wagtail_site = copy.copy(site)
    request._wagtail_site.root_page = copy.copy(home)
    partnership = copy.copy(partnership)
    partnership._request = request
    setattr(request, PartnershipSettings.get_cache_attr_name(), partnership)


class AnonymousPageCacheMiddleware:
    """Stores public pages for anonymous visitors, and serves them where PageCacheApplication did not.

    It comes first in MIDDLEWARE, so the stored copy carries every header the other
    middleware adds (HSTS, the content security policy, …) and a hit needs none of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if ENVIRON_KEY in request.META:
            key = request.META[ENVIRON_KEY]
        else:
            key, stored = _lookup(request.META)
            if stored is not None:
                return _as_response(*_answer(stored, request.META, "hit"))
        with remembered.reading(_content_generation(request, key)):
            response = self.get_response(request)
        if key is None or not _can_store(request, response):
            return _not_shared(request, response)
        _allow_shared_caches(response, settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Accept-Encoding"])
        stored = _freeze(response)
        cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
        return _as_response(*_answer(stored, request.META, "miss"))

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Pages, the sitemap and the feed start from the remembered site; other addresses need none.

        Django has resolved the address by now, so the view's name comes free, and this still
        runs inside the generation `__call__` opened for the request.
        """
        if _is_page_view(request):
            _use_remembered_site(request)


class PageCacheApplication:
    """Answers cache hits at the WSGI level, before Django builds a request (cspr_site/wsgi.py).

    A hit costs a key, two cache reads and the stored bytes, which is what lets one small
    server carry a rush of readers. Misses go to Django with the key they were looked up
    under, so the middleware stores them exactly where the next reader will look.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key, stored = _lookup(environ)
        if stored is None:
            environ[ENVIRON_KEY] = key
            return self.application(environ, start_response)
        status, reason, headers, body = _answer(stored, environ, "hit")
        start_response(f"{status} {reason}", headers)
        return [body]


# --- compression -------------------------------------------------------------------------

# Compressed copies kept beside the plain bytes, the smallest first: a visitor gets the first
# their browser accepts. Compressed once when stored, so a hit costs no compression at all.
ENCODINGS = {
    "br": functools.partial(brotli.compress, quality=5),
    "gzip": functools.partial(gzip.compress, compresslevel=6, mtime=0),
}
# Below this, compression saves less than it costs the browser to undo.
MIN_COMPRESSED_SIZE = 256


def _accepted_encodings(header):
    """The content codings an Accept-Encoding header allows; "q=0" refuses one."""
    accepted = set()
    for part in header.split(","):
        name, *parameters = part.split(";")
        quality = 1.0
        for parameter in parameters:
            label, _, value = parameter.partition("=")
            if label.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality > 0:
            accepted.add(name.strip().lower())
    return accepted


def _freeze(response):
    content = response.content
    bodies = {"identity": content}
    if len(content) >= MIN_COMPRESSED_SIZE and not response.has_header("Content-Encoding"):
        bodies.update((name, compress(content)) for name, compress in ENCODINGS.items())
    headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
    return response.status_code, response.reason_phrase, headers, bodies


def _answer(stored, meta, outcome):
    """A stored page as (status, reason, headers, body) in the coding asked for; HEAD has no body."""
    status, reason, headers, bodies = stored
    accepted = _accepted_encodings(meta.get("HTTP_ACCEPT_ENCODING", ""))
    encoding = next((name for name in ENCODINGS if name in bodies and name in accepted), "identity")
    body = bodies[encoding]
    headers = [*headers, ("Content-Length", str(len(body))), ("X-Page-Cache", outcome)]
    if encoding != "identity":
        headers.append(("Content-Encoding", encoding))
    if meta.get("REQUEST_METHOD") == "HEAD":
        body = b""
    return status, reason, headers, body


def _as_response(status, reason, headers, body):
    response = HttpResponse(body, status=status, reason=reason)
    for name, value in headers:
        response[name] = value
    return response


# --- what invalidates it ---------------------------------------------------------------

# Page fields written by saving a draft or a revision, locking, or a workflow: no visitor sees them.
DRAFT_ONLY_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "wagtail_admin_comments",
        "locked",
        "locked_by",
        "locked_at",
    }
)
# Set on a page before it is saved: whether visitors could see it, or anything below it, until now.
WAS_SHOWN = "_page_cache_was_shown"


@functools.cache
def _always_invalidating_types():
    """Changes to these show on public pages whatever they are: there are few, and they are rare."""
    # Imported here: cspr_site/wsgi.py loads this module before Django has loaded the models.
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import BaseViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    return (BaseSiteSetting, BaseGenericSetting, Site, BaseViewRestriction, *get_snippet_models())


def _only_drafts(update_fields):
    return update_fields is not None and set(update_fields) <= DRAFT_ONLY_FIELDS


def _page_or_below_is_live(page):
    from wagtail.models import Page

    return Page.objects.filter(
        Q(pk=page.pk) | Q(path__startswith=page.path, depth__gt=page.depth), live=True
    ).exists()


def _document_is_shown(document):
    """Whether a live page (or a snippet or setting, which any page may show) uses the document."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    references = ReferenceIndex.get_references_to(document)
    page_type = ContentType.objects.get_for_model(Page)
    if references.exclude(base_content_type=page_type).exists():
        return True
    from_pages = references.filter(base_content_type=page_type).values_list("object_id", flat=True)
    return Page.objects.filter(pk__in=[int(pk) for pk in from_pages], live=True).exists()


def note_what_visitors_saw(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before a page that is not live is saved: were it or its descendants public until now?

    A live page's save always invalidates, so only a page saved as not live needs the question
    (an unpublish or a withdrawal by any route, or a draft whose slug moves live pages below it).
    """
    from wagtail.models import Page

    if (
        raw
        or not isinstance(instance, Page)
        or instance.pk is None
        or instance.live
        or _only_drafts(update_fields)
    ):
        return
    setattr(instance, WAS_SHOWN, _page_or_below_is_live(instance))


def invalidate_on_change(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    """Drop the cache after a change a visitor can see; drafts, revisions, locks and new uploads are not."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.models import Page

    if raw:
        return
    if isinstance(instance, Page):
        shown = not _only_drafts(update_fields) and (instance.live or getattr(instance, WAS_SHOWN, False))
    elif isinstance(instance, AbstractDocument):
        shown = not created and _document_is_shown(instance)
    else:
        shown = isinstance(instance, _always_invalidating_types())
    if shown:
        invalidate()


def invalidate_on_delete(sender, instance, **kwargs):
    """Before the row goes (while the reference index still says who used a document)."""
    from wagtail.documents.models import AbstractDocument
    from wagtail.models import Page

    if isinstance(instance, Page):
        shown = instance.live
    elif isinstance(instance, AbstractDocument):
        shown = _document_is_shown(instance)
    else:
        shown = isinstance(instance, _always_invalidating_types())
    if shown:
        invalidate()


def purge_listing_pages(sender, instance, **kwargs):
    """Tell the CDN about the pages that list this one; Wagtail's own handler purges the page itself."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_pages(instance.get_ancestors().filter(depth__gt=1).live())
    site = instance.get_site()
    if site is not None:
        batch.add_urls(f"{site.root_url}{reverse(name)}" for name in CACHEABLE_VIEWS - {"wagtail_serve"})
    batch.purge()


def connect():
    pre_save.connect(note_what_visitors_saw, dispatch_uid="cspr_site.page_cache.before_save")
    post_save.connect(invalidate_on_change, dispatch_uid="cspr_site.page_cache.save")
    pre_delete.connect(invalidate_on_delete, dispatch_uid="cspr_site.page_cache.delete")
    page_published.connect(invalidate, dispatch_uid="cspr_site.page_cache.published")
    page_unpublished.connect(invalidate, dispatch_uid="cspr_site.page_cache.unpublished")
    post_page_move.connect(invalidate, dispatch_uid="cspr_site.page_cache.moved")
    page_published.connect(purge_listing_pages, dispatch_uid="cspr_site.frontend_cache.published")
    page_unpublished.connect(purge_listing_pages, dispatch_uid="cspr_site.frontend_cache.unpublished")
