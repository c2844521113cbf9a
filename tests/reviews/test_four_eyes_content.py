"""Four eyes counts changes to the content, not saves: fields, child objects and the linked files' bytes."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry, TaskState, Workflow
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from reviews.editorial import changes
from reviews.editorial.models import changed_since_submission
from tests.cspr_site.factories import PdfDocumentFactory
from tests.pdfs import make_pdf
from tests.reviews.factories import SCRPageFactory, ThemeFactory
from tests.reviews.workflow_steps import approve, edit_form, follow, messages_in, submit

pytestmark = pytest.mark.django_db

APPROVE_BUTTON = 'data-workflow-action-name="approve"'


def autosave(client, page, data, overwriting=None):
    """What the editor's autosave sends: the whole form, asking for JSON, every few seconds.

    The first autosave of an editing session adds a revision; the next ones overwrite it.
    Returns the revision's id, for the next autosave.
    """
    data = data.copy()
    if overwriting:
        data["overwrite_revision_id"] = str(overwriting)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data, headers={"accept": "application/json"})
    assert response.status_code == 200, response.content
    assert response.json()["success"], response.json()
    return response.json()["revision_id"]


@pytest.fixture
def submitted_review(review_index, editor_user, client_for):
    """An SCR drafted and submitted by an editor through the admin; its notice step passes by itself."""
    review = SCRPageFactory(parent=review_index, title="Child S", published=False)
    return submit(client_for(editor_user), review)


def test_a_moderator_whose_autosave_changes_nothing_keeps_approve_and_their_list(
    submitted_review, moderator_user, client_for
):
    moderator = client_for(moderator_user)
    data = edit_form(moderator, submitted_review)

    revision_id = autosave(moderator, submitted_review, data)
    autosave(moderator, submitted_review, data, overwriting=revision_id)
    data = edit_form(moderator, submitted_review)
    assert moderator.post(f"/admin/pages/{submitted_review.pk}/edit/", data).status_code == 302

    assert submitted_review.revisions.filter(user=moderator_user).exists()
    assert TaskState.objects.reviewable_by(moderator_user).exists()
    assert APPROVE_BUTTON in moderator.get(f"/admin/pages/{submitted_review.pk}/edit/").content.decode()
    approve(moderator, submitted_review)
    submitted_review.refresh_from_db()
    assert submitted_review.live


def test_a_real_change_by_the_moderator_still_makes_them_an_author(
    submitted_review, moderator_user, second_moderator_user, client_for
):
    moderator = client_for(moderator_user)
    data = edit_form(moderator, submitted_review)
    data["summary"] = rich_text("<p>A sentence only the moderator wrote.</p>")

    autosave(moderator, submitted_review, data)

    assert not TaskState.objects.reviewable_by(moderator_user).exists()
    shown = messages_in(follow(moderator, approve(moderator, submitted_review)))
    assert any("You changed “Child S” after it was submitted" in message for message in shown)
    submitted_review.refresh_from_db()
    assert not submitted_review.live
    assert TaskState.objects.reviewable_by(second_moderator_user).exists()


def test_a_later_unchanged_save_does_not_wash_out_an_earlier_change(
    submitted_review, moderator_user, client_for
):
    moderator = client_for(moderator_user)
    data = edit_form(moderator, submitted_review)
    data["summary"] = rich_text("<p>Changed by the moderator.</p>")
    assert moderator.post(f"/admin/pages/{submitted_review.pk}/edit/", data).status_code == 302
    autosave(moderator, submitted_review, edit_form(moderator, submitted_review))

    assert changed_since_submission(submitted_review.current_workflow_state, moderator_user)


def test_changing_a_child_object_is_a_change(submitted_review, moderator_user, client_for):
    theme = ThemeFactory(name="Neglect")
    moderator = client_for(moderator_user)
    data = edit_form(moderator, submitted_review)
    data.setlist("themes", [str(theme.pk)])

    assert moderator.post(f"/admin/pages/{submitted_review.pk}/edit/", data).status_code == 302

    assert changed_since_submission(submitted_review.current_workflow_state, moderator_user)


def test_linking_another_document_is_a_change(submitted_review, moderator_user, client_for):
    moderator = client_for(moderator_user)
    data = edit_form(moderator, submitted_review)
    data["report"] = str(PdfDocumentFactory(title="Another report").pk)

    assert moderator.post(f"/admin/pages/{submitted_review.pk}/edit/", data).status_code == 302

    assert changed_since_submission(submitted_review.current_workflow_state, moderator_user)


def replace_file(client, document, pages=2):
    """What Documents > edit does with a new file chosen."""
    url = f"/admin/documents/edit/{document.pk}/"
    form = querydict_from_html(client.get(url).content.decode(), form_id="w-editor-form")
    upload = SimpleUploadedFile("replaced.pdf", make_pdf(pages=pages))
    response = client.post(url, {**form.dict(), "file": upload})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    document.refresh_from_db()
    return document


def test_a_moderator_who_replaced_the_file_of_a_submission_cannot_approve_it(
    submitted_review, moderator_user, second_moderator_user, client_for
):
    moderator = client_for(moderator_user)
    old_name = submitted_review.report.file.name

    replace_file(moderator, submitted_review.report)

    assert submitted_review.report.file.name != old_name
    entry = ModelLogEntry.objects.get(action=changes.FILE_REPLACED_ACTION)
    assert entry.user == moderator_user
    assert changed_since_submission(submitted_review.current_workflow_state, moderator_user)
    assert not TaskState.objects.reviewable_by(moderator_user).exists()
    assert APPROVE_BUTTON not in moderator.get(f"/admin/pages/{submitted_review.pk}/edit/").content.decode()
    shown = messages_in(follow(moderator, approve(moderator, submitted_review)))
    assert any("You changed “Child S” after it was submitted" in message for message in shown)
    submitted_review.refresh_from_db()
    assert not submitted_review.live

    # Someone else reads the new file and approves it.
    approve(client_for(second_moderator_user), submitted_review)
    submitted_review.refresh_from_db()
    assert submitted_review.live


def test_a_file_replaced_before_the_submission_is_not_a_change_since(
    review_index, editor_user, moderator_user, client_for
):
    review = SCRPageFactory(parent=review_index, title="Child T", published=False)
    replace_file(client_for(moderator_user), review.report)
    submit(client_for(editor_user), review)

    assert not changed_since_submission(review.current_workflow_state, moderator_user)


def test_a_file_replaced_after_a_scheduled_approval_cancels_it(
    review_index, editor_user, moderator_user, client_for
):
    """An editor swaps the file of a review approved to go live tomorrow: the scheduler publishes nothing."""
    review = SCRPageFactory(
        parent=review_index,
        title="Child U",
        published=False,
        go_live_at=timezone.now() + datetime.timedelta(days=1),
    )
    review.report.uploaded_by_user = editor_user
    review.report.save()
    review.save_revision(user=editor_user, clean=False)
    Workflow.objects.get(name="Review publication").start(review, editor_user)
    approve(client_for(moderator_user), review)
    review.refresh_from_db()
    scheduled = review.scheduled_revision
    assert scheduled is not None

    replace_file(client_for(editor_user), review.report)

    scheduled.refresh_from_db()
    assert scheduled.approved_go_live_at is None
    entry = PageLogEntry.objects.get(page=review, action=changes.SCHEDULED_APPROVAL_CANCELLED_ACTION)
    assert "was replaced after this version was approved" in entry.data["reason"]
