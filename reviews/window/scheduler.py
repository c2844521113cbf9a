"""What the scheduler does with a publication whose go-live time has passed.

It publishes it. When it runs late (after an outage, say), a takedown date approved as the
earliest allowed would fall inside the year that only starts now, and the save guard would refuse
the publication on every run: instead the date moves to the new earliest moment, the page's
history records the move and administrators are e-mailed the old and the new date. Whatever it
cannot publish, for any reason, is held: administrators see it on their dashboard and are
e-mailed about it once, not on every run.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.log_actions import log
from wagtail.models import Page

from reviews.window import actions, queries, rules
from reviews.window.models import HeldPublication


@dataclass(frozen=True)
class MovedTakedown:
    """A takedown date the scheduler moved because the page went live later than scheduled."""

    page: Page
    due: datetime.datetime
    old: datetime.datetime
    new: datetime.datetime

    @property
    def message(self):
        page = self.page
        return rules.takedown_moved_message(page.title, self.due, page.live_since, self.old, self.new)


def too_early_takedown(revision, now=None):
    """The takedown date of a due revision that would fall inside the year publishing it now starts, or None.

    A live page keeps the year it is in; a page going live starts its year now, not at the go-live
    time the date was approved against.
    """
    now = now or timezone.now()
    page = revision.as_object()
    if not queries.is_window_model(type(page)) or page.expire_at is None:
        return None
    live = queries.live_version(page)
    going_live = SimpleNamespace(live=True, live_since=live.live_since if live else now)
    return page.expire_at if page.expire_at < rules.earliest_takedown(going_live, now) else None


def publish(revision, now=None):
    """Publish a due revision, moving a takedown date its lateness made too early; the move, or None.

    Raises the refusal when the revision cannot be published, and then nothing has changed: it is
    one transaction, so the revision keeps its go-live time and its takedown date.
    """
    due = revision.approved_go_live_at
    old = too_early_takedown(revision, now)
    try:
        with transaction.atomic():
            if old is not None:
                # Published without the date, which is then set from the year the publication started.
                _write_takedown(revision, None)
            revision.publish(log_action="wagtail.publish.scheduled")
            moved = _move_takedown(revision, due, old) if old is not None else None
    except Exception:
        # The revision in hand is put back as stored too, for the scheduler's next try in this run.
        revision.refresh_from_db()
        raise
    if moved is not None:
        body = f"{moved.message}\n\nThe page in the admin: {_admin_link(moved.page)}"
        actions.email_administrators(f"Takedown date moved: “{moved.page.title}”", body, about=moved.page)
    return moved


def _move_takedown(revision, due, old):
    """Set the just-published page's takedown date to the earliest its year allows, here and in its drafts."""
    page = type(revision.content_object).objects.get(pk=revision.object_id)
    new = rules.earliest_takedown(page)
    page.expire_at = new
    page.save(update_fields=["expire_at"], clean=False)
    _write_takedown(revision, new)
    latest = page.get_latest_revision()
    if latest.pk != revision.pk and parse_datetime(latest.content.get("expire_at") or "") == old:
        _write_takedown(latest, new)
    log(
        instance=page,
        action=rules.TAKEDOWN_MOVED_ACTION,
        data={"old": old.isoformat(), "new": new.isoformat(), "due": due.isoformat() if due else None},
    )
    return MovedTakedown(page, due, old, new)


def _write_takedown(revision, expire_at):
    revision.content["expire_at"] = expire_at
    revision.save(update_fields=["content"])


def _admin_link(obj):
    path = AdminURLFinder().get_edit_url(obj) or ""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def hold(refused):
    """Keep the held publications to this run's refusals, `(revision, reason)` pairs.

    Administrators are e-mailed about each new one, or new reason, once; a mail that could not be
    sent is tried again on the next run.
    """
    kept = []
    for revision, reason in refused:
        held, created = HeldPublication.objects.get_or_create(revision=revision, defaults={"reason": reason})
        if not created and held.reason != reason:
            HeldPublication.objects.filter(pk=held.pk).update(reason=reason, emailed=False)
        kept.append(held.pk)
    HeldPublication.objects.exclude(pk__in=kept).delete()
    unsent = list(HeldPublication.objects.filter(emailed=False).select_related("revision"))
    subject = rules.held_publication_notice(len(unsent))
    if unsent and actions.email_administrators(subject, _held_body(unsent)):
        HeldPublication.objects.filter(pk__in=[held.pk for held in unsent]).update(emailed=True)


def _held_body(held_publications):
    lines = [
        "The scheduler could not publish these at their go-live time; it tries again every minute or so:",
        "",
    ]
    for held in held_publications:
        revision = held.revision
        due = revision.approved_go_live_at
        due = rules.format_moment(due) if due else "(no longer scheduled)"
        lines += [
            f"- “{revision.object_str}”, due {due}: {held.reason}",
            f"  {_admin_link(revision.content_object)}",
        ]
    lines += ["", "They are listed on your dashboard until they go live or are no longer scheduled."]
    return "\n".join(lines)


def held_publications():
    """What the scheduler holds now, oldest first, for the administrators' dashboard."""
    return list(HeldPublication.objects.select_related("revision"))
