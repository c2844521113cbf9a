"""Every spreadsheet the admin exports is safe to open: no cell runs as a formula.

Wagtail's reports and listings (this site's reports, and Wagtail's own: site history, locked
pages, ageing pages, workflows, redirects) export through one mixin. Its XLSX writer already stores
formula-like text as text; its CSV writer does not, so a page title typed as `=HYPERLINK(…)` would
run in the spreadsheet of whoever opens the export. This module wraps the mixin's one per-value
step for every CSV export. It is the only place the site changes a Wagtail class, and
`tests/cspr_site/test_spreadsheet_exports.py` pins the method it wraps.
"""

import functools
import numbers

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# A cell starting with one of these is a formula to a spreadsheet (and a tab or carriage return
# can hide one); text typed by anyone who can edit must never run as one.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula, kept as text by a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return f"'{value}"
    return value


def neutralise_every_csv_export():
    """Pass every value of every CSV export through `neutralise_formula`; numbers stay numbers."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    @functools.wraps(original)
    def preprocess_field_value(self, field, value, export_format):
        processed = original(self, field, value, export_format)
        if export_format == self.FORMAT_CSV and not isinstance(value, numbers.Number):
            return neutralise_formula(processed)
        return processed

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
