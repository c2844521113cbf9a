"""The national Panel gets a CSPR's full report at least seven working days before it is published."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision
from wagtail.test.utils.form_data import querydict_from_html

from reviews.editorial import statutory_notice
from reviews.models import CSPRPage
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

LONDON = ZoneInfo("Europe/London")
date = datetime.date


def at(day, hour=9, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 25),  # Christmas Day, a Friday
        date(2026, 12, 28),  # Boxing Day falls on a Saturday, so the Monday is the bank holiday
        date(2027, 1, 1),  # New Year's Day
        date(2027, 12, 27),  # Christmas Day 2027 is a Saturday: substitute Monday
        date(2027, 12, 28),  # and Boxing Day a Sunday: substitute Tuesday
        date(2028, 1, 3),  # New Year's Day 2028 is a Saturday: substitute Monday
        date(2027, 3, 29),  # Easter Monday
        date(2026, 11, 28),  # a Saturday
        date(2026, 11, 29),  # a Sunday
    ],
)
def test_weekends_and_england_and_wales_bank_holidays_are_not_working_days(day):
    assert not statutory_notice.is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2026, 12, 24), date(2026, 12, 29), date(2027, 1, 4), date(2026, 11, 26)]
)
def test_ordinary_weekdays_around_the_holidays_are_working_days(day):
    assert statutory_notice.is_working_day(day)


def test_over_christmas_and_new_year_the_holidays_push_the_earliest_publication_back():
    # Counting 22 December 2026 itself: 22, 23, 24, 29, 30, 31 December and 4 January. Christmas
    # Day, the Boxing Day substitute (28th) and New Year's Day do not count; without them the
    # report could go out on 31 December.
    assert statutory_notice.earliest_publication_date(date(2026, 12, 22)) == date(2027, 1, 5)


def test_a_report_sent_seven_working_days_before_a_bank_holiday_may_be_published_on_it():
    assert statutory_notice.earliest_publication_date(date(2026, 12, 21)) == date(2027, 1, 1)


def test_publication_may_fall_on_a_weekend_once_seven_working_days_have_passed():
    # Sent on Thursday 5 November 2026: Thu, Fri, Mon–Fri are the seven working days.
    assert statutory_notice.earliest_publication_date(date(2026, 11, 5)) == date(2026, 11, 14)


def test_a_report_sent_at_the_weekend_starts_counting_on_the_monday():
    assert statutory_notice.earliest_publication_date(date(2026, 11, 7)) == date(2026, 11, 18)


def test_seven_working_days_before_publication_is_accepted_and_six_is_refused():
    publish_at = at(date(2027, 1, 4))

    assert statutory_notice.refusal(date(2026, 12, 21), publish_at) is None
    message = statutory_notice.refusal(date(2026, 12, 22), publish_at)

    assert message == (
        "The full report was sent to the Panel and the Secretary of State on 22 December 2026, so the "
        "earliest allowed publication date is 5 January 2027 (7 working days' notice, not counting "
        "weekends and bank holidays). It can go live on or after that date: set a go-live date then or "
        "later (Status › Set schedule), or wait until that date."
    )


def test_across_a_weekend_six_working_days_are_refused_and_seven_accepted():
    publish_at = at(date(2026, 11, 16))  # a Monday

    assert statutory_notice.refusal(date(2026, 11, 5), publish_at) is None  # Thursday, seven back
    assert "earliest allowed publication date is 17 November 2026" in statutory_notice.refusal(
        date(2026, 11, 6), publish_at
    )


def test_the_publication_date_is_the_partnerships_local_date():
    # 1 July 2026 is the earliest date for a report sent on 22 June. At 23:30 UTC on 30 June it is
    # already 1 July in London (summer time).
    notified_on = date(2026, 6, 22)
    assert statutory_notice.earliest_publication_date(notified_on) == date(2026, 7, 1)

    assert (
        statutory_notice.refusal(notified_on, datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
        is None
    )
    assert statutory_notice.refusal(notified_on, datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC))


def test_without_a_notice_date_publication_is_refused_with_what_to_record():
    message = statutory_notice.refusal(None, at(date(2027, 1, 4)))

    assert message.startswith("Record the date the full report was sent to the national Child Safeguarding")
    assert "at least 7 working days before" in message


def test_the_notice_period_comes_from_the_settings(settings):
    settings.CSPR_PANEL_NOTICE_WORKING_DAYS = 3

    assert statutory_notice.earliest_publication_date(date(2026, 12, 21)) == date(2026, 12, 24)
    assert "(3 working days' notice" in statutory_notice.refusal(date(2026, 12, 22), at(date(2026, 12, 24)))


# --- every way of going live --------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_a_cspr_from_code_without_the_notice_is_refused(review_index):
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=None)

    with pytest.raises(ValidationError) as refused:
        review.save_revision().publish()

    assert "panel_notified_on" in refused.value.message_dict
    assert not CSPRPage.objects.get(pk=review.pk).live


@pytest.mark.django_db
def test_creating_a_cspr_already_live_from_code_is_refused_too(review_index):
    review = CSPRPage(title="Child Q", slug="child-q", publication_date=date(2026, 11, 1), summary="<p>S</p>")

    with pytest.raises(ValidationError):
        review_index.add_child(instance=review)

    assert not CSPRPage.objects.exists()


@pytest.mark.django_db
def test_serious_case_reviews_need_no_notice(review_index):
    assert SCRPageFactory(parent=review_index).live


@pytest.mark.django_db
def test_the_scheduler_leaves_a_cspr_unpublished_when_its_go_live_time_comes_too_soon(review_index):
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=timezone.localdate())
    revision = review.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    errors = StringIO()

    call_command("publish_on_schedule", stdout=StringIO(), stderr=errors)

    assert not CSPRPage.objects.get(pk=review.pk).live
    assert "earliest allowed publication date" in errors.getvalue()


@pytest.mark.django_db
def test_the_scheduler_publishes_a_cspr_whose_notice_period_has_passed(review_index):
    review = CSPRPageFactory(parent=review_index, published=False)
    revision = review.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    call_command("publish_on_schedule", stdout=StringIO(), stderr=StringIO())

    assert CSPRPage.objects.get(pk=review.pk).live


@pytest.mark.django_db
def test_a_notice_date_in_the_future_is_refused_beside_the_field(review_index, admin_client):
    review = CSPRPageFactory(parent=review_index, published=False)
    html = admin_client.get(f"/admin/pages/{review.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data["panel_notified_on"] = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = admin_client.post(f"/admin/pages/{review.pk}/edit/", data)

    assert response.status_code == 200
    assert "cannot be in the future" in str(response.context["form"].errors["panel_notified_on"])
