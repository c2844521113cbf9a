"""The statutory notice: a CSPR's full report reaches the national Panel before it is published.

Working Together requires the partnership to send the full report to the national Child
Safeguarding Practice Review Panel and the Secretary of State no later than seven working days
before the publication date. The editor form, the workflow's Statutory notice and Moderator
approval steps, the bulk publish hook and the CSPR's own save (the scheduler and any code that
publishes) all ask this module; the working-day arithmetic and the wording of every refusal live here.
"""

import datetime
from functools import cache

import holidays
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateformat import format as format_date

from reviews import kinds
from reviews.window.rules import PARTNERSHIP_TIME_ZONE

ONE_DAY = datetime.timedelta(days=1)


def notice_working_days():
    """How many working days the Panel must have the report before publication (a setting)."""
    return settings.CSPR_PANEL_NOTICE_WORKING_DAYS


@cache
def bank_holidays(year):
    """England and Wales bank holidays (they share one calendar), substitute days included."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day):
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def earliest_publication_date(notified_on):
    """The first date on which a report sent on `notified_on` may be published.

    "No later than seven working days before the publication date" means counting back seven
    working days from the publication date must not land before the day the report was sent. So
    the sending day counts if it is a working day, the publication day does not, and a report
    sent on a Thursday may go out on the Saturday of the following week.
    """
    day = notified_on
    remaining = notice_working_days()
    while remaining > 0:
        if is_working_day(day):
            remaining -= 1
        day += ONE_DAY
    return day


def format_day(day):
    return format_date(day, "j F Y")


def publication_moment(go_live_at):
    """When publishing happens: the scheduled go-live time if it is in the future, otherwise now."""
    now = timezone.now()
    return go_live_at if go_live_at and go_live_at > now else now


def refusal(notified_on, publish_at):
    """Why a CSPR with this notice date cannot be published at `publish_at`, or None if it can."""
    working_days = notice_working_days()
    if notified_on is None:
        return (
            "Record the date the full report was sent to the national Child Safeguarding Practice "
            "Review Panel and the Secretary of State before the review goes live. It must reach them "
            f"at least {working_days} working days before the review is published."
        )
    earliest = earliest_publication_date(notified_on)
    if timezone.localtime(publish_at, PARTNERSHIP_TIME_ZONE).date() < earliest:
        return (
            f"The full report was sent to the Panel and the Secretary of State on "
            f"{format_day(notified_on)}, so the earliest allowed publication date is "
            f"{format_day(earliest)} ({working_days} working days' notice, not counting weekends "
            "and bank holidays). It can go live on or after that date: set a go-live date then or later "
            "(Status › Set schedule), or wait until that date."
        )
    return None


def is_cspr(page):
    return isinstance(page, kinds.CSPR.model)


def is_already_live(page):
    """A page already on the site had its notice checked when it was first published."""
    return bool(page.pk) and type(page).objects.filter(pk=page.pk, live=True).exists()


def applies_to(page):
    return is_cspr(page) and not is_already_live(page)


def page_refusal(page):
    """Why publishing this page now (or at its go-live time) would break the notice rule, or None."""
    if not applies_to(page):
        return None
    return refusal(page.panel_notified_on, publication_moment(page.go_live_at))


def bulk_publish_refusal(pages):
    """Why publishing these pages together cannot go ahead, naming each one held back, or None."""
    held_back = [(page, page_refusal(page)) for page in pages]
    reasons = [f"“{page.get_admin_display_title()}”: {message}" for page, message in held_back if message]
    return f"Nothing has been published. {' '.join(reasons)}" if reasons else None


def check_going_live(page):
    """Refuse saving a CSPR that goes live now (it was not live before) without the notice."""
    if page.live and applies_to(page):
        message = refusal(page.panel_notified_on, timezone.now())
        if message:
            raise ValidationError({"panel_notified_on": message})


def check_notice_date_not_in_future(page):
    notified_on = page.panel_notified_on
    if notified_on and notified_on > timezone.localdate(timezone=PARTNERSHIP_TIME_ZONE):
        raise ValidationError(
            {"panel_notified_on": "Enter the date the report was actually sent; it cannot be in the future."}
        )
