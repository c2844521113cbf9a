"""The rule itself: when a page's year on the site starts and ends."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reviews.models import CSPRPage
from reviews.window import rules
from tests.reviews.factories import CSPRPageFactory

LONDON = rules.PARTNERSHIP_TIME_ZONE


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


def test_a_year_ends_on_the_same_local_date_and_time():
    assert rules.one_calendar_year_after(london(2026, 3, 14, 10, 30)) == london(2027, 3, 14, 10, 30)


def test_a_page_published_on_29_february_may_come_down_on_1_march():
    assert rules.one_calendar_year_after(london(2028, 2, 29, 9, 0)) == london(2029, 3, 1, 9, 0)


def test_the_year_is_counted_in_london_time_across_summer_time():
    published_in_summer = datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC)  # 00:30 BST on 2 July

    assert rules.one_calendar_year_after(published_in_summer) == london(2027, 7, 2, 0, 30)


def test_a_year_on_the_site_ends_on_the_whole_minute_at_or_after_the_anniversary():
    assert rules.end_of_year_on_site(london(2026, 3, 14, 10, 30)) == london(2027, 3, 14, 10, 30)
    assert rules.end_of_year_on_site(london(2026, 3, 14, 10, 30, 0, 1)) == london(2027, 3, 14, 10, 31)
    assert rules.end_of_year_on_site(london(2026, 3, 14, 23, 59, 59)) == london(2027, 3, 15, 0, 0)


@pytest.mark.django_db
def test_going_live_starts_the_clock(review_index):
    before = timezone.now()
    review = CSPRPageFactory(parent=review_index)

    assert review.live_since >= before
    assert review.earliest_takedown == rules.end_of_year_on_site(review.live_since)


@pytest.mark.django_db
def test_publishing_an_edit_does_not_restart_the_clock(review_index):
    review = CSPRPageFactory(parent=review_index)
    first_live_since = review.live_since

    review.title = "Child G (updated)"
    review.save_revision().publish()
    review.refresh_from_db()

    assert review.live_since == first_live_since


@pytest.mark.django_db
def test_republishing_after_a_takedown_restarts_the_clock(review_index):
    review = CSPRPageFactory(parent=review_index)
    CSPRPage.objects.filter(pk=review.pk).update(live_since=timezone.now() - datetime.timedelta(days=800))
    review.refresh_from_db()
    review.unpublish()
    review.refresh_from_db()
    assert review.takedown_kind == rules.TakedownKind.UNPUBLISHED

    review.save_revision().publish()
    review.refresh_from_db()

    assert review.live_since > timezone.now() - datetime.timedelta(minutes=1)
    assert rules.is_in_window(review)


@pytest.mark.django_db
def test_a_scheduled_page_counts_its_year_from_its_go_live_time(review_index):
    go_live_at = timezone.now() + datetime.timedelta(days=10)
    review = CSPRPageFactory(parent=review_index, published=False, go_live_at=go_live_at)

    assert review.earliest_takedown == rules.end_of_year_on_site(go_live_at)


@pytest.mark.django_db
def test_code_cannot_save_a_takedown_date_inside_the_window(review_index):
    review = CSPRPageFactory(parent=review_index)
    too_early = review.earliest_takedown - datetime.timedelta(days=1)
    review.expire_at = too_early

    with pytest.raises(ValidationError) as refusal:
        review.full_clean()
    assert "This review must stay public until at least" in str(refusal.value.message_dict["expire_at"])

    with pytest.raises(ValidationError):
        review.save()
    review.refresh_from_db()
    assert review.expire_at is None


@pytest.mark.django_db
def test_code_can_save_a_takedown_date_at_the_end_of_the_window(review_index):
    review = CSPRPageFactory(parent=review_index)
    review.expire_at = review.earliest_takedown

    review.full_clean()
    review.save()

    review.refresh_from_db()
    assert review.expire_at == review.earliest_takedown
