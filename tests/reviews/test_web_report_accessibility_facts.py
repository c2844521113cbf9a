"""Staff see which reports fall short: no web version, or a PDF untagged, untitled or without a language."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from reviews.models import PdfDetails
from tests.cspr_site.factories import PdfDocumentFactory
from tests.pdfs import make_accessible_pdf, make_pdf
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, report_body_data

pytestmark = pytest.mark.django_db

REPORT_URL = "/admin/reports/report-accessibility/"


def accessible_document():
    return PdfDocumentFactory(file=ContentFile(make_accessible_pdf(), name="accessible.pdf"))


def test_a_tagged_pdf_has_its_title_and_language_recorded_on_upload():
    details = PdfDetails.objects.get(document=accessible_document())
    assert (details.is_tagged, details.title, details.language) == (
        True,
        "Young Person A: the report",
        "en-GB",
    )


def test_an_untagged_pdf_is_recorded_as_untagged_with_no_title_or_language():
    details = PdfDetails.objects.get(
        document=PdfDocumentFactory(file=ContentFile(make_pdf(), name="plain.pdf"))
    )
    assert (details.is_tagged, details.title, details.language) == (False, "", "")


def test_the_report_lists_what_each_review_must_fix(admin_client, review_index):
    CSPRPageFactory(
        parent=review_index, title="Baby F", report=accessible_document(), report_body=report_body_data(1)
    )
    SCRPageFactory(parent=review_index, title="Child WR")

    response = admin_client.get(REPORT_URL)

    rows = {row.title: row for row in response.context["object_list"]}
    assert rows["Baby F"].to_fix == ""
    assert (rows["Baby F"].web_version, rows["Baby F"].pdf_tagged) == ("Yes", "Yes")
    assert rows["Child WR"].to_fix == "No web version, PDF not tagged, PDF has no title, PDF has no language"
    assert "PDF not tagged" in response.content.decode()


def test_the_dashboard_names_the_reviews_whose_report_is_not_yet_accessible(admin_client, review_index):
    CSPRPageFactory(
        parent=review_index, title="Baby F", report=accessible_document(), report_body=report_body_data(1)
    )
    SCRPageFactory(parent=review_index, title="Child WR", report=accessible_document())

    html = admin_client.get("/admin/").content.decode()

    assert "Reports not yet accessible" in html
    assert "1 review has no web version" in html
    assert ">Child WR</a>" in html and ">Baby F</a>" not in html


def test_the_dashboard_says_nothing_when_every_report_is_accessible(admin_client, review_index):
    CSPRPageFactory(
        parent=review_index, title="Baby F", report=accessible_document(), report_body=report_body_data(1)
    )
    assert "Reports not yet accessible" not in admin_client.get("/admin/").content.decode()


def test_pdfs_uploaded_before_the_facts_were_kept_are_read_by_a_command():
    document = accessible_document()
    PdfDetails.objects.filter(document=document).update(is_tagged=None, title="", language="")
    output = StringIO()

    call_command("read_pdf_details", stdout=output)

    details = PdfDetails.objects.get(document=document)
    assert (details.is_tagged, details.language) == (True, "en-GB")
    assert "Read 1 document." in output.getvalue()
