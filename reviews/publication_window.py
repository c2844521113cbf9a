"""The publication window: a published review stays public for at least one calendar year.

Every path that could take a review down early asks this module: the permission tester, the
admin hooks and views, the editor form, model validation, the scheduler and the signal
backstops. The date arithmetic and the wording of every refusal live here and nowhere else.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date

logger = logging.getLogger(__name__)

PARTNERSHIP_TIME_ZONE = ZoneInfo("Europe/London")
TAKEDOWN_PERMISSION = "reviews.schedule_takedown"
WITHDRAW_PERMISSION = "reviews.withdraw_review"
ADMINISTRATORS_GROUP = "Partnership administrators"

# A calendar year is never longer than this; used only to narrow database queries before the
# exact check below, so it errs on the side of looking at more pages, not fewer.
LONGEST_YEAR = datetime.timedelta(days=367)


class TakedownKind:
    EXPIRED = "expired"
    UNPUBLISHED = "unpublished"
    WITHDRAWN = "withdrawn"
    CHOICES = [
        (EXPIRED, "Scheduled takedown"),
        (UNPUBLISHED, "Unpublished after its window"),
        (WITHDRAWN, "Withdrawn early"),
    ]


class PublicationWindowError(PermissionDenied):
    """Raised by the last line of defence when code tries to take an in-window page down."""


def one_calendar_year_after(moment):
    """The same local date and time a year later; 29 February maps to 1 March."""
    local = timezone.localtime(moment, PARTNERSHIP_TIME_ZONE)
    try:
        anniversary = local.date().replace(year=local.year + 1)
    except ValueError:
        anniversary = datetime.date(local.year + 1, 3, 1)
    return datetime.datetime.combine(anniversary, local.time(), tzinfo=PARTNERSHIP_TIME_ZONE)


def window_start(page, now=None):
    """When the page's year starts: when it last went live, its scheduled go-live, or now."""
    now = now or timezone.now()
    if page.live:
        return page.live_since or now
    if page.go_live_at and page.go_live_at > now:
        return page.go_live_at
    return now


def earliest_takedown(page, now=None):
    return one_calendar_year_after(window_start(page, now))


def is_in_window(page, now=None):
    """True while a live window page must not be taken down."""
    now = now or timezone.now()
    return bool(page.live) and earliest_takedown(page, now) > now


def whole_days_remaining(page, now=None):
    """Whole days until an in-window page may come down; None once its window is over."""
    now = now or timezone.now()
    return (earliest_takedown(page, now) - now).days if is_in_window(page, now) else None


def format_moment(moment):
    local = timezone.localtime(moment, PARTNERSHIP_TIME_ZONE)
    return f"{format_date(local, 'j F Y')} at {format_date(local, 'H:i')}"


def stay_public_message(page, now=None):
    return f"This review must stay public until at least {format_moment(earliest_takedown(page, now))}."


def takedown_date_errors(page, expire_at, now=None):
    """The refusal for a takedown date inside the window, or None when the date is allowed."""
    if expire_at is None:
        return None
    if expire_at < earliest_takedown(page, now):
        return stay_public_message(page, now)
    return None


def check_takedown_date(page, expire_at):
    message = takedown_date_errors(page, expire_at)
    if message:
        raise ValidationError({"expire_at": message})


def window_page_models():
    """Every concrete page type that carries a publication window (CSPRs, SCRs, Learning on a Page)."""
    from reviews.models.mixins import PublicationWindowPage

    return [
        model
        for model in apps.get_models()
        if issubclass(model, PublicationWindowPage) and not model._meta.abstract
    ]


def is_window_model(model):
    from reviews.models.mixins import PublicationWindowPage

    return model is not None and issubclass(model, PublicationWindowPage)


def in_window_pages_within(page, now=None):
    """The live window pages in the page's subtree (itself included) that are still in their window."""
    now = now or timezone.now()
    candidates = []
    for model in window_page_models():
        candidates.extend(
            model.objects.filter(path__startswith=page.path, depth__gte=page.depth, live=True)
            .exclude(live_since__lt=now - LONGEST_YEAR)
            .only("id", "title", "live", "live_since", "go_live_at", "path", "depth")
        )
    return sorted((p for p in candidates if is_in_window(p, now)), key=lambda p: p.path)


def describe_blocking_pages(pages, now=None):
    """One sentence naming the pages that stop an action, with the date each may come down."""
    names = "; ".join(
        f"“{p.title}” until at least {format_moment(earliest_takedown(p, now))}" for p in pages[:5]
    )
    more = f" and {len(pages) - 5} more" if len(pages) > 5 else ""
    return (
        "Published reviews must stay public for at least one year, so this cannot be done yet: "
        f"{names}{more}. A partnership administrator can withdraw a review early where a court "
        "order or a risk to a child requires it."
    )


def refusal_for(page, now=None):
    """The message that explains why this page cannot be taken down now, or None if it can."""
    blocking = in_window_pages_within(page, now)
    return describe_blocking_pages(blocking, now) if blocking else None


def destination_keeps_pages_public(destination):
    """A new parent keeps pages public if it is live, unrestricted and inside a site."""
    from wagtail.models import Site

    if not destination.live and destination.depth > 1:
        return False
    if destination.get_view_restrictions().exists():
        return False
    site_roots = Site.objects.values_list("root_page__path", flat=True)
    return any(destination.path.startswith(root_path) for root_path in site_roots)


def can_take_down(user, page):
    """Administrators may schedule and clear takedown dates; superusers implicitly."""
    return bool(user and user.is_active and user.has_perm(TAKEDOWN_PERMISSION))


def can_withdraw(user, page):
    return bool(user and user.is_active and user.has_perm(WITHDRAW_PERMISSION) and page.live)


def log_refusal(page, user, path, message):
    """Record a refused attempt to take a page down early in the audit log, and in the server log."""
    from wagtail.log_actions import log

    logger.warning("Refused %s of %r (pk=%s): %s", path, page.title, page.pk, message)
    log(
        instance=page.specific_deferred,
        action="reviews.window.refused",
        user=user,
        data={"path": path, "reason": message},
    )


def _was_live(page):
    from wagtail.models import Page

    return bool(page.pk) and Page.objects.filter(pk=page.pk, live=True).exists()


def before_page_save(page, now=None):
    """Record when a window page goes live or comes down, and refuse an early takedown.

    Runs for every save of a window page, whatever path made it (editor, workflow, scheduler,
    bulk action, code), including saves of the plain `Page` row that skip the specific model.
    """
    now = now or timezone.now()
    was_live = _was_live(page)
    if page.live == was_live:
        return
    specific = page if is_window_model(type(page)) else page.specific_deferred
    if page.live:
        transition = {"live_since": now}
    else:
        withdrawing = getattr(page, "_withdrawal_authorised", False)
        if not withdrawing and is_in_window(type(specific).objects.get(pk=page.pk), now):
            message = stay_public_message(type(specific).objects.get(pk=page.pk), now)
            log_refusal(page, None, "save", message)
            raise PublicationWindowError(message)
        kind = (
            TakedownKind.WITHDRAWN
            if withdrawing
            else (TakedownKind.EXPIRED if page.expired else TakedownKind.UNPUBLISHED)
        )
        transition = {"taken_down_at": now, "takedown_kind": kind}
    if specific is page:
        for field, value in transition.items():
            setattr(page, field, value)
    else:
        page._publication_window_transition = (type(specific), transition)


def after_page_save(page):
    """Store a transition on the specific row when only the plain `Page` row was saved."""
    pending = page.__dict__.pop("_publication_window_transition", None)
    if pending:
        model, transition = pending
        model.objects.filter(pk=page.pk).update(**transition)


def guard_deletion(page, now=None):
    """Refuse deleting an in-window page, also when it goes with a deleted ancestor."""
    if is_in_window(page, now):
        message = stay_public_message(page, now)
        log_refusal(page, None, "delete", message)
        raise PublicationWindowError(message)


def guard_view_restriction(page):
    """Refuse making a page or its ancestors private while a page below is in its window."""
    message = refusal_for(page)
    if message:
        log_refusal(page, None, "privacy", message)
        raise PublicationWindowError(message)


def _document_fields(model):
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    return [field.name for field in model._meta.concrete_fields if field.related_model is document_model]


def in_window_pages_using_documents(document_ids, now=None):
    """In-window pages whose report or other attached document is one of these documents."""
    from django.db.models import Q

    now = now or timezone.now()
    document_ids = list(document_ids)
    pages = []
    for model in window_page_models():
        uses_document = Q()
        for field_name in _document_fields(model):
            uses_document |= Q(**{f"{field_name}__in": document_ids})
        if uses_document:
            pages.extend(model.objects.live().filter(uses_document))
    return [page for page in pages if is_in_window(page, now)]


def collection_refusal(collection, now=None):
    """Why documents in this collection (or below it) cannot be made private now, or None."""
    from wagtail.documents import get_document_model

    collections = collection.get_descendants(inclusive=True)
    document_ids = (
        get_document_model().objects.filter(collection__in=collections).values_list("pk", flat=True)
    )
    blocking = in_window_pages_using_documents(document_ids, now)
    return describe_blocking_pages(blocking, now) if blocking else None


def document_collection_refusal(document, new_collection, now=None):
    """Why this document cannot move into a private collection now, or None."""
    if not new_collection.get_view_restrictions().exists():
        return None
    blocking = in_window_pages_using_documents([document.pk], now)
    return describe_blocking_pages(blocking, now) if blocking else None


def guard_collection_restriction(collection):
    message = collection_refusal(collection)
    if message:
        logger.warning("Refused making collection %r private: %s", collection.name, message)
        raise PublicationWindowError(message)


def guard_document_collection(document):
    stored = type(document).objects.filter(pk=document.pk).values_list("collection_id", flat=True).first()
    if stored is None or stored == document.collection_id:
        return
    message = document_collection_refusal(document, document.collection)
    if message:
        logger.warning("Refused moving document %r to a private collection: %s", document.title, message)
        raise PublicationWindowError(message)


def guarded_page_models():
    """Every page type of the site; all of them use the guarded tester and views."""
    from reviews.models.mixins import WindowGuardedPageMixin

    return [model for model in apps.get_models() if issubclass(model, WindowGuardedPageMixin)]


def site_change_refusal(site, new_root_page=None):
    """Why re-rooting or deleting this site would leave in-window pages without an address, or None."""
    from wagtail.models import Page, Site

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
    return describe_blocking_pages(blocking) if blocking else None


def guard_site_change(site, deleting=False):
    message = site_change_refusal(site, None if deleting else site.root_page)
    if message:
        logger.warning(
            "Refused %s of site %r: %s", "deletion" if deleting else "re-rooting", site.hostname, message
        )
        raise PublicationWindowError(message)
