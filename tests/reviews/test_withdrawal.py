"""Withdrawal: partnership administrators can take a review down inside its year, with a reason."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import PageLogEntry

from reviews.window.rules import TakedownKind
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db

REASON = "Family court order of 2 May requires removal."


def withdraw_url(page):
    return f"/admin/reviews/withdraw/{page.pk}/"


def valid_withdrawal(**overrides):
    return {"reason": REASON, "confirm": "on", "include_learning": "on", **overrides}


def assert_taken_down(page):
    page.refresh_from_db()
    assert not page.live
    assert page.takedown_kind == TakedownKind.WITHDRAWN
    assert Client().get(page.get_url()).status_code == 410


def test_the_action_menu_offers_withdraw_to_a_partnership_administrator(
    administrator_client, in_window_review
):
    html = administrator_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()

    assert "Withdraw…" in html
    assert withdraw_url(in_window_review) in html


def test_the_action_menu_does_not_offer_withdraw_to_an_editor_without_the_permission(
    editor_client, in_window_review
):
    response = editor_client.get(f"/admin/pages/{in_window_review.pk}/edit/")

    assert response.status_code == 200
    assert withdraw_url(in_window_review) not in response.content.decode()


def test_the_form_explains_the_early_takedown_and_offers_to_withdraw_the_learning_too(
    administrator_client, in_window_learning_page
):
    review = in_window_learning_page.review

    response = administrator_client.get(withdraw_url(review))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Young Person A" in html
    assert "takes it off the public site immediately" in html
    assert "must stay public until at least" in html
    assert "Reason for withdrawal" in html
    assert "I confirm this review must be withdrawn now" in html
    assert "Also withdraw its Learning on a Page" in html
    assert response.context["form"]["include_learning"].value() is True


def test_the_form_only_offers_to_withdraw_learning_that_exists(administrator_client, in_window_review):
    response = administrator_client.get(withdraw_url(in_window_review))

    assert "include_learning" not in response.context["form"].fields


@pytest.mark.parametrize(
    "data, error",
    [
        ({"reason": ""}, "Give the reason for withdrawal; it is kept in the audit log."),
        ({"reason": "Court"}, "Give the reason for withdrawal in at least 10 characters."),
        ({"confirm": ""}, "Tick the box to confirm this review must be withdrawn now."),
    ],
    ids=["no reason", "too short a reason", "not confirmed"],
)
def test_a_withdrawal_without_a_reason_or_confirmation_is_refused_and_the_review_stays_public(
    administrator_client, in_window_review, assert_still_public, data, error
):
    response = administrator_client.post(withdraw_url(in_window_review), valid_withdrawal(**data))

    assert response.status_code == 200
    assert error in response.content.decode()
    assert_still_public(in_window_review)
    assert not PageLogEntry.objects.filter(action="reviews.withdraw").exists()
    assert mail.outbox == []


def test_withdrawal_takes_an_in_window_review_down_at_once(
    administrator_client, in_window_review, messages_of
):
    response = administrator_client.post(withdraw_url(in_window_review), valid_withdrawal())

    assert response.status_code == 302
    assert response.url == f"/admin/pages/{in_window_review.pk}/edit/"
    assert messages_of(response) == ["“Young Person A” has been withdrawn from the site."]
    assert_taken_down(in_window_review)


def test_withdrawal_is_logged_with_the_administrator_and_the_reason(
    administrator, administrator_client, in_window_review
):
    administrator_client.post(withdraw_url(in_window_review), valid_withdrawal())

    entry = PageLogEntry.objects.get(page=in_window_review, action="reviews.withdraw")
    assert entry.user == administrator
    assert entry.data == {"reason": REASON, "revision_id": in_window_review.get_latest_revision().pk}
    assert entry.message == "Withdrawn early from the site"


def test_withdrawal_emails_the_other_administrators_but_not_the_withdrawer(
    administrator_client, make_administrator, superuser, in_window_review
):
    make_administrator("bea")
    make_administrator("cal", is_active=False)
    make_administrator("dot", email="")

    administrator_client.post(withdraw_url(in_window_review), valid_withdrawal())

    assert sorted(address for message in mail.outbox for address in message.to) == [
        "admin@example.org",
        "bea@example.org",
    ]
    message = mail.outbox[0]
    assert message.subject == "Review withdrawn: “Young Person A”"
    assert "withdrawn from the site by Ada" in message.body
    assert REASON in message.body
    assert f"http://testserver/admin/pages/{in_window_review.pk}/edit/" in message.body


def test_withdrawing_a_review_also_withdraws_its_learning_on_a_page_when_ticked(
    administrator_client, in_window_learning_page
):
    review = in_window_learning_page.review.specific

    administrator_client.post(withdraw_url(review), valid_withdrawal())

    assert_taken_down(review)
    assert_taken_down(in_window_learning_page)
    assert PageLogEntry.objects.filter(page=in_window_learning_page, action="reviews.withdraw").exists()


def test_its_learning_on_a_page_stays_public_when_the_box_is_not_ticked(
    administrator_client, in_window_learning_page, assert_still_public
):
    review = in_window_learning_page.review.specific

    administrator_client.post(withdraw_url(review), valid_withdrawal(include_learning=""))

    assert_taken_down(review)
    assert_still_public(in_window_learning_page)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_user_without_the_permission_is_refused_and_nothing_changes(
    editor_client, in_window_review, assert_still_public, messages_of, method
):
    response = getattr(editor_client, method)(withdraw_url(in_window_review), valid_withdrawal())

    assert response.status_code == 302
    assert "Sorry, you do not have permission to access this area." in messages_of(response)
    assert_still_public(in_window_review)
    assert not PageLogEntry.objects.filter(action="reviews.withdraw").exists()
    assert mail.outbox == []


def test_a_page_that_is_not_live_cannot_be_withdrawn(administrator_client, review_index, messages_of):
    draft = CSPRPageFactory(parent=review_index, title="Child D", published=False)

    response = administrator_client.post(withdraw_url(draft), valid_withdrawal())

    assert response.status_code == 302
    assert messages_of(response) == ["“Child D” is not live, so there is nothing to withdraw."]
    assert not PageLogEntry.objects.filter(action="reviews.withdraw").exists()
    assert mail.outbox == []
