"""Alerts go out when something goes live, on every route, to a real SMTP server; never for what is hidden."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from learning.alerts import sending
from learning.alerts.models import Announcement, Delivery, DeliveryStatus, Subscriber
from reviews.models import CSPRPage, SCRPage
from tests.learning.alerts.conftest import FOLLOW, link_to
from tests.learning.factories import LearningPageFactory, SubscriberFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory
from tests.reviews.workflow_steps import approve, edit_form, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscriber(db):
    return SubscriberFactory(email="health.visitor@example.org")


def alerts_to(inbox, address):
    return [message for message in inbox.to(address) if "Confirm" not in message["Subject"]]


def publish_in_the_editor(client, page, themes=()):
    data = edit_form(client, page)
    if themes:
        data.setlist("themes", [str(theme.pk) for theme in themes])
    data["action-publish"] = "action-publish"
    # Every value of each field: the test client would post a QueryDict's last value only.
    response = client.post(f"/admin/pages/{page.pk}/edit/", dict(data.lists()))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    return page


def test_a_review_published_in_the_editor_alerts_each_subscriber_once_with_what_the_public_sees(
    admin_client, review_index, smtp_server, subscriber, neglect, safer_sleep
):
    review = CSPRPageFactory(
        parent=review_index,
        title="Baby F",
        published=False,
        summary="<p>Baby F was three months old when she was <b>seriously harmed</b>.</p>",
    )

    publish_in_the_editor(admin_client, review, themes=[neglect, safer_sleep])

    [alert] = alerts_to(smtp_server, subscriber.email)
    body = smtp_server.body(alert)
    assert alert["Subject"] == "Child Safeguarding Practice Review: Baby F"
    assert "Baby F\nChild Safeguarding Practice Review\nThemes: Neglect, Safer sleep\n" in body
    assert "Baby F was three months old when she was seriously harmed." in body
    assert f"Read it: http://localhost{review.url}" in body
    unsubscribe = link_to(body, "/unsubscribe/")
    assert unsubscribe.startswith(f"http://localhost{FOLLOW}unsubscribe/")
    assert link_to(body, "/manage/").startswith(f"http://localhost{FOLLOW}manage/")
    assert alert["List-Unsubscribe"].strip() == f"<{unsubscribe}>"  # a long header is folded
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # Publishing it again, and every later run of the job, sends nothing more.
    publish_in_the_editor(admin_client, review)
    call_command("send_alerts", verbosity=0)
    assert len(alerts_to(smtp_server, subscriber.email)) == 1


def test_a_learning_on_a_page_going_live_sends_an_alert_of_its_kind_with_its_reviews_themes(
    review_index, smtp_server, neglect
):
    review = CSPRPageFactory(parent=review_index, title="Young Person A", themes=[neglect])
    learner = SubscriberFactory(email="teacher@example.org", wants_reviews=False)

    LearningPageFactory(parent=review_index, review=review, search_description="")

    [alert] = alerts_to(smtp_server, learner.email)
    assert alert["Subject"] == "Learning on a Page: Young Person A: Learning on a Page"
    body = smtp_server.body(alert)
    assert "Themes: Neglect" in body and "What the review found." in body


def test_a_review_approved_through_the_workflow_sends_its_alert(
    review_index, smtp_server, subscriber, editor_user, moderator_user, client_for
):
    scr = SCRPageFactory(parent=review_index, title="Child WR", published=False)
    submit(client_for(editor_user), scr)
    assert alerts_to(smtp_server, subscriber.email) == []

    approve(client_for(moderator_user), scr)

    assert [alert["Subject"] for alert in alerts_to(smtp_server, subscriber.email)] == [
        "Serious Case Review: Child WR"
    ]


def test_a_review_published_by_the_scheduler_sends_its_alert(review_index, smtp_server, subscriber):
    review = CSPRPageFactory(parent=review_index, title="Child Q", published=False)
    review.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = review.save_revision()
    revision.publish()
    assert alerts_to(smtp_server, subscriber.email) == []
    passed = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = passed.isoformat()
    revision.approved_go_live_at = passed
    revision.save()

    call_command("publish_on_schedule", verbosity=0)

    assert [alert["Subject"] for alert in alerts_to(smtp_server, subscriber.email)] == [
        "Child Safeguarding Practice Review: Child Q"
    ]


def test_reviews_published_in_bulk_send_one_alert_each(
    review_index, smtp_server, subscriber, administrator_user, client_for
):
    first = SCRPageFactory(parent=review_index, title="Child G", published=False)
    second = SCRPageFactory(parent=review_index, title="Child H", published=False)
    query = f"id={first.pk}&id={second.pk}&next=/admin/pages/{review_index.pk}/"

    response = client_for(administrator_user).post(
        f"/admin/bulk/wagtailcore/page/publish/?{query}", {"include_descendants": ""}
    )

    assert response.status_code == 302
    subjects = sorted(alert["Subject"] for alert in alerts_to(smtp_server, subscriber.email))
    assert subjects == ["Serious Case Review: Child G", "Serious Case Review: Child H"]


def test_a_page_saved_live_by_code_without_publishing_is_still_announced_by_the_job(
    review_index, smtp_server, subscriber
):
    review = SCRPageFactory(parent=review_index, title="Child K", published=False)
    Page.objects.filter(pk=review.pk).update(live=True, first_published_at=timezone.now())
    assert alerts_to(smtp_server, subscriber.email) == []

    call_command("send_alerts", verbosity=0)

    assert [alert["Subject"] for alert in alerts_to(smtp_server, subscriber.email)] == [
        "Serious Case Review: Child K"
    ]


def test_pages_published_before_alerts_existed_are_never_announced(review_index, smtp_server, subscriber):
    from importlib import import_module

    from django.apps import apps

    review = SCRPageFactory(parent=review_index, title="Child L", published=False)
    Page.objects.filter(pk=review.pk).update(live=True, first_published_at=timezone.now())
    migration = import_module("learning.migrations.0005_announce_what_is_already_live")

    migration.record_published_pages(apps, None)
    call_command("send_alerts", verbosity=0)

    assert alerts_to(smtp_server, subscriber.email) == []
    assert Announcement.objects.get(page_id=review.pk).before_alerts


def test_subscribers_hear_only_of_the_topics_and_themes_they_chose(
    review_index, smtp_server, neglect, safer_sleep
):
    everything = SubscriberFactory(email="everything@example.org")
    neglect_only = SubscriberFactory(email="neglect@example.org", themes=[neglect])
    learning_only = SubscriberFactory(email="learning@example.org", wants_reviews=False)
    unconfirmed = SubscriberFactory(email="unconfirmed@example.org", confirmed_at=None)
    weekly = SubscriberFactory(email="weekly@example.org", frequency="weekly")

    CSPRPageFactory(parent=review_index, title="Baby F", themes=[safer_sleep])
    CSPRPageFactory(parent=review_index, title="Child N", themes=[neglect])

    def subjects(person):
        return sorted(alert["Subject"].split(": ", 1)[1] for alert in alerts_to(smtp_server, person.email))

    assert subjects(everything) == ["Baby F", "Child N"]
    assert subjects(neglect_only) == ["Child N"]
    assert subjects(learning_only) == []
    assert subjects(unconfirmed) == []
    assert subjects(weekly) == []  # the digest gathers it


@pytest.fixture
def with_a_hold(settings):
    """Alerts wait ten minutes after going live, as they do on the site, so the test can act first."""
    settings.ALERTS_HOLD_MINUTES = 10
    return datetime.timedelta(minutes=11)


def test_nothing_is_sent_for_a_review_withdrawn_before_the_send_runs(
    review_index, smtp_server, subscriber, with_a_hold, administrator_client
):
    review = CSPRPageFactory(parent=review_index, title="Child P")
    assert Delivery.objects.get().status == DeliveryStatus.WAITING

    response = administrator_client.post(
        f"/admin/reviews/withdraw/{review.pk}/",
        {"reason": "A court order names the family.", "confirm": "on", "include_learning": "on"},
    )
    assert response.status_code == 302
    outcome = sending.send_due(timezone.now() + with_a_hold)

    assert (outcome.sent, outcome.withheld) == (0, 1)
    assert alerts_to(smtp_server, subscriber.email) == []
    assert Delivery.objects.get().status == DeliveryStatus.WITHHELD


def test_nothing_is_sent_for_a_review_made_private_before_the_send_runs(
    review_index, smtp_server, subscriber, with_a_hold
):
    review = CSPRPageFactory(parent=review_index, title="Child P")
    # The window refuses a restriction saved the usual way; code writing rows in bulk skips its guard.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=review, restriction_type=PageViewRestriction.LOGIN)]
    )

    sending.send_due(timezone.now() + with_a_hold)

    assert alerts_to(smtp_server, subscriber.email) == []


def test_nothing_is_sent_for_a_page_that_is_private_when_it_goes_live(review_index, smtp_server, subscriber):
    review = SCRPageFactory(parent=review_index, title="Child S", published=False)
    PageViewRestriction.objects.create(page=review, restriction_type=PageViewRestriction.LOGIN)

    review.save_revision().publish()
    call_command("send_alerts", verbosity=0)

    assert alerts_to(smtp_server, subscriber.email) == []


def test_nothing_is_sent_for_a_review_taken_down_before_the_send_runs(
    review_index, smtp_server, subscriber, with_a_hold
):
    review = SCRPageFactory(parent=review_index, title="Child T")
    # Its year on the site is over (as for a review republished from an archive), so it may come down.
    SCRPage.objects.filter(pk=review.pk).update(live_since=timezone.now() - datetime.timedelta(days=730))
    review.refresh_from_db()
    review.unpublish()

    sending.send_due(timezone.now() + with_a_hold)

    assert alerts_to(smtp_server, subscriber.email) == []


def test_a_review_still_public_when_the_hold_ends_is_sent_then(
    review_index, smtp_server, subscriber, with_a_hold
):
    CSPRPageFactory(parent=review_index, title="Child U")
    assert sending.send_due().sent == 0

    assert sending.send_due(timezone.now() + with_a_hold).sent == 1

    assert len(alerts_to(smtp_server, subscriber.email)) == 1


def test_a_send_that_fails_while_the_mail_server_is_down_is_retried_with_backoff_and_sent_when_it_is_back(
    review_index, smtp_server, subscriber
):
    smtp_server.stop()
    CSPRPageFactory(parent=review_index, title="Child V")
    delivery = Delivery.objects.get()
    first_failure = timezone.now()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.WAITING, 1)
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.send_after - first_failure == pytest.approx(
        datetime.timedelta(minutes=1), abs=datetime.timedelta(seconds=5)
    )

    # Not due yet: nothing is tried. Then a second failure waits twice as long.
    assert sending.send_due(first_failure).deferred == 0
    second_try = first_failure + datetime.timedelta(minutes=1, seconds=5)
    assert sending.send_due(second_try).deferred == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 2
    assert delivery.send_after == second_try + datetime.timedelta(minutes=2)

    smtp_server.start()
    assert sending.send_due(second_try + datetime.timedelta(minutes=1)).sent == 0  # still waiting
    outcome = sending.send_due(second_try + datetime.timedelta(minutes=3))

    assert outcome.sent == 1
    assert [alert["Subject"] for alert in alerts_to(smtp_server, subscriber.email)] == [
        "Child Safeguarding Practice Review: Child V"
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.SENT, 3)


def test_while_the_server_stays_down_alerts_keep_waiting_and_are_never_given_up(
    review_index, smtp_server, subscriber
):
    smtp_server.stop()
    CSPRPageFactory(parent=review_index, title="Child W")
    later = timezone.now()
    for _attempt in range(sending.MAX_ATTEMPTS + 3):
        later += datetime.timedelta(hours=1, minutes=1)
        sending.send_due(later)

    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.WAITING
    assert delivery.send_after - later == datetime.timedelta(hours=1)  # the longest wait

    smtp_server.start()
    assert sending.send_due(later + datetime.timedelta(hours=1)).sent == 1


def test_an_alert_the_server_refuses_is_tried_again_then_recorded_as_failed_and_kept(
    review_index, smtp_server, subscriber
):
    other = SubscriberFactory(email="other@example.org")
    smtp_server.refuse.add(subscriber.email)
    CSPRPageFactory(parent=review_index, title="Child X")
    later = timezone.now()
    for _attempt in range(sending.MAX_ATTEMPTS):
        later += datetime.timedelta(hours=1)
        sending.send_due(later)

    failed = Delivery.objects.get(subscriber=subscriber)
    assert (failed.status, failed.attempts) == (DeliveryStatus.FAILED, sending.MAX_ATTEMPTS)
    assert "550" in failed.last_error
    assert len(alerts_to(smtp_server, other.email)) == 1  # the rest of the batch went

    smtp_server.refuse.clear()
    call_command("send_alerts", "--retry-failed", verbosity=0)

    assert len(alerts_to(smtp_server, subscriber.email)) == 1
    assert Delivery.objects.get(subscriber=subscriber).status == DeliveryStatus.SENT


def test_two_workers_sending_at_once_never_send_one_alert_twice(review_index, smtp_server, settings):
    for number in range(30):
        SubscriberFactory(email=f"p{number}@example.org")
    settings.ALERTS_HOLD_MINUTES = 10
    CSPRPageFactory(parent=review_index, title="Child Y")
    due = timezone.now() + datetime.timedelta(minutes=11)

    # Both read the same due messages before either claims them; each message goes to one.
    read_by_first, read_by_second = sending.due_ids(due, 20), sending.due_ids(due, 20)
    assert read_by_first == read_by_second
    first = sending.claim(read_by_first, due)
    second = sending.claim(read_by_second, due) + sending.claim_batch(due, 20)

    assert len(first) == 20 and len(second) == 10
    assert not {delivery.pk for delivery in first} & {delivery.pk for delivery in second}
    sending.send_batch(first, due)
    sending.send_batch(second, due)
    assert sorted(message["To"] for message in smtp_server.messages) == sorted(
        f"p{number}@example.org" for number in range(30)
    )


def test_an_alert_left_mid_send_by_a_stopped_worker_is_sent_later(
    review_index, smtp_server, subscriber, settings
):
    settings.ALERTS_HOLD_MINUTES = 10
    CSPRPageFactory(parent=review_index, title="Child Z")
    due = timezone.now() + datetime.timedelta(minutes=11)
    sending.claim_batch(due, 10)  # the worker stops here

    assert sending.send_due(due).sent == 0
    assert sending.send_due(due + sending.ABANDONED_AFTER + datetime.timedelta(minutes=1)).sent == 1


def test_unsubscribing_drops_what_was_queued_for_the_address(
    review_index, smtp_server, subscriber, with_a_hold
):
    CSPRPageFactory(parent=review_index, title="Child AA")
    Subscriber.objects.filter(pk=subscriber.pk).delete()

    sending.send_due(timezone.now() + with_a_hold)

    assert not Delivery.objects.exists()
    assert smtp_server.messages == []


def test_sending_costs_a_fixed_number_of_queries_a_batch_and_one_a_message(
    review_index, smtp_server, with_a_hold, django_assert_max_num_queries, settings
):
    for number in range(40):
        SubscriberFactory(email=f"q{number}@example.org")
    CSPRPageFactory(parent=review_index, title="Child AB")
    settings.ALERTS_BATCH_SIZE = 20

    # Per batch: release, claim (3), the site's address, the page and its themes (about 8); per
    # message: marking it sent. Two batches of 20, and the last look that finds nothing.
    with django_assert_max_num_queries(2 * (12 + 20) + 1):
        outcome = sending.send_due(timezone.now() + with_a_hold)

    assert outcome.sent == 40
    assert CSPRPage.objects.get(title="Child AB").live


def test_a_title_that_would_inject_a_header_is_refused_as_a_failed_alert_never_sent_or_stuck(
    review_index, smtp_server, subscriber
):
    smtp_server.stop()  # the alert waits while the title is changed by code behind the editor's back
    review = SCRPageFactory(parent=review_index, title="Child AC")
    Page.objects.filter(pk=review.pk).update(title="Child AC\nBcc: everyone@example.org")
    smtp_server.start()

    outcome = sending.send_due(timezone.now() + datetime.timedelta(minutes=2))

    assert (outcome.sent, outcome.deferred) == (0, 1)
    assert "BadHeaderError" in Delivery.objects.get().last_error
    assert smtp_server.messages == []


def test_reinstating_a_withdrawn_review_announces_nothing_new(
    review_index, smtp_server, subscriber, administrator_client
):
    review = CSPRPageFactory(parent=review_index, title="Child AD")
    withdrawal = {"reason": "A court order names the family.", "confirm": "on", "include_learning": "on"}
    assert administrator_client.post(f"/admin/reviews/withdraw/{review.pk}/", withdrawal).status_code == 302

    response = administrator_client.post(
        f"/admin/reviews/reinstate/{review.pk}/", {"reason": "The order was lifted.", "confirm": "on"}
    )
    call_command("send_alerts", verbosity=0)

    assert response.status_code == 302
    assert CSPRPage.objects.get(pk=review.pk).live
    assert len(alerts_to(smtp_server, subscriber.email)) == 1
