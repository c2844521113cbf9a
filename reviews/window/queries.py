"""What the database says about windows: which pages are in theirs, and what would hide them."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from reviews import kinds
from reviews.window import rules

# Group and user permissions live in the database; the other backend only locks out sign-ins.
PERMISSION_BACKEND = "django.contrib.auth.backends.ModelBackend"


def window_page_models():
    """Every page type that carries a publication window: each kind the site lists."""
    return [kind.model for kind in kinds.ALL_KINDS]


def is_window_model(model):
    return model is not None and issubclass(model, tuple(window_page_models()))


def in_window_pages_within(page, now=None):
    """The live window pages in the page's subtree (itself included) that are still in their window."""
    now = now or timezone.now()
    candidates = []
    for model in window_page_models():
        candidates.extend(
            model.objects.filter(path__startswith=page.path, depth__gte=page.depth, live=True)
            .exclude(live_since__lt=now - rules.LONGEST_YEAR)
            .only("id", "title", "live", "live_since", "go_live_at", "path", "depth")
        )
    return sorted((p for p in candidates if rules.is_in_window(p, now)), key=lambda p: p.path)


def refusal_for(page, now=None):
    """The message that explains why this page cannot be taken down now, or None if it can."""
    blocking = in_window_pages_within(page, now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


def destination_keeps_pages_public(destination):
    """A new parent keeps pages public if it is live, unrestricted and inside a site."""
    if not destination.live and destination.depth > 1:
        return False
    if destination.get_view_restrictions().exists():
        return False
    site_roots = Site.objects.values_list("root_page__path", flat=True)
    return any(destination.path.startswith(root_path) for root_path in site_roots)


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


def collection_refusal(collection, now=None):
    """Why documents in this collection (or below it) cannot be made private now, or None."""
    collections = collection.get_descendants(inclusive=True)
    document_ids = (
        get_document_model().objects.filter(collection__in=collections).values_list("pk", flat=True)
    )
    blocking = in_window_pages_using_documents(document_ids, now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


def document_collection_refusal(document, new_collection, now=None):
    """Why this document cannot move into a private collection now, or None."""
    if not new_collection.get_view_restrictions().exists():
        return None
    blocking = in_window_pages_using_documents([document.pk], now)
    return rules.describe_blocking_pages(blocking, now) if blocking else None


def site_change_refusal(site, new_root_page=None):
    """Why re-rooting or deleting this site would leave in-window pages without an address, or None."""
    old_root_path = Site.objects.filter(pk=site.pk).values_list("root_page__path", flat=True).first()
    if old_root_path is None:
        return None
    other_roots = list(Site.objects.exclude(pk=site.pk).values_list("root_page__path", flat=True))
    if new_root_page is not None:
        other_roots.append(new_root_page.path)
    blocking = [
        page
        for page in in_window_pages_within(Page.objects.get(path=old_root_path))
        if not any(page.path.startswith(root) for root in other_roots)
    ]
    return rules.describe_blocking_pages(blocking) if blocking else None


def can_take_down(user):
    """Administrators may schedule and clear takedown dates; superusers implicitly."""
    return bool(user and user.is_active and user.has_perm(rules.TAKEDOWN_PERMISSION))


def can_withdraw(user, page):
    return bool(user and user.is_active and user.has_perm(rules.WITHDRAW_PERMISSION) and page.live)


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
