"""The last line of defence: checks that refuse, whatever code path reached the database.

The permission tester and admin views refuse first, with a clear message; these run from model
signals (see `receivers`), so scripts, shell sessions, bulk actions and other apps meet them too.
"""

import contextlib
import contextvars
import logging

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import Page

from reviews.window import queries, rules

logger = logging.getLogger(__name__)

# The pages an action (withdrawal) has authorised to come down inside their window, for the
# duration of that action only; nothing else can add to it.
_authorised_takedowns = contextvars.ContextVar("authorised_takedowns", default=frozenset())


class PublicationWindowError(PermissionDenied):
    """Raised when code tries to take an in-window page down."""


@contextlib.contextmanager
def takedown_authorised(page_ids):
    """Within this block, saving these pages as not live is an authorised early takedown."""
    token = _authorised_takedowns.set(_authorised_takedowns.get() | frozenset(page_ids))
    try:
        yield
    finally:
        _authorised_takedowns.reset(token)


def log_refusal(page, user, path, message):
    """Record a refused attempt to take a page down early in the audit log, and in the server log."""
    logger.warning("Refused %s of %r (pk=%s): %s", path, page.title, page.pk, message)
    log(
        instance=page.specific_deferred,
        action=rules.REFUSED_ACTION,
        user=user,
        data={"path": path, "reason": message},
    )


def _was_live(page):
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
    specific = page if queries.is_window_model(type(page)) else page.specific_deferred
    if page.live:
        transition = {"live_since": now}
    else:
        withdrawing = page.pk in _authorised_takedowns.get()
        if not withdrawing:
            stored = type(specific).objects.get(pk=page.pk)
            if rules.is_in_window(stored, now):
                message = rules.stay_public_message(stored, now)
                log_refusal(page, None, "save", message)
                raise PublicationWindowError(message)
        transition = {"taken_down_at": now, "takedown_kind": rules.takedown_kind_for(page, withdrawing)}
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
    if rules.is_in_window(page, now):
        message = rules.stay_public_message(page, now)
        log_refusal(page, None, "delete", message)
        raise PublicationWindowError(message)


def guard_view_restriction(page):
    """Refuse making a page or its ancestors private while a page below is in its window."""
    message = queries.refusal_for(page)
    if message:
        log_refusal(page, None, "privacy", message)
        raise PublicationWindowError(message)


def guard_collection_restriction(collection):
    message = queries.collection_refusal(collection)
    if message:
        logger.warning("Refused making collection %r private: %s", collection.name, message)
        raise PublicationWindowError(message)


def guard_document_collection(document):
    stored = type(document).objects.filter(pk=document.pk).values_list("collection_id", flat=True).first()
    if stored is None or stored == document.collection_id:
        return
    message = queries.document_collection_refusal(document, document.collection)
    if message:
        logger.warning("Refused moving document %r to a private collection: %s", document.title, message)
        raise PublicationWindowError(message)


def guard_site_change(site, deleting=False):
    message = queries.site_change_refusal(site, None if deleting else site.root_page)
    if message:
        logger.warning(
            "Refused %s of site %r: %s", "deletion" if deleting else "re-rooting", site.hostname, message
        )
        raise PublicationWindowError(message)
