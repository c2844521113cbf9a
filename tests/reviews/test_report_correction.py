"""The published report's file is fixed; an administrator corrects it with a new file and a reason."""

import datetime
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, Revision
from wagtail.test.utils.form_data import querydict_from_html

from reviews.models import CSPRPage, SCRPage
from reviews.window.guards import PublicationWindowError
from reviews.window.invariant import breaches
from tests.pdfs import make_pdf
from tests.reviews.factories import SCRPageFactory

pytestmark = pytest.mark.django_db

CORRECTED = make_pdf(pages=2)  # differs from the factory's one-page report


def downloaded(url):
    response = Client().get(url)
    return response.status_code, response.getvalue() if response.status_code == 200 else b""


def test_replacing_the_file_of_an_in_window_report_in_the_document_editor_is_refused(
    admin_client, in_window_review
):
    report = in_window_review.report
    before = downloaded(report.url)
    form = querydict_from_html(
        admin_client.get(f"/admin/documents/edit/{report.pk}/").content.decode(), form_id="w-editor-form"
    )

    response = admin_client.post(
        f"/admin/documents/edit/{report.pk}/",
        {**form.dict(), "file": SimpleUploadedFile("report.pdf", CORRECTED, content_type="application/pdf")},
    )

    assert response.status_code == 200
    assert "Correct the published report" in str(response.context["form"].errors["file"])
    report.refresh_from_db()
    assert downloaded(report.url) == before


def test_code_cannot_replace_the_file_of_an_in_window_report(in_window_review):
    report = in_window_review.report
    report.file.save("replaced.pdf", ContentFile(CORRECTED), save=False)

    with pytest.raises(PublicationWindowError), transaction.atomic():
        report.save()


def test_an_administrator_corrects_the_published_report_with_a_reason(
    in_window_review, administrator_user, client_for
):
    old = in_window_review.report
    administrator = client_for(administrator_user)
    assert (
        "Correct the published report…"
        in administrator.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()
    )

    response = administrator.post(
        f"/admin/reviews/correct-report/{in_window_review.pk}/",
        {
            "field": "report",
            "file": SimpleUploadedFile("report-corrected.pdf", CORRECTED, content_type="application/pdf"),
            "reason": "A surname was left visible on page 12.",
            "confirm": "on",
        },
    )

    assert response.status_code == 302
    review = CSPRPage.objects.get(pk=in_window_review.pk)
    assert review.report_id != old.pk
    status, content = downloaded(review.report.url)
    with review.report.disclosure_check.cleaned_file.open("rb") as rebuilt:
        # The public gets the copy the check rebuilt from the corrected file, never the upload itself.
        assert (status, content) == (200, rebuilt.read())
    assert review.report.disclosure_check.file_name == review.report.file.name
    old.refresh_from_db()
    assert old.collection.name == "Superseded reports"
    assert downloaded(old.url)[0] != 200
    entry = PageLogEntry.objects.get(page=review, action="reviews.report.corrected")
    assert (
        entry.user == administrator_user and entry.data["reason"] == "A surname was left visible on page 12."
    )
    assert breaches(review) == []


def test_a_correction_needs_a_reason_and_a_real_pdf_and_changes_nothing_otherwise(
    in_window_review, administrator_user, client_for
):
    response = client_for(administrator_user).post(
        f"/admin/reviews/correct-report/{in_window_review.pk}/",
        {"field": "report", "file": SimpleUploadedFile("report.pdf", b"not a pdf"), "confirm": "on"},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "is not a PDF" in str(errors["file"]) and "Say what was wrong" in str(errors["reason"])
    assert CSPRPage.objects.get(pk=in_window_review.pk).report_id == in_window_review.report_id
    assert get_document_model().objects.count() == 1


def test_editors_and_moderators_cannot_correct_a_published_report(
    in_window_review, editor_user, moderator_user, client_for, messages_of
):
    for user in (editor_user, moderator_user):
        client = client_for(user)
        edit_page = client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()
        assert "Correct the published report…" not in edit_page
        response = client.post(
            f"/admin/reviews/correct-report/{in_window_review.pk}/",
            {
                "field": "report",
                "file": SimpleUploadedFile("report.pdf", CORRECTED, content_type="application/pdf"),
                "reason": "Trying without the right.",
                "confirm": "on",
            },
        )
        assert "Sorry, you do not have permission to access this area." in messages_of(response)
    assert CSPRPage.objects.get(pk=in_window_review.pk).report_id == in_window_review.report_id


def edit_form(client, page):
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    return querydict_from_html(html, form_id="page-edit-form")


@pytest.mark.parametrize("new_report", ["", "other"], ids=["removed", "swapped"])
def test_publishing_an_edit_that_removes_or_swaps_the_published_report_is_refused_beside_the_field(
    admin_client, in_window_review, new_report
):
    other = get_document_model().objects.create(title="Another report", file=ContentFile(CORRECTED, "o.pdf"))
    data = edit_form(admin_client, in_window_review)
    data["report"] = str(other.pk) if new_report else ""
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert response.status_code == 200
    assert "Correct the published report" in str(response.context["form"].errors["report"])
    assert CSPRPage.objects.get(pk=in_window_review.pk).report_id == in_window_review.report_id


def test_code_cannot_remove_the_published_report_of_an_in_window_review(in_window_review):
    in_window_review.report = None

    with pytest.raises(PublicationWindowError), transaction.atomic():
        in_window_review.save()


def test_approving_an_edit_that_swaps_the_published_report_is_refused_with_the_reason(
    review_index, editor_user, moderator_user, client_for, messages_of
):
    review = SCRPageFactory(parent=review_index, title="Child WR")
    published_report = review.report_id
    other = get_document_model().objects.create(title="Another report", file=ContentFile(CORRECTED, "o.pdf"))
    editor = client_for(editor_user)
    data = edit_form(editor, review)
    data["report"] = str(other.pk)
    data["action-submit"] = "Submit"
    assert editor.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    task_state = SCRPage.objects.get(pk=review.pk).current_workflow_task_state

    moderator = client_for(moderator_user)
    refused = moderator.post(
        f"/admin/pages/workflow/action/{review.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    shown = messages_of(moderator.get(refused["Location"], follow=True))

    assert any("an edit cannot remove or replace them" in message for message in shown)
    assert SCRPage.objects.get(pk=review.pk).report_id == published_report


def test_a_scheduled_revision_that_swaps_the_report_is_held_back_without_stopping_the_others(
    review_index, in_window_review
):
    past = timezone.now() - datetime.timedelta(minutes=5)
    other = get_document_model().objects.create(title="Another report", file=ContentFile(CORRECTED, "o.pdf"))
    swapping = CSPRPage.objects.get(pk=in_window_review.pk)
    swapping.report = other
    scheduled = [swapping.save_revision(clean=False)]
    draft = SCRPageFactory(parent=review_index, title="Baby F", published=False)
    scheduled.append(draft.save_revision())
    Revision.objects.filter(pk__in=[revision.pk for revision in scheduled]).update(approved_go_live_at=past)
    errors = StringIO()

    call_command("publish_on_schedule", stdout=StringIO(), stderr=errors)

    assert "Not published: Young Person A" in errors.getvalue()
    assert CSPRPage.objects.get(pk=in_window_review.pk).report_id == in_window_review.report_id
    assert SCRPage.objects.get(pk=draft.pk).live
