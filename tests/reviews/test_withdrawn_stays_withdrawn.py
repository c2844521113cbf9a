"""A withdrawn review stays withdrawn, whatever anyone clicks, until an administrator reinstates it."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry, Workflow, WorkflowState

from reviews.window.actions import WithdrawPageAction
from reviews.window.rules import TakedownKind
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory
from tests.reviews.workflow_steps import approve, edit_form, follow, messages_in, submit

pytestmark = pytest.mark.django_db

REASON = "Family court order of 2 May requires removal."
WITHDRAWN_REFUSAL = "was withdrawn on"


@pytest.fixture
def withdraw(administrator):
    def act(page):
        WithdrawPageAction(page, administrator, REASON).execute()
        page.refresh_from_db()
        return page

    return act


@pytest.fixture
def withdrawn_review(in_window_review, withdraw):
    return withdraw(in_window_review)


def assert_still_withdrawn(page):
    page.refresh_from_db()
    assert not page.live
    assert page.takedown_kind == TakedownKind.WITHDRAWN
    assert Client().get(page.url).status_code == 410
    assert Client().get(page.report.url).status_code == 410


def test_everyone_who_opens_a_withdrawn_review_reads_who_withdrew_it_and_why(
    withdrawn_review, editor_user, client_for
):
    html = client_for(editor_user).get(f"/admin/pages/{withdrawn_review.pk}/edit/").content.decode()

    assert "Withdrawn on " in html
    assert f"by Ada: {REASON}" in html


def test_the_reason_shows_in_the_history_of_every_page_the_withdrawal_took_down(
    in_window_review, in_window_learning_page, withdraw, administrator_client
):
    withdraw(in_window_review)

    for page in (in_window_review, in_window_learning_page):
        html = administrator_client.get(f"/admin/pages/{page.pk}/history/").content.decode()
        assert "Withdrawn early from the site" in html
        assert REASON in html


def test_withdrawal_cancels_an_edit_waiting_for_approval_and_tells_its_submitter(
    in_window_review, editor_user, moderator_user, client_for, withdraw
):
    submit(client_for(editor_user), in_window_review)
    workflow_state = in_window_review.current_workflow_state
    mail.outbox.clear()

    withdraw(in_window_review)

    workflow_state.refresh_from_db()
    assert workflow_state.status == WorkflowState.STATUS_CANCELLED
    to_submitter = [message for message in mail.outbox if editor_user.email in message.to]
    assert len(to_submitter) == 1
    assert "withdrawn" in to_submitter[0].subject
    assert REASON in to_submitter[0].body
    assert_still_withdrawn(in_window_review)


def test_a_submission_after_the_withdrawal_cannot_be_approved(
    withdrawn_review, editor_user, moderator_user, client_for
):
    moderator = client_for(moderator_user)
    # The editor is not offered "Submit" (below); code can still start a workflow.
    withdrawn_review.save_revision(user=editor_user)
    Workflow.objects.get(name="Review publication").start(withdrawn_review, editor_user)
    approve(client_for(moderator_user), withdrawn_review)  # the statutory notice step: not live-making

    withdrawn_review.refresh_from_db()
    shown = messages_in(follow(moderator, approve(moderator, withdrawn_review)))

    assert any(WITHDRAWN_REFUSAL in message and "Reinstate" in message for message in shown)
    assert_still_withdrawn(withdrawn_review)


def test_a_withdrawn_review_offers_no_submission_for_moderation(withdrawn_review, editor_user, client_for):
    editor = client_for(editor_user)

    html = editor.get(f"/admin/pages/{withdrawn_review.pk}/edit/").content.decode()

    assert 'name="action-submit"' not in html
    assert not withdrawn_review.permissions_for_user(editor_user).can_submit_for_moderation()


def test_an_administrators_ordinary_publish_is_not_offered_and_refused_if_sent(
    withdrawn_review, administrator_client
):
    html = administrator_client.get(f"/admin/pages/{withdrawn_review.pk}/edit/").content.decode()
    assert 'name="action-publish"' not in html
    assert "Reinstate…" in html

    data = edit_form(administrator_client, withdrawn_review)
    data["action-publish"] = "action-publish"
    administrator_client.post(f"/admin/pages/{withdrawn_review.pk}/edit/", data)

    assert_still_withdrawn(withdrawn_review)


def test_bulk_publishing_leaves_a_withdrawn_review_down(withdrawn_review, admin_client):
    url = f"/admin/bulk/wagtailcore/page/publish/?id={withdrawn_review.pk}"

    admin_client.post(url, {"include_descendants": ""})

    assert_still_withdrawn(withdrawn_review)


def test_the_scheduler_does_not_bring_a_withdrawn_review_back(withdrawn_review):
    revision = withdrawn_review.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    errors = StringIO()

    call_command("publish_on_schedule", stdout=StringIO(), stderr=errors)

    assert WITHDRAWN_REFUSAL in errors.getvalue()
    assert_still_withdrawn(withdrawn_review)


def test_saving_a_draft_of_a_withdrawn_review_keeps_its_notice(withdrawn_review, editor_user, client_for):
    editor = client_for(editor_user)
    data = edit_form(editor, withdrawn_review)
    data["title"] = "Young Person A (redacted)"

    assert editor.post(f"/admin/pages/{withdrawn_review.pk}/edit/", data).status_code == 302

    assert_still_withdrawn(withdrawn_review)
    report = editor.get("/admin/reports/publication-windows/").content.decode()
    assert "Withdrawn" in report


def test_an_administrator_reinstates_with_a_reason_and_its_year_starts_again(
    withdrawn_review, administrator_client
):
    url = f"/admin/reviews/reinstate/{withdrawn_review.pk}/"
    withdrawn_at = withdrawn_review.taken_down_at
    refused = administrator_client.post(url, {"reason": ""})
    assert "Give the reason for reinstatement" in refused.content.decode()
    assert_still_withdrawn(withdrawn_review)

    lifted = "The court order was lifted on appeal."
    response = administrator_client.post(url, {"reason": lifted, "confirm": "on"})

    assert response.status_code == 302
    withdrawn_review.refresh_from_db()
    assert withdrawn_review.live
    assert withdrawn_review.takedown_kind == ""
    assert withdrawn_review.live_since > withdrawn_at
    assert Client().get(withdrawn_review.url).status_code == 200
    assert Client().get(withdrawn_review.report.url).status_code == 200
    entry = PageLogEntry.objects.get(page=withdrawn_review, action="reviews.reinstate")
    assert entry.data["reason"] == lifted


def test_only_a_partnership_administrator_can_reinstate(withdrawn_review, moderator_user, client_for):
    moderator = client_for(moderator_user)

    assert "Reinstate…" not in moderator.get(f"/admin/pages/{withdrawn_review.pk}/edit/").content.decode()
    moderator.post(f"/admin/reviews/reinstate/{withdrawn_review.pk}/", {"reason": "Lifted.", "confirm": "on"})

    assert_still_withdrawn(withdrawn_review)


def test_the_notice_gives_the_reviews_publication_date_and_its_time_on_this_site(withdrawn_review):
    html = Client().get(withdrawn_review.url).content.decode()

    assert "published on 14 March 2025" in html
    assert f"from {timezone.localdate():%-d %B %Y} until {timezone.localdate():%-d %B %Y}" in html


def test_a_withdrawn_review_leaves_the_list_search_feed_and_sitemap(withdrawn_review, client):
    for address in (
        "/child-safeguarding-practice-reviews/",
        "/child-safeguarding-practice-reviews/?q=Young+Person",
        "/child-safeguarding-practice-reviews/feed/",
        "/sitemap.xml",
    ):
        assert withdrawn_review.url not in client.get(address).content.decode(), address


def test_a_learning_on_a_page_cannot_go_live_before_its_review(review_index, admin_client):
    draft_review = CSPRPageFactory(parent=review_index, title="Child D", published=False)
    learning = LearningPageFactory(parent=review_index, review=draft_review, published=False)
    data = edit_form(admin_client, learning)
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{learning.pk}/edit/", data, follow=True)

    assert "cannot go live before its review “Child D” is published" in response.content.decode()
    learning.refresh_from_db()
    assert not learning.live


def test_a_learning_on_a_page_cannot_be_approved_before_its_review(
    review_index, editor_user, moderator_user, second_moderator_user, client_for
):
    draft_review = CSPRPageFactory(parent=review_index, title="Child D", published=False)
    learning = submit(
        client_for(editor_user),
        LearningPageFactory(parent=review_index, review=draft_review, published=False),
    )
    moderator = client_for(moderator_user)

    shown = messages_in(follow(moderator, approve(moderator, learning)))

    assert any("cannot go live before its review “Child D” is published" in m for m in shown)
    learning.refresh_from_db()
    assert not learning.live


def test_a_scheduled_learning_on_a_page_waits_for_its_review(review_index):
    review = CSPRPageFactory(parent=review_index, title="Child S", published=False)
    learning = LearningPageFactory(parent=review_index, review=review, published=False)
    learning_revision = learning.save_revision()
    learning_revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=5)
    learning_revision.save()

    errors = StringIO()
    call_command("publish_on_schedule", stdout=StringIO(), stderr=errors)
    learning.refresh_from_db()
    assert not learning.live
    assert "cannot go live before its review “Child S” is published" in errors.getvalue()

    review_revision = review.save_revision()
    review_revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    review_revision.save()
    call_command("publish_on_schedule", stdout=StringIO(), stderr=StringIO())

    review.refresh_from_db()
    learning.refresh_from_db()
    assert review.live and learning.live
