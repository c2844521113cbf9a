"""The one event alerts listen for: something went live. Every route to going live reaches it.

Wagtail sends `page_published` whichever way a page goes live (the editor, a workflow
approval, a bulk publish, the scheduler, a reinstatement, code calling `publish`). Code that
saves a page live without publishing sends nothing, so the periodic job also looks for live
pages never announced (`announce_missed_pages`): what no signal reports is still announced.
"""

from django.utils import timezone
from wagtail.models import Page

from learning.alerts import sources
from learning.alerts.models import Announcement, Topic
from reviews import kinds

PAGE_TOPICS = [Topic.REVIEWS, Topic.LEARNING]


def record_went_live(page, now=None):
    """Announce, once each, whatever went live with this page; the new announcements.

    Wagtail sends `page_published` also when publishing only schedules a page for later: such a
    page is not live yet, and is announced when the scheduler makes it live. An alias shows the
    same content as its original, which is announced already.
    """
    if not page.live or page.alias_of_id:
        return []
    now = now or timezone.now()
    created = []
    for source in sources.SOURCES.values():
        for key in source.went_live(page):
            announcement, new = Announcement.objects.get_or_create(
                key=key, defaults={"topic": source.topic, "page_id": page.pk, "went_live_at": now}
            )
            if new:
                created.append(announcement)
    return created


def announce_missed_pages(now=None):
    """Announce live pages of a listed kind that no publication reported (code saved them live)."""
    content_type_ids = [kind.content_type_id for kind in kinds.ALL_KINDS]
    announced = Announcement.objects.filter(topic__in=PAGE_TOPICS).values("page_id")
    missed = (
        Page.objects.filter(live=True, content_type_id__in=content_type_ids, alias_of__isnull=True)
        .exclude(pk__in=announced)
        .order_by("path")
    )
    created = []
    for page in missed:
        created += record_went_live(page, now)
    return created
