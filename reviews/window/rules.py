"""The rule itself: date arithmetic and the wording of every refusal, with no database access.

Everything that decides whether a page may come down asks these functions; nothing else
repeats the arithmetic. Pages are read only through their attributes (`live`, `live_since`,
`go_live_at`, `expire_at`, `takedown_kind`, `taken_down_at`, `title`).
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import timezone
from django.utils.dateformat import format as format_date

PARTNERSHIP_TIME_ZONE = ZoneInfo("Europe/London")

TAKEDOWN_CODENAME = "schedule_takedown"
WITHDRAW_CODENAME = "withdraw_review"
TAKEDOWN_PERMISSION = f"reviews.{TAKEDOWN_CODENAME}"
WITHDRAW_PERMISSION = f"reviews.{WITHDRAW_CODENAME}"

TAKEDOWN_SCHEDULED_ACTION = "reviews.takedown.scheduled"
TAKEDOWN_CHANGED_ACTION = "reviews.takedown.changed"
TAKEDOWN_CLEARED_ACTION = "reviews.takedown.cleared"
TAKEDOWN_MOVED_ACTION = "reviews.takedown.moved"
REFUSED_ACTION = "reviews.window.refused"
WITHDRAW_ACTION = "reviews.withdraw"
REINSTATE_ACTION = "reviews.reinstate"

# A calendar year is never longer than this, nor shorter than the other (a day to spare for
# clock changes); used only to narrow database queries before the exact check, so each errs on
# the side of looking at more pages, not fewer.
LONGEST_YEAR = datetime.timedelta(days=367)
SHORTEST_YEAR = datetime.timedelta(days=364)


class TakedownKind(TextChoices):
    EXPIRED = "expired", "Scheduled takedown"
    UNPUBLISHED = "unpublished", "Unpublished after its window"
    WITHDRAWN = "withdrawn", "Withdrawn early"


class WindowStatus(TextChoices):
    IN_WINDOW = "in_window", "Live – in window"
    WINDOW_ENDED = "window_ended", "Live – window ended"
    SCHEDULED = "scheduled", "Scheduled"
    WITHDRAWN = "withdrawn", "Withdrawn"
    TAKEN_DOWN = "taken_down", "Taken down"
    DRAFT = "draft", "Draft"


def one_calendar_year_after(moment):
    """The same local date and time a year later; 29 February maps to 1 March."""
    local = timezone.localtime(moment, PARTNERSHIP_TIME_ZONE)
    try:
        anniversary = local.date().replace(year=local.year + 1)
    except ValueError:
        anniversary = datetime.date(local.year + 1, 3, 1)
    return datetime.datetime.combine(anniversary, local.time(), tzinfo=PARTNERSHIP_TIME_ZONE)


def end_of_year_on_site(start):
    """When a page that went live at `start` may first come down: a calendar year later, rounded
    up to the whole minute, since takedown dates are entered to the minute. The moment shown is
    then exactly the earliest one accepted."""
    end = one_calendar_year_after(start)
    if end.second or end.microsecond:
        end = end.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    return end


def window_start(page, now=None):
    """When the page's year starts: when it last went live, its scheduled go-live, or now."""
    now = now or timezone.now()
    if page.live:
        return page.live_since or now
    if page.go_live_at and page.go_live_at > now:
        return page.go_live_at
    return now


def earliest_takedown(page, now=None):
    return end_of_year_on_site(window_start(page, now))


def is_in_window(page, now=None):
    """True while a live window page must not be taken down."""
    now = now or timezone.now()
    return bool(page.live) and earliest_takedown(page, now) > now


def whole_days_remaining(page, now=None):
    """Whole days until an in-window page may come down; None once its window is over."""
    now = now or timezone.now()
    return (earliest_takedown(page, now) - now).days if is_in_window(page, now) else None


def window_status(page, now=None):
    """Where the page stands in its publication window, as administrators think of it."""
    now = now or timezone.now()
    if page.live:
        return WindowStatus.IN_WINDOW if is_in_window(page, now) else WindowStatus.WINDOW_ENDED
    if page.go_live_at and page.go_live_at > now:
        return WindowStatus.SCHEDULED
    if page.takedown_kind == TakedownKind.WITHDRAWN:
        return WindowStatus.WITHDRAWN
    if page.taken_down_at:
        return WindowStatus.TAKEN_DOWN
    return WindowStatus.DRAFT


def takedown_kind_for(page, withdrawing):
    """How a page that is coming down now is recorded."""
    if withdrawing:
        return TakedownKind.WITHDRAWN
    return TakedownKind.EXPIRED if page.expired else TakedownKind.UNPUBLISHED


def format_moment(moment):
    local = timezone.localtime(moment, PARTNERSHIP_TIME_ZONE)
    return f"{format_date(local, 'j F Y')} at {format_date(local, 'H:i')}"


def stay_public_message(page, now=None):
    return f"This review must stay public until at least {format_moment(earliest_takedown(page, now))}."


def takedown_date_refusal(page, expire_at, now=None):
    """The refusal for a takedown date inside the window, or None when the date is allowed."""
    if expire_at is not None and expire_at < earliest_takedown(page, now):
        return stay_public_message(page, now)
    return None


def check_takedown_date(page, expire_at):
    message = takedown_date_refusal(page, expire_at)
    if message:
        raise ValidationError({"expire_at": message})


def takedown_applied_message(page):
    """What an administrator is told once a live page's takedown date is set or cleared."""
    if page.expire_at is None:
        return f"The takedown date of “{page.title}” is cleared: it stays live until someone takes it down."
    return (
        f"“{page.title}” will be taken down on {format_moment(page.expire_at)}. The date applies to "
        "the live page now; any other changes stay in the draft until it is published."
    )


def takedown_date_not_saved_message(reason):
    return f"The takedown date was not saved. {reason}"


def not_done_message(what_happened, reasons):
    """One banner for a refused change: what did not happen, then every reason."""
    return " ".join([what_happened, *reasons])


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


def scheduler_hold_message(page, now=None):
    """Why the scheduler keeps a page live although its takedown time has passed."""
    return (
        f"{stay_public_message(page, now)} Its takedown date "
        f"({format_moment(page.expire_at)}) is too early, so it stays live."
    )


def takedown_moved_message(title, due, went_live, old, new):
    """Why the scheduler moved a takedown date: the page went live later than it was scheduled to."""
    return (
        f"“{title}” was scheduled to go live on {format_moment(due)} but went live on "
        f"{format_moment(went_live)}. A review stays public for at least a year from when it goes live, "
        f"so its takedown date moved from {format_moment(old)} to {format_moment(new)}, the earliest allowed."
    )


def held_publication_notice(count):
    """The subject of the mail that tells administrators scheduled publications did not go live."""
    return f"Action needed: {count} scheduled publication{'s' if count != 1 else ''} did not go live"


def own_submission_refusal(title, doing="approve"):
    """Why the person who submitted a page may not approve or publish it (`doing`)."""
    return (
        f"You submitted “{title}” for moderation, so you cannot {doing} it yourself. "
        "Another moderator or partnership administrator must approve it."
    )


def own_changes_refusal(title, doing="approve"):
    """Why someone who changed a page since it was submitted may not approve or publish it (`doing`)."""
    return (
        f"You changed “{title}” after it was submitted, so you cannot {doing} it yourself. "
        "Save your changes as a draft; another moderator or partnership administrator must approve them."
    )


def not_an_approver_refusal(title, step, groups):
    return (
        f"“{title}” is at the step “{step}”, which only members of {groups} approve, so you cannot "
        "approve it; it waits for one of them."
    )


def withdrawn_notice(withdrawn_at, withdrawn_by, reason):
    """What everyone who opens a withdrawn page in the admin reads first."""
    return f"Withdrawn on {format_moment(withdrawn_at)} by {withdrawn_by}: {reason}"


def withdrawn_refusal(page):
    """Why a withdrawn page cannot be published, approved or scheduled back onto the site."""
    when = f" on {format_moment(page.taken_down_at)}" if page.taken_down_at else ""
    return (
        f"“{page.title}” was withdrawn{when}, so it cannot be published again this way. Only a "
        "partnership administrator can bring it back, with “Reinstate…” and a written reason."
    )


def must_follow_refusal(page, prerequisite):
    """Why a page (a Learning on a Page) cannot go live before the review it belongs to, or None."""
    if prerequisite is None or prerequisite.live:
        return None
    return (
        f"“{page.title}” cannot go live before its review “{prerequisite.title}” is published: "
        "a Learning on a Page never appears before the review it summarises. Publish the review "
        "first; a scheduled Learning on a Page waits for it."
    )
