"""The last line of defence: checks that refuse, whatever code path reached the database.

The permission tester and admin views refuse first, with a clear message; these run from model
signals (see `receivers`), so scripts, shell sessions, bulk actions and other apps meet them too.
"""

import contextlib
import contextvars
import logging
from types import SimpleNamespace

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.log_actions import get_active_log_context, log
from wagtail.models import Collection, Page

from reviews.window import addresses, queries, rules

logger = logging.getLogger(__name__)

# The pages an action (withdrawal) has authorised to come down inside their window, for the
# duration of that action only; nothing else can add to it.
_authorised_takedowns = contextvars.ContextVar("authorised_takedowns", default=frozenset())


# The withdrawn pages an administrator's reinstatement may bring back, for that action only.
_authorised_reinstatements = contextvars.ContextVar("authorised_reinstatements", default=frozenset())

_authorised_document_changes = contextvars.ContextVar("authorised_document_changes", default=frozenset())


# The refusals raised while one request is handled, so the admin can say why (see `middleware`).
_refusals_in_this_request = contextvars.ContextVar("refusals_in_this_request", default=None)


class PublicationWindowError(PermissionDenied):
    """Raised when code tries to take an in-window page down, or to hide it some other way."""

    def __init__(self, message):
        super().__init__(message)
        report_refusal(message)


def report_refusal(message):
    """Say why a change was refused, in the admin, when it was caught before it could explain itself."""
    refusals = _refusals_in_this_request.get()
    if refusals is not None:
        refusals.append(message)


@contextlib.contextmanager
def refusals_collected():
    """Within this block, every refusal raised is also added to the list it yields."""
    refusals = []
    token = _refusals_in_this_request.set(refusals)
    try:
        yield refusals
    finally:
        _refusals_in_this_request.reset(token)


@contextlib.contextmanager
def takedown_authorised(page_ids):
    """Within this block, saving these pages as not live is an authorised early takedown."""
    token = _authorised_takedowns.set(_authorised_takedowns.get() | frozenset(page_ids))
    try:
        yield
    finally:
        _authorised_takedowns.reset(token)


@contextlib.contextmanager
def reinstatement_authorised(page_ids):
    """Within this block, these withdrawn pages may go live again (a reinstatement)."""
    token = _authorised_reinstatements.set(_authorised_reinstatements.get() | frozenset(page_ids))
    try:
        yield
    finally:
        _authorised_reinstatements.reset(token)


@contextlib.contextmanager
def document_change_authorised(page_id, field):
    """Within this block, this page may link another document in this field (a correction)."""
    token = _authorised_document_changes.set(_authorised_document_changes.get() | {(page_id, field)})
    try:
        yield
    finally:
        _authorised_document_changes.reset(token)


def log_refusal(page, user, path, message):
    """Record a refused attempt to take a page down early in the audit log, and in the server log."""
    logger.warning("Refused %s of %r (pk=%s): %s", path, page.title, page.pk, message)
    log(
        instance=page.specific_deferred,
        action=rules.REFUSED_ACTION,
        user=user,
        data={"path": path, "reason": message},
    )


# The window record: written here from what happens to the page, never taken from the instance
# being saved, which may come from an old revision, an alias update, a copy or any code.
WINDOW_RECORD = ("live_since", "taken_down_at", "takedown_kind")
EMPTY_RECORD = {"live_since": None, "taken_down_at": None, "takedown_kind": ""}
STORED_STATE = ("live", "live_revision_id", "go_live_at", "expire_at", *WINDOW_RECORD)


def _document_fields(page):
    return [f"{name}_id" for name in queries.document_field_names(type(page))]


def _stored_state(page):
    """What the database holds for the page before this save, or None for a new page."""
    if not page.pk:
        return None
    fields = (*STORED_STATE, *_document_fields(page))
    return page.specific_class.objects.filter(pk=page.pk).values(*fields).first()


def before_page_save(page, update_fields=None, now=None):
    """Keep the window record to what happened, and refuse an early takedown or takedown date.

    Runs for every save of a window page, whatever path made it (editor, workflow, revert,
    alias update, copy, scheduler, bulk action, code), including saves of the plain `Page` row
    that skip the specific model.
    """
    now = now or timezone.now()

    def writes(field):
        return update_fields is None or field in update_fields

    stored = _stored_state(page)
    record = {field: stored[field] for field in WINDOW_RECORD} if stored else dict(EMPTY_RECORD)
    was_live = bool(stored and stored["live"])
    as_stored = SimpleNamespace(title=page.title, **{**EMPTY_RECORD, "go_live_at": None, **(stored or {})})
    if not writes("live"):
        pass
    elif page.live and not was_live:
        reinstating = page.pk in _authorised_reinstatements.get()
        _refuse_going_live(page, as_stored, reinstating)
        record["live_since"] = now
        if reinstating:
            record.update(taken_down_at=None, takedown_kind="")
    elif was_live and not page.live:
        withdrawing = page.pk in _authorised_takedowns.get()
        if not withdrawing and rules.is_in_window(as_stored, now):
            message = rules.stay_public_message(as_stored, now)
            log_refusal(page, None, "save", message)
            raise PublicationWindowError(message)
        record.update(taken_down_at=now, takedown_kind=rules.takedown_kind_for(page, withdrawing))
    if (
        writes("expire_at")
        and page.live
        and page.expire_at
        and page.expire_at != (stored or {}).get("expire_at")
    ):
        # A takedown date can also arrive in a revision (a revert, an old draft approved).
        going_live = SimpleNamespace(live=True, live_since=record["live_since"], go_live_at=page.go_live_at)
        message = rules.takedown_date_refusal(going_live, page.expire_at, now)
        if message:
            log_refusal(page, None, "takedown date", message)
            raise PublicationWindowError(message)
    if page.live:
        _refuse_publishing_by_an_author(page, stored, writes)
        _refuse_document_changes(page, stored, as_stored if was_live else None, writes, now)
    if queries.is_window_model(type(page)):
        for field, value in record.items():
            setattr(page, field, value)
    changed = stored is not None and any(record[field] != stored[field] for field in WINDOW_RECORD)
    written_with_the_row = queries.is_window_model(type(page)) and all(writes(f) for f in WINDOW_RECORD)
    if changed and not written_with_the_row:
        page._publication_window_transition = (page.specific_class, record)


def _refuse_going_live(page, as_stored, reinstating):
    """A withdrawn page comes back only by reinstatement; a Learning on a Page never before its review."""
    message = None
    if as_stored.takedown_kind == rules.TakedownKind.WITHDRAWN and not reinstating:
        message = rules.withdrawn_refusal(as_stored)
    else:
        specific = page if queries.is_window_model(type(page)) else page.specific
        message = rules.must_follow_refusal(page, specific.must_follow())
    if message:
        log_refusal(page, None, "publish", message)
        raise PublicationWindowError(message)


def _refuse_publishing_by_an_author(page, stored, writes):
    """A new live version, published by someone in the admin who may not publish it (their own submission).

    The tester refuses first on every route with a user; this holds where a route skips it. The
    user is the one Wagtail's admin records actions under; code run outside the admin has none.
    """
    publishing = writes("live_revision") and page.live_revision_id != (stored or {}).get("live_revision_id")
    user = get_active_log_context().user
    if not publishing or user is None:
        return
    message = queries.publishing_refusal(page, user)
    if message:
        log_refusal(page, user, "publish", message)
        raise PublicationWindowError(message)


def _refuse_document_changes(page, stored, live, writes, now):
    """The rule the editor form and the workflow ask (`queries.document_refusal`), for every save.

    Only a correction, which authorises its one field, may change what an in-window page linked.
    """
    for name in queries.document_field_names(type(page)):
        unchanged = getattr(page, f"{name}_id") == (stored or {}).get(f"{name}_id")
        if unchanged or not writes(name) or (page.pk, name) in _authorised_document_changes.get():
            continue
        message = queries.document_refusal(live, name, getattr(page, name), now)
        if message:
            log_refusal(page, None, "document", message)
            raise PublicationWindowError(message)


def after_page_save(page):
    """Store a transition on the specific row when only the plain `Page` row was saved."""
    pending = page.__dict__.pop("_publication_window_transition", None)
    if pending:
        model, transition = pending
        model.objects.filter(pk=page.pk).update(**transition)


def guard_address(page):
    """Refuse a page taking the address at which another page inside its window was published."""
    message = addresses.address_refusal(page.url_path, page.pk)
    if message:
        log_refusal(page, None, "address", message)
        raise PublicationWindowError(message)


def guard_deletion(page, now=None):
    """Refuse deleting an in-window page, also when it goes with a deleted ancestor."""
    if rules.is_in_window(page, now):
        message = rules.stay_public_message(page, now)
        log_refusal(page, None, "delete", message)
        raise PublicationWindowError(message)


def guard_move(page, parent_after):
    """Refuse moving in-window pages where the public cannot reach them, whoever or whatever moves them."""
    if queries.is_public(parent_after):
        return
    message = queries.refusal_for(page)
    if message:
        log_refusal(page, None, "move", message)
        raise PublicationWindowError(message)


def guard_moved_page(moved_path, old_parent_path):
    """Check a page move again inside the move's own transaction, holding the window lock.

    `pre_page_move` refuses first, with the audit entry; this catches a page made private while
    the move was under way, and moves that skip Wagtail's move action (treebeard's own `move`).
    """
    if moved_path[: -Page.steplen] == old_parent_path:
        return
    queries.hold_window_lock()
    moved = Page.objects.get(path=moved_path)
    guard_move(moved, moved.get_parent())


def guard_view_restriction(page):
    """Refuse making a page or its ancestors private while a page below is in its window."""
    queries.hold_window_lock()
    message = queries.refusal_for(page)
    if message:
        log_refusal(page, None, "privacy", message)
        raise PublicationWindowError(message)


def guard_collection_restriction(collection):
    queries.hold_window_lock()
    message = queries.collection_refusal(collection)
    if message:
        logger.warning("Refused making collection %r private: %s", collection.name, message)
        raise PublicationWindowError(message)


def guard_moved_collection(moved_path, old_parent_path):
    """Refuse moving a collection under a private one while an in-window page links a document in it."""
    queries.hold_window_lock()
    collection = Collection.objects.get(path=moved_path)
    message = queries.collection_move_refusal(collection, old_parent_path)
    if message:
        logger.warning(
            "Refused moving collection %r under a private collection: %s", collection.name, message
        )
        raise PublicationWindowError(message)


def guard_document(document):
    """Refuse replacing the file of, or hiding, a document that a review inside its window links."""
    stored = type(document).objects.filter(pk=document.pk).values("collection_id", "file").first()
    if stored is None:
        return
    if stored["file"] != document.file.name:
        message = queries.document_file_refusal(document)
        if message:
            logger.warning("Refused replacing the file of document %r: %s", document.title, message)
            raise PublicationWindowError(message)
    if stored["collection_id"] != document.collection_id:
        message = queries.document_collection_refusal(document, document.collection)
        if message:
            logger.warning("Refused moving document %r to a private collection: %s", document.title, message)
            raise PublicationWindowError(message)


def guard_site_change(site, deleting=False):
    message = queries.site_change_refusal(site, deleting=deleting)
    if message:
        logger.warning(
            "Refused %s of site %r: %s", "deletion" if deleting else "change", site.hostname, message
        )
        raise PublicationWindowError(message)
