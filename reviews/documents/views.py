"""Admin screens for a review's report: correcting the PDF, importing from Word, accessibility."""

from operator import attrgetter

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from reviews.documents.accessibility import (
    REPORT_PERMISSIONS,
    accessibility_rows,
    can_see_accessibility,
    rows_to_fix,
)
from reviews.documents.correction import CorrectPublishedReportAction, correctable_fields
from reviews.documents.forms import pdf_refusal
from reviews.documents.word_import import WordFileRefused, import_word_file, is_word_file_name
from reviews.window import queries, rules
from reviews.window.views.page_action import PageActionFormView

REASON_MIN_LENGTH = 10


class CorrectReportMenuItem(ActionMenuItem):
    label = "Correct the published report…"
    name = "action-correct-report"
    icon_name = "doc-full"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and page.live
            and queries.is_window_model(type(page))
            and bool(correctable_fields(page))
            and context["request"].user.has_perm(rules.WITHDRAW_PERMISSION)
        )

    def get_url(self, parent_context):
        return reverse("reviews_correct_report", args=[parent_context["page"].pk])


class CorrectReportForm(forms.Form):
    field = forms.ChoiceField(label="Document to correct")
    file = forms.FileField(label="Corrected PDF")
    reason = forms.CharField(
        label="What was wrong",
        widget=forms.Textarea(attrs={"rows": 3}),
        min_length=REASON_MIN_LENGTH,
        help_text="Kept in the review's history, never shown on the public site.",
        error_messages={
            "required": "Say what was wrong with the published file; it is kept in the review's history.",
            "min_length": f"Say what was wrong in at least {REASON_MIN_LENGTH} characters.",
        },
    )
    confirm = forms.BooleanField(
        label="I confirm the corrected file replaces the published one now",
        error_messages={"required": "Tick the box to confirm the corrected file replaces the published one."},
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = choices

    def clean_file(self):
        upload = self.cleaned_data["file"]
        message = pdf_refusal(upload)
        if message:
            raise forms.ValidationError(message)
        return upload


class CorrectReportView(PageActionFormView):
    form_class = CorrectReportForm
    template_name = "reviews/admin/correct_report.html"
    page_title = "Correct the published report"
    header_icon = "doc-full"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        # Asked before the form is shown, so nobody prepares a correction that cannot happen.
        CorrectPublishedReportAction(self.page, request.user).check()
        return super().dispatch(request, page_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": correctable_fields(self.page)}

    def form_valid(self, form):
        data = form.cleaned_data
        CorrectPublishedReportAction(
            self.page, self.request.user, data["field"], data["file"], data["reason"]
        ).execute()
        messages.success(
            self.request,
            f"The corrected file is now published for “{self.page.title}”; the old one is kept privately.",
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


WORD_BODY_FIELD = "report_body"
MAX_WORD_FILE_BYTES = 30 * 1024 * 1024


def can_import_word_report(page, user):
    """Page types with a web report, for people who may edit the page now (not locked by someone else)."""
    if not hasattr(page, WORD_BODY_FIELD) or not page.permissions_for_user(user).can_edit():
        return False
    lock = page.get_lock()
    return lock is None or not lock.for_user(user)


class ImportWordReportMenuItem(ActionMenuItem):
    label = "Import a Word report…"
    name = "action-import-word-report"
    icon_name = "doc-full-inverse"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and can_import_word_report(page, context["request"].user)
        )

    def get_url(self, parent_context):
        return reverse("reviews_import_word_report", args=[parent_context["page"].pk])


class ImportWordReportForm(forms.Form):
    file = forms.FileField(
        label="Word file (.docx)",
        help_text="Word's headings become the report's sections and its footnotes its footnotes.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not is_word_file_name(upload.name):
            raise forms.ValidationError(
                "Import a Word document ending .docx. In Word, use File > Save As > Word Document (.docx)."
            )
        if upload.size > MAX_WORD_FILE_BYTES:
            raise forms.ValidationError(
                "The file is larger than 30 MB. Make the pictures in it smaller and try again."
            )
        return upload


class ImportWordReportView(PageActionFormView):
    """Replaces the web report in a new draft revision, never publishing: the workflow decides that."""

    form_class = ImportWordReportForm
    template_name = "reviews/admin/import_word_report.html"
    page_title = "Import a Word report"
    header_icon = "doc-full-inverse"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not hasattr(self.page, WORD_BODY_FIELD):
            raise Http404
        if not can_import_word_report(self.page, request.user):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def form_valid(self, form):
        try:
            body = import_word_file(form.cleaned_data["file"], self.page.title, self.request.user)
        except WordFileRefused as refused:
            form.add_error("file", refused.problems)
            return self.form_invalid(form)
        draft = self.page.get_latest_revision_as_object()
        setattr(draft, WORD_BODY_FIELD, body)
        draft.save_revision(user=self.request.user, log_action=True)
        messages.success(
            self.request,
            f"The Word report is now a draft of “{self.page.title}”. Check it, then publish or submit it "
            "as usual.",
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class ReportAccessibilityView(ReportView):
    """Every review: whether it has a web version, and whether its PDF is tagged, titled and in a language."""

    template_name = "reviews/admin/reports/report_accessibility.html"
    page_title = "Report accessibility"
    header_icon = "doc-full"
    index_url_name = "report_accessibility_report"
    index_results_url_name = "report_accessibility_report_results"
    model = Page
    any_permission_required = REPORT_PERMISSIONS
    default_ordering = "title"
    no_results_message = "There are no reviews yet."
    export_filename = "report-accessibility"
    columns = [
        TitleColumn("title", label="Title", get_url=attrgetter("edit_url"), sort_key="title"),
        Column("type_label", label="Type"),
        Column("web_version", label="Web version"),
        Column("pdf_tagged", label="PDF tagged"),
        Column("pdf_title", label="PDF title"),
        Column("pdf_language", label="PDF language"),
        Column("to_fix", label="To fix"),
    ]
    list_export = ["title", "type_label", "web_version", "pdf_tagged", "pdf_title", "pdf_language", "to_fix"]
    export_headings = {
        "title": "Title",
        "type_label": "Type",
        "web_version": "Web version",
        "pdf_tagged": "PDF tagged",
        "pdf_title": "PDF title",
        "pdf_language": "PDF language",
        "to_fix": "To fix",
    }

    def get_base_queryset(self):
        return accessibility_rows(self.request.user)

    def order_queryset(self, rows):
        """The rows come from several tables, so they are sorted here."""
        return sorted(rows, key=attrgetter("title"), reverse=self.ordering.startswith("-"))


class ReportAccessibilityMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_accessibility(request.user)


class ReportsToMakeAccessiblePanel(Component):
    """On the dashboard: the reviews with no web version or a PDF that fails the basics."""

    name = "reviews_reports_to_make_accessible"
    template_name = "reviews/admin/dashboard_report_accessibility.html"
    order = 160
    shown = 10

    def __init__(self, user):
        self.rows = rows_to_fix(user)

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows[: self.shown],
            "total": len(self.rows),
            "report_url": reverse("report_accessibility_report"),
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.rows else ""
