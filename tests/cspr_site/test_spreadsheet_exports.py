"""Every spreadsheet the admin exports keeps text that a spreadsheet would run as a formula as text."""

import csv
import inspect
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from cspr_site.spreadsheets import neutralise_formula
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://attacker.example/","Open the report")'

EXPORTS = {
    "publication windows": lambda: reverse("publication_windows_report"),
    "report accessibility": lambda: reverse("report_accessibility_report"),
    "site history": lambda: reverse("wagtailadmin_reports:site_history"),
    "locked pages": lambda: reverse("wagtailadmin_reports:locked_pages"),
    "ageing pages": lambda: reverse("wagtailadmin_reports:aging_pages"),
    "workflows": lambda: reverse("wagtailadmin_reports:workflow"),
    "redirects": lambda: reverse("wagtailredirects:index"),
}


@pytest.fixture
def formula_everywhere(review_index, superuser):
    """A review whose title is a formula, published, locked, in moderation, and a redirect to one."""
    review = CSPRPageFactory(parent=review_index, title=FORMULA, slug="child-f")
    review.get_workflow().start(review, superuser)
    Page.objects.filter(pk=review.pk).update(locked=True, locked_by=superuser, locked_at=timezone.now())
    Redirect.objects.create(old_path="/old-report", redirect_link=FORMULA)
    return review


def downloaded(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def cells_naming_the_formula(rows):
    cells = [cell for row in rows for cell in row if isinstance(cell, str) and "HYPERLINK" in cell]
    assert cells, "the export does not show the page at all"
    return cells


@pytest.mark.parametrize("export", EXPORTS)
def test_a_csv_export_keeps_a_formula_as_text(formula_everywhere, admin_client, export):
    response = admin_client.get(EXPORTS[export](), {"export": "csv"})

    rows = list(csv.reader(io.StringIO(downloaded(response).decode("utf-8-sig"), newline="")))

    assert all(cell == f"'{FORMULA}" for cell in cells_naming_the_formula(rows))


@pytest.mark.parametrize("export", EXPORTS)
def test_an_xlsx_export_stores_a_formula_as_text(formula_everywhere, admin_client, export):
    response = admin_client.get(EXPORTS[export](), {"export": "xlsx"})

    sheet = openpyxl.load_workbook(io.BytesIO(downloaded(response))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]

    assert {cell.data_type for cell in cells if "HYPERLINK" in str(cell.value)} == {"s"}


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_trigger_is_neutralised(value):
    assert neutralise_formula(value) == f"'{value}"


@pytest.mark.parametrize("value", ["Child F", "", None, 12, "'=already text"])
def test_other_values_are_left_as_they_are(value):
    assert neutralise_formula(value) == value


def test_wagtails_csv_writer_still_passes_every_value_through_the_wrapped_step():
    """Pins the Wagtail method `cspr_site/spreadsheets.py` wraps: an upgrade that stops calling it fails."""
    assert getattr(SpreadsheetExportMixin.preprocess_field_value, "neutralises_formulas", False)
    assert "self.preprocess_field_value(field, value, self.FORMAT_CSV)" in inspect.getsource(
        SpreadsheetExportMixin.write_csv_row
    )
