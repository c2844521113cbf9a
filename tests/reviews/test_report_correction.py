"""The published report's file is fixed; an administrator corrects it with a new file and a reason."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from reviews.models import CSPRPage
from reviews.window.guards import PublicationWindowError
from reviews.window.invariant import breaches
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

CORRECTED = make_pdf(pages=2)  # differs from the factory's one-page report


def downloaded(url):
    response = Client().get(url)
    return response.status_code, b"".join(response.streaming_content) if response.status_code == 200 else b""


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
    assert downloaded(review.report.url) == (200, CORRECTED)
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
