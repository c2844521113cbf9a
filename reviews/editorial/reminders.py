"""What partnership administrators must decide soon: publication windows ending and takedowns due.

The daily reminder email (`send_publication_reminders`) and the administrators' dashboard panel
show the same two lists, worked out here.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from reviews.page_rows import PageRow
from reviews.window import queries, rules

HORIZON_DAYS = 30
HORIZON = datetime.timedelta(days=HORIZON_DAYS)


@dataclass
class DuePage(PageRow):
    """A review or Learning on a Page and the moment that puts it on the list."""

    page: Page
    due: datetime.datetime

    @property
    def due_label(self):
        return rules.format_moment(self.due)

    @property
    def scheduled_takedown_label(self):
        return rules.format_moment(self.page.expire_at) if self.page.expire_at else None


def windows_ending(now=None):
    """Live pages whose year on the site ends within the next 30 days, soonest first."""
    now = now or timezone.now()
    due = []
    for model in queries.window_page_models():
        candidates = model.objects.live().filter(
            live_since__gt=now - rules.LONGEST_YEAR,
            live_since__lte=now + HORIZON - rules.SHORTEST_YEAR,
        )
        for page in candidates:
            earliest = rules.earliest_takedown(page, now)
            if now < earliest <= now + HORIZON:
                due.append(DuePage(page, earliest))
    return sorted(due, key=lambda row: (row.due, row.title))


def takedowns_scheduled(now=None):
    """Live pages with a takedown date within the next 30 days, soonest first."""
    now = now or timezone.now()
    due = [
        DuePage(page, page.expire_at)
        for model in queries.window_page_models()
        for page in model.objects.live().filter(expire_at__gt=now, expire_at__lte=now + HORIZON)
    ]
    return sorted(due, key=lambda row: (row.due, row.title))


def reminder_email(ending, scheduled):
    """The subject and plain-text body of the daily reminder."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    body = render_to_string(
        "reviews/admin/publication_reminder_email.txt",
        {
            "windows_ending": ending,
            "takedowns_scheduled": scheduled,
            "horizon_days": HORIZON_DAYS,
            "base_url": base_url,
            "report_url": base_url + reverse("publication_windows_report"),
        },
    )
    parts = []
    if ending:
        parts.append(f"{len(ending)} publication window{'s' if len(ending) != 1 else ''} ending")
    if scheduled:
        parts.append(f"{len(scheduled)} takedown{'s' if len(scheduled) != 1 else ''} scheduled")
    return f"Reviews in the next {HORIZON_DAYS} days: {' and '.join(parts)}", body
