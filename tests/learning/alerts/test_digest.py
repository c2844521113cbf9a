"""The weekly digest gathers the week into one e-mail, with only what is still public when it is sent."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from learning.alerts import sending
from learning.alerts.models import Delivery
from reviews.models import SCRPage
from tests.learning.factories import LearningPageFactory, SubscriberFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

pytestmark = pytest.mark.django_db

NEXT_WEEK = datetime.timedelta(days=7)


def test_a_weekly_subscriber_gets_one_digest_of_the_week_and_nothing_as_it_happens(
    review_index, smtp_server, neglect
):
    weekly = SubscriberFactory(email="weekly@example.org", frequency="weekly")
    review = CSPRPageFactory(parent=review_index, title="Baby F", themes=[neglect])
    LearningPageFactory(parent=review_index, review=review)
    SCRPageFactory(parent=review_index, title="Child WR")
    assert smtp_server.to(weekly.email) == []

    a_week_on = timezone.now() + NEXT_WEEK
    assert sending.queue_digests(a_week_on) == 1
    sending.send_due(a_week_on)

    [digest] = smtp_server.to(weekly.email)
    body = smtp_server.body(digest)
    assert digest["Subject"] == "This week's new reviews and learning: 3 new"
    assert body.index("1. Baby F") < body.index("2. Baby F: Learning on a Page") < body.index("3. Child WR")
    assert (
        "Themes: Neglect" in body
        and "Read it: http://localhost/child-safeguarding-practice-reviews/baby-f/" in body
    )
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The job runs every hour: the same week is never gathered twice.
    call_command("send_alert_digests", verbosity=0)
    assert sending.queue_digests(a_week_on + datetime.timedelta(hours=1)) == 0
    sending.send_due(a_week_on + datetime.timedelta(hours=1))
    assert len(smtp_server.to(weekly.email)) == 1


def test_the_digest_leaves_out_what_was_taken_down_after_it_was_gathered_and_themes_not_chosen(
    review_index, smtp_server, neglect, safer_sleep
):
    weekly = SubscriberFactory(email="weekly@example.org", frequency="weekly", themes=[neglect])
    SCRPageFactory(parent=review_index, title="Child N", themes=[neglect])
    taken_down = SCRPageFactory(parent=review_index, title="Child T", themes=[neglect])
    SCRPageFactory(parent=review_index, title="Baby S", themes=[safer_sleep])
    a_week_on = timezone.now() + NEXT_WEEK
    sending.queue_digests(a_week_on)
    SCRPage.objects.filter(pk=taken_down.pk).update(live_since=timezone.now() - datetime.timedelta(days=730))
    taken_down.refresh_from_db()
    taken_down.unpublish()

    sending.send_due(a_week_on)

    [digest] = smtp_server.to(weekly.email)
    assert digest["Subject"] == "This week's new reviews and learning: Child N"
    body = smtp_server.body(digest)
    assert "Child T" not in body and "Baby S" not in body


def test_a_week_with_nothing_a_subscriber_wants_sends_them_nothing(
    review_index, smtp_server, neglect, safer_sleep
):
    SubscriberFactory(email="weekly@example.org", frequency="weekly", themes=[neglect])
    SCRPageFactory(parent=review_index, title="Baby S", themes=[safer_sleep])
    a_week_on = timezone.now() + NEXT_WEEK

    assert sending.queue_digests(a_week_on) == 0
    sending.send_due(a_week_on)

    assert smtp_server.messages == []


def test_a_digest_whose_every_item_went_private_is_not_sent(review_index, smtp_server):
    SubscriberFactory(email="weekly@example.org", frequency="weekly")
    review = SCRPageFactory(parent=review_index, title="Child P")
    a_week_on = timezone.now() + NEXT_WEEK
    sending.queue_digests(a_week_on)
    SCRPage.objects.filter(pk=review.pk).update(live_since=timezone.now() - datetime.timedelta(days=730))
    review.refresh_from_db()
    review.unpublish()

    outcome = sending.send_due(a_week_on)

    assert (outcome.sent, outcome.withheld) == (0, 1)
    assert smtp_server.messages == []
    assert Delivery.objects.get().status == "withheld"


def test_the_digest_is_for_the_last_whole_week_monday_to_sunday_in_the_partnerships_time():
    sunday_late = datetime.datetime(2026, 12, 13, 23, 30, tzinfo=datetime.UTC)  # Sunday 23:30 in London
    monday_early = datetime.datetime(2026, 12, 14, 0, 30, tzinfo=datetime.UTC)

    assert sending.last_complete_week(sunday_late) == datetime.date(2026, 11, 30)
    assert sending.last_complete_week(monday_early) == datetime.date(2026, 12, 7)
