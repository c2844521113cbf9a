"""Every refusal says why, where the person is, including inside Wagtail's own workflow views."""

import pytest

from tests.reviews.factories import SCRPageFactory
from tests.reviews.workflow_steps import messages_in, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def submission(review_index, editor_user, client_for):
    return submit(
        client_for(editor_user), SCRPageFactory(parent=review_index, title="Child R", published=False)
    )


def approve_address(page):
    return f"/admin/pages/workflow/action/{page.pk}/approve/{page.current_workflow_task_state.pk}/"


def test_an_editor_opening_the_approval_of_their_own_submission_reads_why_not_a_bare_refusal(
    submission, editor_user, client_for
):
    response = client_for(editor_user).get(approve_address(submission), follow=True)

    assert response.status_code == 200
    assert "Sorry, you do not have permission" not in response.content.decode()
    shown = messages_in(response)
    assert any(
        "You submitted “Child R” for moderation, so you cannot approve it yourself." in m for m in shown
    )
    assert response.redirect_chain[-1][0] == f"/admin/pages/{submission.pk}/edit/"


def test_someone_outside_the_steps_groups_reads_who_approves_it(submission, django_user_model, client_for):
    from django.contrib.auth.models import Group

    other_editor = django_user_model.objects.create_user(username="other", email="other@example.org")
    other_editor.groups.add(Group.objects.get(name="Editors"))

    response = client_for(other_editor).post(approve_address(submission), {"comment": ""}, follow=True)

    assert response.status_code == 200
    shown = messages_in(response)
    assert any("only members of Moderators or Partnership administrators approve" in m for m in shown), shown
    submission.refresh_from_db()
    assert not submission.live
