"""What the database says about windows: which pages are in theirs, and what would hide them."""

from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q, Value
from django.utils import timezone
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageLogEntry, Site

from reviews import kinds
from reviews.window import rules

# Group and user permissions live in the database; the other backend only locks out sign-ins.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def window_page_models():
    """Every page type that carries a publication window: each kind the site lists."""
    return [kind.model for kind in kinds.ALL_KINDS]


def is_window_model(model):
    return model is not None and issubclass(model, tuple(window_page_models()))


# Set on the rows of the admin's page listing, each read from the database for that listing:
# a row with no children then answers from its own fields, not with a query per row.
LISTED_ROW = "window_listed_row"


def mark_listed_rows(pages):
    return pages.annotate(**{LISTED_ROW: Value(True)})


def in_window_pages_within(page, now=None):
    """The live window pages in the page's subtree (itself included) that are still in their window."""
    now = now or timezone.now()
    if getattr(page, LISTED_ROW, False) and not page.numchild and type(page) is page.specific_class:
        return [page] if is_window_model(type(page)) and rules.is_in_window(page, now) else []
    candidates = []
    for model in window_page_models():
        candidates.extend(
            model.objects.filter(path__startswith=page.path, depth__gte=page.depth, live=True)
            .exclude(live_since__lt=now - rules.LONGEST_YEAR)
            .only("id", "title", "live", "live_since", "go_live_at", "path", "depth")
        )
    return sorted((p for p in candidates if rules.is_in_window(p, now)), key=lambda p: p.path)


def hold_window_lock():
    """Serialise the changes that can hide a page in two steps (privacy here, a move there).

    Each check reads the tree and then writes; two of them at once could each pass before the
    other commits. Every such check takes this one row lock (the tree's root) first, inside the
    transaction that writes, so the second waits and then reads what the first committed. SQLite
    serialises writers by itself; outside a transaction there is nothing to hold.
    """
    if connection.in_atomic_block and connection.features.has_select_for_update:
        list(Page.objects.filter(depth=1).select_for_update().values_list("pk", flat=True))


def refusal_for(page, now=None):
    """The message that explains why this page cannot be taken down now, or None if it can."""
    blocking = in_window_pages_within(page, now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


def is_public(page):
    """Whether visitors see the page: live, inside a site, and nothing on it or above it restricts who may.

    The tree's root counts as live, so that a page moved under it (a new parent) is judged by
    the rest. An alias is restricted as its source is (Wagtail's `get_view_restrictions`).
    """
    if not page.live and page.depth > 1:
        return False
    if page.get_view_restrictions().exists():
        return False
    site_roots = Site.objects.values_list("root_page__path", flat=True)
    return any(page.path.startswith(root_path) for root_path in site_roots)


def document_field_names(model):
    """The fields of a page type that attach a document (a report, a response, a PDF version)."""
    document_model = get_document_model()
    return [field.name for field in model._meta.concrete_fields if field.related_model is document_model]


def in_window_pages_using_documents(document_ids, now=None):
    """In-window pages whose report or other attached document is one of these documents."""
    now = now or timezone.now()
    document_ids = list(document_ids)
    pages = []
    for model in window_page_models():
        uses_document = Q()
        for field_name in document_field_names(model):
            uses_document |= Q(**{f"{field_name}__in": document_ids})
        if uses_document:
            pages.extend(model.objects.live().filter(uses_document))
    return [page for page in pages if rules.is_in_window(page, now)]


def private_document_refusal(document):
    """Why a live review may not link this document: it is in a private collection. None otherwise."""
    if not document.collection.get_view_restrictions().exists():
        return None
    return (
        f"“{document.title}” is in the private collection “{document.collection.name}”, so the public "
        "could not download it. Move it to a public collection, or choose another document."
    )


def live_version(page):
    """The page as the public sees it now, or None when it is not live."""
    return type(page).objects.filter(pk=page.pk, live=True).first() if page.pk else None


def document_refusal(live, name, document, now=None):
    """Why publishing a version that links `document` in field `name` is refused, or None.

    `live` is the page as published now (or None): an in-window page keeps the documents it was
    published with, and no live page may link a document the public cannot download.
    """
    published_id = getattr(live, f"{name}_id") if live is not None else None
    new_id = document.pk if document is not None else None
    if published_id and new_id != published_id and rules.is_in_window(live, now):
        return published_document_change_refusal(live, now)
    if document is not None and new_id != published_id:
        return private_document_refusal(document)
    return None


def withdrawn_version(page):
    """The page as stored, when it is withdrawn and not live; None otherwise."""
    if not page.pk or not is_window_model(page.specific_class):
        return None
    return (
        page.specific_class.objects.filter(pk=page.pk, live=False, takedown_kind=rules.TakedownKind.WITHDRAWN)
        .only("title", "taken_down_at", "takedown_kind")
        .first()
    )


def latest_withdrawal(page):
    """The audit entry of the page's last withdrawal: who, when and why."""
    entries = PageLogEntry.objects.filter(page_id=page.pk, action=rules.WITHDRAW_ACTION)
    return entries.order_by("-timestamp").first()


def going_live_refusal(page, now=None):
    """Why this version of a page (an approved revision, say) may not be published, or None."""
    if not is_window_model(type(page)):
        return None
    withdrawn = withdrawn_version(page)
    if withdrawn is not None:
        return rules.withdrawn_refusal(withdrawn)
    if not page.live:
        message = rules.must_follow_refusal(page, page.must_follow())
        if message:
            return message
    live = live_version(page)
    for name in document_field_names(type(page)):
        message = document_refusal(live, name, getattr(page, name), now)
        if message:
            return message
    return None


def published_document_change_refusal(page, now=None):
    """Why an edit may not remove or swap the documents this in-window page was published with."""
    return (
        "The documents a review was published with stay public for its first year, so an edit cannot "
        "remove or replace them. To fix a mistake in one, a partnership administrator can use “Correct "
        "the published report…” in the review's actions. " + rules.stay_public_message(page, now)
    )


def document_file_refusal(document, now=None):
    """Why this document's file cannot be replaced now (a review inside its window links it), or None."""
    blocking = in_window_pages_using_documents([document.pk], now)
    if not blocking:
        return None
    return (
        "This file is what the public downloads from a review inside its year on the site, so it cannot "
        "be replaced here. A partnership administrator can use “Correct the published report…” in the "
        "review's actions, which keeps this file for the record. "
        + rules.describe_blocking_pages(blocking, now)
    )


def documents_used_in_window_within(collection, now=None):
    """In-window pages linking a document in this collection or below it."""
    collections = collection.get_descendants(inclusive=True)
    document_ids = (
        get_document_model().objects.filter(collection__in=collections).values_list("pk", flat=True)
    )
    return in_window_pages_using_documents(document_ids, now)


def collection_refusal(collection, now=None):
    """Why documents in this collection (or below it) cannot be made private now, or None."""
    blocking = documents_used_in_window_within(collection, now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


def collection_move_refusal(collection, old_parent_path, now=None):
    """Why this collection, just moved, may not stay under its new parent, or None.

    A move under a private collection makes every document below it private, so it is refused
    while an in-window page links one of them; a move that keeps them public is always allowed.
    """
    was_private = _collection_ancestors_restricted(old_parent_path)
    if was_private or not _collection_ancestors_restricted(collection.path[: -collection.steplen]):
        return None
    blocking = documents_used_in_window_within(collection, now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


def _collection_ancestors_restricted(parent_path):
    steplen = Collection.steplen
    paths = [parent_path[:end] for end in range(steplen, len(parent_path) + 1, steplen)]
    return CollectionViewRestriction.objects.filter(collection__path__in=paths).exists()


def document_collection_refusal(document, new_collection, now=None):
    """Why this document cannot move into a private collection now, or None."""
    if not new_collection.get_view_restrictions().exists():
        return None
    blocking = in_window_pages_using_documents([document.pk], now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


ANY_OTHER_HOST = None  # a request for a hostname no site names: Wagtail answers it with the default site


def _site_answering(sites, hostname, port):
    """The site Wagtail matches a request to, as `wagtail.models.sites.get_site_for_hostname` does."""
    exact = [site for site in sites if site.hostname == hostname and site.port == port]
    if exact:
        return exact[0]
    same_host = [site for site in sites if site.hostname == hostname]
    default = next((site for site in sites if site.is_default_site), None)
    if default is not None and default.hostname == hostname:
        return default
    if default is not None:
        return same_host[0] if len(same_host) == 1 else default
    return same_host[0] if len(same_host) == 1 else None


def _requests_naming(*site_lists):
    """Every (hostname, port) a request could name that any of these sites answer by name, and any other."""
    return {(site.hostname, site.port) for sites in site_lists for site in sites} | {(ANY_OTHER_HOST, None)}


def _addresses(sites, page_path, requests):
    """Where a page answers: for each of these requests, the root path its address is built from."""
    found = {}
    for hostname, port in requests:
        site = _site_answering(sites, hostname, port)
        if site is not None and page_path.startswith(site.root_path):
            found[(hostname, port)] = site.root_path
    return found


def _describe(hostname, port):
    return "any other address" if hostname is ANY_OTHER_HOST else f"{hostname}:{port}"


def site_change_refusal(site, deleting=False):
    """Why saving or deleting this site would stop an in-window page answering where it does now, or None.

    Judged by how Wagtail matches a request to a site (hostname, then port, then the default
    site), for every address each in-window page answers at today; new sites included.
    """
    rows = Site.objects.values_list("pk", "hostname", "port", "is_default_site", "root_page__path")
    before = [
        SimpleNamespace(pk=pk, hostname=h, port=p, is_default_site=d, root_path=r) for pk, h, p, d, r in rows
    ]
    after = [existing for existing in before if existing.pk != site.pk]
    if not deleting:
        root_path = Page.objects.filter(pk=site.root_page_id).values_list("path", flat=True).first() or ""
        after.append(
            SimpleNamespace(
                pk=site.pk,
                hostname=site.hostname,
                port=site.port,
                is_default_site=site.is_default_site,
                root_path=root_path,
            )
        )
    # The same requests before and after: a host only the old site named is still answered
    # afterwards, by the default site, when no remaining site names it.
    requests = _requests_naming(before, after)
    blocking, lost = [], set()
    for page in in_window_pages_within(Page.get_first_root_node()):
        answering_after = _addresses(after, page.path, requests)
        gone = [
            address
            for address, root in _addresses(before, page.path, requests).items()
            if answering_after.get(address) != root
        ]
        if gone:
            blocking.append(page)
            lost.update(_describe(*address) for address in gone)
    if not blocking:
        return None
    return (
        f"After this change these addresses would no longer show them: {', '.join(sorted(lost))}. "
        + rules.describe_blocking_pages(blocking)
    )


# The editorial process (above this part) refuses publishing through this Wagtail hook: each
# function takes the page and the user and returns why that user may not publish it, or None.
PUBLISHING_REFUSAL_HOOK = "reviews_publishing_refusal"


def publishing_refusal(page, user):
    """Why `user` may not publish `page` (by any route), or None; asked by the tester and the save guard."""
    for refusal in hooks.get_hooks(PUBLISHING_REFUSAL_HOOK):
        message = refusal(page, user)
        if message:
            return message
    return None


def can_take_down(user):
    """Administrators may schedule and clear takedown dates; superusers implicitly."""
    return bool(user and user.is_active and user.has_perm(rules.TAKEDOWN_PERMISSION))


def pages_bulk_publish_reaches(pages, form):
    """The pages a bulk publish would publish: those chosen, and their drafts below if included."""
    reached = list(pages)
    if form.cleaned_data.get("include_descendants"):
        for page in pages:
            reached.extend(page.get_descendants().not_live().specific())
    return reached


def can_withdraw_or_reinstate(user):
    return bool(user and user.is_active and user.has_perm(rules.WITHDRAW_PERMISSION))


def can_withdraw(user, page):
    return can_withdraw_or_reinstate(user) and page.live


def administrators():
    """Who decides on takedowns: active users who may schedule them, superusers included, with an email."""
    return (
        get_user_model()
        .objects.with_perm(
            rules.TAKEDOWN_PERMISSION, is_active=True, include_superusers=True, backend=PERMISSION_BACKEND
        )
        .exclude(email="")
        .distinct()
    )
