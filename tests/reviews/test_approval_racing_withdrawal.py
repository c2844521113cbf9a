"""An approval that a withdrawal overtakes is refused with its reason, and the step is left as it was."""

import pytest
from wagtail import hooks
from wagtail.models import PageLogEntry, TaskState

from reviews.editorial.models import APPROVAL_REFUSED_ACTION, GOING_LIVE_REFUSAL_HOOK
from reviews.window.actions import WithdrawPageAction
from reviews.window.rules import TakedownKind
from tests.reviews.workflow_steps import edit_form, submit

pytestmark = pytest.mark.django_db

WITHDRAWN = "was withdrawn on"


@pytest.fixture
def edit_awaiting_approval(in_window_review, editor_user, client_for):
    """A live review with an edit submitted for moderation."""
    return submit(client_for(editor_user), in_window_review)


@pytest.fixture
def withdrawal_overtakes_the_approval(edit_awaiting_approval, administrator):
    """An administrator's withdrawal lands after the approval's own checks passed, before it publishes.

    The approval's last check is the hook other parts refuse through, so the withdrawal runs there.
    """

    def withdraw_once(page):
        if not getattr(withdraw_once, "done", False):
            withdraw_once.done = True
            WithdrawPageAction(
                edit_awaiting_approval, administrator, "Family court order of 2 May."
            ).execute()
        return None

    with hooks.register_temporarily(GOING_LIVE_REFUSAL_HOOK, withdraw_once):
        yield edit_awaiting_approval


def approve_from_the_dashboard(client, page, **headers):
    task_state = page.current_workflow_task_state
    url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    return task_state, client.post(url, {"comment": ""}, headers=headers)


def assert_withdrawn_and_not_approved(page, task_state):
    page.refresh_from_db()
    assert not page.live and page.takedown_kind == TakedownKind.WITHDRAWN
    task_state.refresh_from_db()
    assert task_state.status != TaskState.STATUS_APPROVED
    entry = PageLogEntry.objects.get(page=page, action=APPROVAL_REFUSED_ACTION)
    assert WITHDRAWN in entry.data["reason"]


def test_from_the_dashboard_the_moderator_reads_why_on_the_review(
    withdrawal_overtakes_the_approval, moderator_user, client_for, messages_of
):
    page = withdrawal_overtakes_the_approval
    moderator = client_for(moderator_user)

    task_state, response = approve_from_the_dashboard(moderator, page)

    assert response.status_code == 302
    shown = moderator.get(response["Location"], follow=True)
    assert shown.redirect_chain[-1][0] == f"/admin/pages/{page.pk}/edit/"
    messages = messages_of(shown)
    assert [message for message in messages if WITHDRAWN in message] == [messages[0]]
    assert not any("do not have permission" in message for message in messages)
    assert_withdrawn_and_not_approved(page, task_state)


def test_from_the_approval_dialog_the_moderator_is_sent_to_the_reason(
    withdrawal_overtakes_the_approval, moderator_user, client_for, messages_of
):
    page = withdrawal_overtakes_the_approval
    moderator = client_for(moderator_user)

    task_state, response = approve_from_the_dashboard(moderator, page, x_requested_with="XMLHttpRequest")

    assert response.status_code == 200
    answer = response.json()
    assert answer["step"] == "success"
    shown = moderator.get(answer["redirect"], follow=True)
    assert any(WITHDRAWN in message for message in messages_of(shown))
    assert_withdrawn_and_not_approved(page, task_state)


def test_from_the_editor_the_moderator_reads_why_and_not_that_the_page_was_updated(
    withdrawal_overtakes_the_approval, moderator_user, client_for, messages_of
):
    page = withdrawal_overtakes_the_approval
    moderator = client_for(moderator_user)
    task_state = page.current_workflow_task_state
    data = edit_form(moderator, page)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})

    response = moderator.post(f"/admin/pages/{page.pk}/edit/", data)

    assert response.status_code == 302
    shown = moderator.get(response["Location"], follow=True)
    messages = messages_of(shown)
    assert any(WITHDRAWN in message for message in messages)
    assert not any("has been updated" in message or "permission" in message for message in messages)
    assert_withdrawn_and_not_approved(page, task_state)
