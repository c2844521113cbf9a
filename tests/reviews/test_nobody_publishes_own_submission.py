"""Nobody publishes what they submitted or changed since the submission, whatever their role.

Tried by a superuser on every route that publishes: the editor's Publish button, a go-live date
set with it, bulk publish, the admin API, and code inside an admin request that skips the tester.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.log_actions import LogContext
from wagtail.test.utils.form_data import rich_text

from reviews.window.guards import PublicationWindowError
from tests.reviews.factories import SCRPageFactory
from tests.reviews.workflow_steps import approve, edit_form, submit

pytestmark = pytest.mark.django_db

OWN_SUBMISSION = "You submitted “Child P” for moderation, so you cannot publish it yourself."
OWN_CHANGES = "You changed “Child P” after it was submitted, so you cannot publish it yourself."


@pytest.fixture
def own_submission(review_index, superuser, client_for):
    """A review the superuser wrote and submitted."""
    review = SCRPageFactory(parent=review_index, title="Child P", published=False)
    return submit(client_for(superuser), review)


def editor_html(client, page):
    return client.get(f"/admin/pages/{page.pk}/edit/").content.decode()


def test_the_submitter_is_offered_neither_approve_nor_publish_even_as_a_superuser(
    own_submission, superuser, client_for
):
    html = editor_html(client_for(superuser), own_submission)

    assert 'data-workflow-action-name="approve"' not in html
    assert 'name="action-publish"' not in html
    assert not own_submission.permissions_for_user(superuser).can_publish()


def test_a_publish_posted_anyway_is_refused_with_the_reason_and_nothing_goes_live(
    own_submission, superuser, client_for
):
    client = client_for(superuser)
    data = edit_form(client, own_submission)
    data["action-publish"] = "Publish"

    response = client.post(f"/admin/pages/{own_submission.pk}/edit/", data)

    assert response.status_code == 200
    assert OWN_SUBMISSION in " ".join(response.context["form"].non_field_errors())
    # One banner, saying what did not happen and why.
    (banner,) = [str(message) for message in response.context["messages"]]
    assert banner.startswith(f"“Child P” was not published. {OWN_SUBMISSION}")
    own_submission.refresh_from_db()
    assert not own_submission.live
    assert own_submission.current_workflow_state is not None


def test_scheduling_ones_own_submission_is_refused_too(own_submission, superuser, client_for):
    client = client_for(superuser)
    data = edit_form(client, own_submission)
    data["go_live_at"] = (timezone.now() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    data["action-publish"] = "Publish"

    client.post(f"/admin/pages/{own_submission.pk}/edit/", data)

    own_submission.refresh_from_db()
    assert own_submission.scheduled_revision is None
    assert not own_submission.live


def test_bulk_publish_refuses_ones_own_submission_and_says_why(own_submission, superuser, client_for):
    client = client_for(superuser)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={own_submission.pk}&next=/admin/pages/"

    assert OWN_SUBMISSION in client.get(url).content.decode()
    client.post(url, {})

    own_submission.refresh_from_db()
    assert not own_submission.live


def test_the_admin_api_refuses_to_publish_ones_own_submission(own_submission, superuser, client_for):
    response = client_for(superuser).post(
        f"/admin/api/main/pages/{own_submission.pk}/action/publish/", {}, content_type="application/json"
    )

    assert response.status_code == 403
    own_submission.refresh_from_db()
    assert not own_submission.live


def test_cancelling_ones_own_submission_does_not_open_the_way_to_publishing_it(
    own_submission, superuser, client_for
):
    own_submission.current_workflow_state.cancel(user=superuser)

    assert own_submission.permissions_for_user(superuser).publishing_refusal.startswith(OWN_SUBMISSION)
    assert not own_submission.permissions_for_user(superuser).can_publish()


def test_code_that_skips_the_tester_inside_an_admin_request_is_refused_by_the_save_guard(
    own_submission, superuser
):
    revision = own_submission.get_latest_revision()

    with (
        LogContext(user=superuser),
        pytest.raises(PublicationWindowError, match="cannot publish it yourself"),
    ):
        revision.publish(user=superuser, skip_permission_checks=True)

    own_submission.refresh_from_db()
    assert not own_submission.live


def test_a_superuser_who_changed_someone_elses_submission_cannot_publish_it(
    review_index, editor_user, superuser, administrator_user, client_for
):
    review = submit(
        client_for(editor_user), SCRPageFactory(parent=review_index, title="Child P", published=False)
    )
    client = client_for(superuser)
    data = edit_form(client, review)
    data["summary"] = rich_text("<p>The superuser's own words.</p>")
    assert client.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302

    assert review.permissions_for_user(superuser).publishing_refusal.startswith(OWN_CHANGES)
    assert 'name="action-publish"' not in editor_html(client, review)

    # Another administrator approves, and it goes live as they approved it.
    approve(client_for(administrator_user), review)
    review.refresh_from_db()
    assert review.live


def test_a_superuser_whose_save_changed_nothing_may_still_publish_someone_elses_submission(
    review_index, editor_user, superuser, client_for
):
    review = submit(
        client_for(editor_user), SCRPageFactory(parent=review_index, title="Child P", published=False)
    )
    client = client_for(superuser)
    data = edit_form(client, review)
    assert client.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302

    assert 'name="action-publish"' in editor_html(client, review)
    data = edit_form(client, review)
    data["action-publish"] = "Publish"
    assert client.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    review.refresh_from_db()
    assert review.live
