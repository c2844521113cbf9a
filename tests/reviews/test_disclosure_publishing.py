"""The disclosure check in the process: upload, the editor's panel, publishing, approval, downloads."""

import datetime
import io
from io import StringIO

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import PageLogEntry, Revision, TaskState
from wagtail.test.utils.form_data import querydict_from_html

from reviews.documents import disclosure_records
from reviews.documents.models import DisclosureCheck, ProtectedName
from reviews.documents.receivers import DisclosureRefusal
from reviews.models import CSPRPage, SCRPage
from tests.cspr_site.factories import InformationPageFactory
from tests.learning.factories import LearningPageFactory
from tests.reviews import disclosure_corpus as corpus
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

pytestmark = pytest.mark.django_db

REFUSED = "The disclosure check stops this page going live"


def upload(client, name, data, title="Full report"):
    """What an editor does: Documents > Add a document."""
    form = querydict_from_html(client.get("/admin/documents/add/").content.decode(), form_id="w-editor-form")
    form["title"] = title
    response = client.post(
        "/admin/documents/add/", {**form.dict(), "file": SimpleUploadedFile(f"{name}.pdf", data)}
    )
    assert response.status_code == 302, response.context["form"].errors
    return get_document_model().objects.get(title=title)


def edit_form(client, page):
    return querydict_from_html(
        client.get(f"/admin/pages/{page.pk}/edit/").content.decode(), form_id="page-edit-form"
    )


def publish_from_the_editor(client, page):
    data = edit_form(client, page)
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)


def messages_in(response):
    return [str(message) for message in response.context["messages"]]


def refusal_beside(response, field):
    """The editor form came back, unsaved as published, with the refusal under the document field."""
    assert response.status_code == 200
    return " ".join(response.context["form"].errors.get(field, []))


def panel_of(client, page):
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    start = html.index("<strong>Disclosure check.</strong>")
    return html[start : html.index("</div>", start)]


@pytest.fixture
def draft_with(review_index, admin_client):
    """A CSPR draft whose report is this corpus file, uploaded through the admin."""

    def make(name, data):
        report = upload(admin_client, name, data)
        return CSPRPageFactory(parent=review_index, published=False, report=report, title="Child Q")

    return make


@pytest.mark.parametrize("name", corpus.FINDINGS)
def test_every_finding_uploaded_is_listed_in_the_panel_and_stops_publishing(name, admin_client, draft_with):
    builder, kind = corpus.FINDINGS[name]
    review = draft_with(name, builder())

    panel = panel_of(admin_client, review)
    response = publish_from_the_editor(admin_client, review)

    assert f"Page 1: {disclosure_records.KIND_LABELS[kind]}" in panel
    assert "Jane Smith lives at 12 Oak Road".casefold() in panel.casefold()
    refusal = refusal_beside(response, "report")
    assert REFUSED in refusal and "on page 1" in refusal
    assert not CSPRPage.objects.get(pk=review.pk).live


@pytest.mark.parametrize("name", corpus.CONTROLS)
def test_every_clean_control_uploaded_publishes(name, admin_client, draft_with):
    review = draft_with(name, corpus.CONTROLS[name]())

    panel = panel_of(admin_client, review)
    publish_from_the_editor(admin_client, review)

    assert "Nothing hidden was found in 1 page" in panel or "Nothing hidden was found in 3 pages" in panel
    assert CSPRPage.objects.get(pk=review.pk).live


def test_the_panel_says_what_the_public_copy_leaves_out(admin_client, draft_with):
    review = draft_with("baggage", corpus.with_hidden_baggage())

    panel = panel_of(admin_client, review)

    assert "Removed from the copy the public downloads: document information (Author" in panel
    assert "1 embedded file" in panel
    assert "JavaScript" in panel


def test_publishing_from_the_editor_keeps_what_the_editor_typed(admin_client, draft_with):
    review = draft_with("box", corpus.text_under_black_box())
    data = edit_form(admin_client, review)
    data["title"] = "Child Q (revised)"
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{review.pk}/edit/", data)

    assert response.context["form"]["title"].value() == "Child Q (revised)"
    assert REFUSED in refusal_beside(response, "report")


def test_code_cannot_publish_a_review_whose_report_hides_text(draft_with):
    review = draft_with("box", corpus.text_under_black_box())

    with pytest.raises(DisclosureRefusal, match="text under a box on page 1"):
        review.save_revision().publish()

    assert not CSPRPage.objects.get(pk=review.pk).live


def test_a_learning_page_with_a_hidden_text_pdf_cannot_be_published(review_index, admin_client):
    review = CSPRPageFactory(parent=review_index)
    pdf = upload(admin_client, "learning", corpus.white_text_on_white_page())
    learning = LearningPageFactory(parent=review_index, review=review, pdf_version=pdf, published=False)

    panel = panel_of(admin_client, learning)
    response = publish_from_the_editor(admin_client, learning)

    assert "Page 1: invisible text (in the colour of what is behind it)" in panel
    assert REFUSED in refusal_beside(response, "pdf_version")
    learning.refresh_from_db()
    assert not learning.live


def test_the_scheduler_leaves_a_review_with_hidden_text_unpublished(draft_with):
    review = draft_with("box", corpus.text_under_black_box())
    revision = review.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    errors = StringIO()

    call_command("publish_on_schedule", stdout=StringIO(), stderr=errors)

    assert not CSPRPage.objects.get(pk=review.pk).live
    assert REFUSED in errors.getvalue()


def test_bulk_publishing_a_review_with_hidden_text_is_refused_naming_it(
    review_index, admin_client, administrator_user, client_for
):
    report = upload(admin_client, "box", corpus.text_under_black_box())
    scr = SCRPageFactory(parent=review_index, published=False, report=report, title="Child S")
    administrator = client_for(administrator_user)
    url = f"/admin/bulk/wagtailcore/page/publish/?id={scr.pk}&next=/admin/pages/{review_index.pk}/"

    response = administrator.post(url, {"include_descendants": ""}, follow=True)

    assert any(f"“Child S”: {REFUSED}" in message for message in messages_in(response))
    assert not SCRPage.objects.get(pk=scr.pk).live


def submit(client, page):
    data = edit_form(client, page)
    data["action-submit"] = "Submit"
    assert client.post(f"/admin/pages/{page.pk}/edit/", data).status_code == 302
    page.refresh_from_db()
    return page


def approve(client, page):
    task_state = page.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    return client.get(response["Location"], follow=True)


@pytest.mark.parametrize(
    ("make_page", "step"),
    [
        (
            lambda index, report: CSPRPageFactory(parent=index, published=False, report=report),
            "Statutory notice",
        ),
        (
            lambda index, report: SCRPageFactory(parent=index, published=False, report=report),
            "Moderator approval",
        ),
    ],
    ids=["statutory-notice-step", "moderator-approval-step"],
)
def test_approval_is_refused_at_either_step_while_a_finding_is_unresolved(
    make_page, step, review_index, admin_client, editor_user, moderator_user, client_for
):
    report = upload(admin_client, "redact", corpus.unapplied_redaction())
    page = submit(client_for(editor_user), make_page(review_index, report))
    assert page.current_workflow_task.name == step

    response = approve(client_for(moderator_user), page)

    assert any(
        REFUSED in message and "a redaction never applied on page 1" in message
        for message in messages_in(response)
    )
    page.refresh_from_db()
    assert PageLogEntry.objects.filter(page=page, action="reviews.workflow.approval_refused").exists()
    assert page.current_workflow_task.name == step
    assert page.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not page.live


def test_approving_from_the_editor_is_refused_beside_the_report(
    review_index, admin_client, editor_user, moderator_user, client_for
):
    report = upload(admin_client, "tiny", corpus.text_too_small_to_see())
    page = submit(
        client_for(editor_user), SCRPageFactory(parent=review_index, published=False, report=report)
    )
    moderator = client_for(moderator_user)
    data = edit_form(moderator, page)
    data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})

    response = moderator.post(f"/admin/pages/{page.pk}/edit/", data)

    assert "invisible text on page 1" in refusal_beside(response, "report")
    page.refresh_from_db()
    assert page.current_workflow_task.name == "Moderator approval"
    assert not page.live


def test_a_name_listed_after_upload_is_found_when_the_page_is_approved(
    review_index, admin_client, editor_user, moderator_user, client_for
):
    report = upload(admin_client, "named", corpus.child_named_in_the_text())
    page = submit(
        client_for(editor_user), SCRPageFactory(parent=review_index, published=False, report=report)
    )
    admin_client.post(f"/admin/reviews/disclosure/{page.pk}/names/", {"names": "Jane Smith"})

    response = approve(client_for(moderator_user), page)

    assert any("a listed name or term on page 1" in message for message in messages_in(response))
    page.refresh_from_db()
    assert not page.live


def test_an_administrator_accepts_a_finding_with_a_reason_and_the_review_can_then_be_published(
    admin_client, administrator_user, client_for, draft_with
):
    review = draft_with("ocr", corpus.text_in_invisible_mode())
    finding = review.report.disclosure_check.findings.get()
    administrator = client_for(administrator_user)
    url = f"/admin/reviews/disclosure/{review.pk}/accept/{finding.pk}/"

    too_short = administrator.post(url, {"reason": "ok"})
    accepted = administrator.post(
        url, {"reason": "The invisible text is the OCR layer of the scanned appendix."}
    )

    assert (
        "Give the reason for accepting this finding in at least 10 characters" in too_short.content.decode()
    )
    assert accepted.status_code == 302
    entry = PageLogEntry.objects.get(page=review, action=disclosure_records.ACCEPTED_ACTION)
    assert entry.user == administrator_user
    assert entry.data["reason"] == "The invisible text is the OCR layer of the scanned appendix."
    assert "Accepted</strong> by" in panel_of(admin_client, review)
    publish_from_the_editor(admin_client, review)
    assert CSPRPage.objects.get(pk=review.pk).live


def test_an_editor_cannot_accept_a_finding(editor_user, client_for, draft_with):
    review = draft_with("ocr", corpus.text_in_invisible_mode())
    finding = review.report.disclosure_check.findings.get()
    editor = client_for(editor_user)

    editor.post(
        f"/admin/reviews/disclosure/{review.pk}/accept/{finding.pk}/",
        {"reason": "It looks fine to me, honestly."},
    )

    finding.refresh_from_db()
    assert not finding.is_accepted
    assert "Accept with a reason" not in panel_of(editor, review)


def test_names_entered_by_staff_are_kept_as_hashes_only_and_stop_publishing(admin_client, draft_with):
    review = draft_with("named", corpus.child_named_in_the_text())
    url = f"/admin/reviews/disclosure/{review.pk}/names/"

    response = admin_client.post(url, {"names": "Jane Smith\nOakfield Primary\nTom Jones"}, follow=True)

    assert any("3 names added" in message for message in messages_in(response))
    assert ProtectedName.objects.filter(page=review).count() == 3
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ProtectedName._meta.db_table}")
        stored = repr(cursor.fetchall()).casefold()
    assert "jane" not in stored and "smith" not in stored and "oakfield" not in stored
    refused = publish_from_the_editor(admin_client, review)
    shown = refusal_beside(refused, "report")
    assert "a listed name or term on page 1" in shown
    assert "Jane" not in shown
    assert not CSPRPage.objects.get(pk=review.pk).live


def test_a_removed_name_no_longer_stops_publishing(admin_client, draft_with):
    review = draft_with("named", corpus.child_named_in_the_text())
    url = f"/admin/reviews/disclosure/{review.pk}/names/"
    admin_client.post(url, {"names": "Jane Smith"})
    name = ProtectedName.objects.get(page=review)

    admin_client.post(url, {"remove": name.pk})
    publish_from_the_editor(admin_client, review)

    assert CSPRPage.objects.get(pk=review.pk).live
    assert PageLogEntry.objects.filter(page=review, action=disclosure_records.NAME_REMOVED_ACTION).exists()


def test_names_listed_for_a_review_apply_to_its_learning_on_a_page(review_index, admin_client):
    review = CSPRPageFactory(parent=review_index)
    admin_client.post(f"/admin/reviews/disclosure/{review.pk}/names/", {"names": "Oakfield"})
    pdf = upload(admin_client, "learning", corpus.child_named_in_the_text())
    learning = LearningPageFactory(parent=review_index, review=review, pdf_version=pdf, published=False)

    publish_from_the_editor(admin_client, learning)

    learning.refresh_from_db()
    assert not learning.live


def test_the_public_downloads_the_cleaned_copy_and_staff_the_original(admin_client, review_index):
    original = corpus.with_hidden_baggage()
    report = upload(admin_client, "baggage", original)
    CSPRPageFactory(parent=review_index, report=report)

    public = Client().get(report.url)
    staff = admin_client.get(report.url)

    public_bytes = public.content
    assert public["Content-Type"] == "application/pdf"
    assert (
        public["Content-Disposition"]
        == staff["Content-Disposition"]
        == f'inline; filename="{report.filename}"'
    )
    with pikepdf.open(io.BytesIO(public_bytes)) as pdf:
        assert "/Info" not in pdf.trailer
        assert len(pdf.attachments) == 0
    assert b"".join(staff.streaming_content) == original


def test_a_long_report_is_checked_outside_the_request_and_publishing_waits(
    admin_client, draft_with, monkeypatch
):
    monkeypatch.setattr(disclosure_records, "INLINE_PAGE_LIMIT", 2)
    review = draft_with("long", corpus.long_report(pages=3))

    waiting = panel_of(admin_client, review)
    refused = publish_from_the_editor(admin_client, review)
    call_command("run_disclosure_checks", stdout=StringIO())
    checked = panel_of(admin_client, review)
    publish_from_the_editor(admin_client, review)

    assert "Checking…" in waiting
    assert "is still being checked" in refusal_beside(refused, "report")
    assert "Nothing hidden was found in 3 pages" in checked
    assert CSPRPage.objects.get(pk=review.pk).live


def test_replacing_the_file_of_a_draft_report_checks_the_new_file(admin_client, draft_with):
    review = draft_with("clean", corpus.table_with_black_header_cells())
    report = review.report
    form = querydict_from_html(
        admin_client.get(f"/admin/documents/edit/{report.pk}/").content.decode(), form_id="w-editor-form"
    )

    admin_client.post(
        f"/admin/documents/edit/{report.pk}/",
        {**form.dict(), "file": SimpleUploadedFile("box.pdf", corpus.text_under_black_box())},
    )

    check = DisclosureCheck.objects.get(document=report)
    assert [finding.kind for finding in check.findings.all()] == ["covered_text"]


def test_correcting_a_published_report_with_a_file_that_hides_text_is_refused(
    review_index, administrator_user, client_for
):
    review = CSPRPageFactory(parent=review_index)
    administrator = client_for(administrator_user)

    response = administrator.post(
        f"/admin/reviews/correct-report/{review.pk}/",
        {
            "field": "report",
            "file": SimpleUploadedFile("report.pdf", corpus.text_under_black_box()),
            "reason": "The published report named a sibling.",
            "confirm": "on",
        },
    )

    assert response.status_code == 200
    assert "text under a box on page 1" in str(response.context["form"].errors["file"])
    review.refresh_from_db()
    assert review.report.title.startswith("Report")


def test_the_public_gets_the_cleaned_copy_of_a_long_file_once_it_is_checked(
    admin_client, monkeypatch, home_page
):
    monkeypatch.setattr(disclosure_records, "INLINE_PAGE_LIMIT", 2)
    original = corpus.long_report(pages=3)
    report = upload(admin_client, "long", original)
    # Linked from an information page, which has no check to wait for, so the public can download it.
    InformationPageFactory(parent=home_page, body=f'<p><a linktype="document" id="{report.pk}">Long</a></p>')

    waiting = b"".join(Client().get(report.url))
    call_command("run_disclosure_checks", stdout=StringIO())
    checked = Client().get(report.url).content

    assert waiting == original
    with pikepdf.open(io.BytesIO(checked)) as pdf:
        assert "/Info" not in pdf.trailer


def test_documents_uploaded_before_the_check_existed_are_checked_with_all(admin_client):
    report = upload(admin_client, "box", corpus.text_under_black_box())
    DisclosureCheck.objects.filter(document=report).delete()
    output = StringIO()

    call_command("run_disclosure_checks", "--all", stdout=output)

    assert "Full report" in output.getvalue() and "1 finding" in output.getvalue()
    assert DisclosureCheck.objects.get(document=report).findings.get().kind == "covered_text"
