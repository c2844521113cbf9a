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

from reviews.documents import disclosure, disclosure_records
from reviews.documents.accessibility import (
    REPORT_PERMISSIONS,
    accessibility_rows,
    can_see_accessibility,
    rows_to_fix,
)
from reviews.documents.correction import CorrectPublishedReportAction, correctable_fields
from reviews.documents.forms import pdf_refusal
from reviews.documents.models import DisclosureFinding, ProtectedName
from reviews.documents.word_import import (
    WordFileRefused,
    import_word_file,
    is_word_file_name,
    removed_message,
)
from reviews.window import queries, rules
from reviews.window.forms import reason_field
from reviews.window.views.page_action import PageActionFormView


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
    reason = reason_field(
        "What was wrong",
        "Kept in the review's history, never shown on the public site.",
        asking="Say what was wrong with the published file",
        kept_in="the review's history",
        rows=3,
    )
    confirm = forms.BooleanField(
        label="I confirm the corrected file replaces the published one now",
        error_messages={"required": "Tick the box to confirm the corrected file replaces the published one."},
    )

    def __init__(self, *args, choices=(), page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = choices
        self.page = page

    def clean_file(self):
        upload = self.cleaned_data["file"]
        message = pdf_refusal(upload) or disclosure_records.upload_refusal(upload, self.page)
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
        return {**super().get_form_kwargs(), "choices": correctable_fields(self.page), "page": self.page}

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
            imported = import_word_file(
                form.cleaned_data["file"],
                self.page.title,
                self.request.user,
                listed_terms=disclosure_records.listed_terms_for(self.page),
            )
        except WordFileRefused as refused:
            form.add_error("file", refused.problems)
            return self.form_invalid(form)
        draft = self.page.get_latest_revision_as_object()
        setattr(draft, WORD_BODY_FIELD, imported.blocks)
        draft.save_revision(user=self.request.user, log_action=True)
        messages.success(
            self.request,
            f"The Word report is now a draft of “{self.page.title}”. Check it, then publish or submit it "
            f"as usual. {removed_message(imported.removed)}".strip(),
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


class DisclosureChecksNeedingAttentionPanel(Component):
    """On the administrators' dashboard: files waiting too long for their check, or that could not be checked.

    A file stuck in the queue holds its review back from publication; this is where someone notices.
    """

    name = "reviews_disclosure_checks_needing_attention"
    template_name = "reviews/admin/dashboard_disclosure_checks.html"
    order = 60
    shown = 10

    def __init__(self):
        self.checks = list(disclosure_records.checks_needing_attention()[: self.shown + 1])

    def get_context_data(self, parent_context):
        return {
            "rows": [
                {"check": check, "waited": disclosure_records.waiting_for(check)}
                for check in self.checks[: self.shown]
            ],
            "more": len(self.checks) > self.shown,
            "limit_minutes": int(disclosure_records.WAITING_TOO_LONG.total_seconds() // 60),
        }

    def render_html(self, parent_context=None):
        return super().render_html(parent_context) if self.checks else ""


class AcceptFindingForm(forms.Form):
    reason = reason_field(
        "Why this finding can be accepted",
        "For example: the invisible text is the OCR layer of a scanned appendix.",
        asking="Give the reason for accepting this finding",
        kept_in="the page's history",
        rows=3,
    )


class DisclosureAcceptView(PageActionFormView):
    """A partnership administrator accepts one finding of the disclosure check, with a written reason."""

    form_class = AcceptFindingForm
    template_name = "reviews/admin/disclosure_accept.html"
    page_title = "Accept a disclosure check finding"
    header_icon = "warning"

    def dispatch(self, request, page_id, finding_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not queries.can_take_down(request.user):
            raise PermissionDenied("Only partnership administrators can accept a disclosure check finding.")
        documents = [document for document, _check in disclosure_records.checks_for_page(self.page)]
        self.finding = get_object_or_404(
            DisclosureFinding.objects.select_related("disclosure_check__document"),
            pk=finding_id,
            disclosure_check__document__in=documents,
        )
        return super().dispatch(request, page_id, finding_id)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "finding": self.finding,
            "description": disclosure_records.describe_findings([self.finding]),
            "document": self.finding.disclosure_check.document,
        }

    def form_valid(self, form):
        disclosure_records.accept_finding(
            self.finding, self.page, self.request.user, form.cleaned_data["reason"]
        )
        messages.success(self.request, "The finding is accepted; the reason is kept in the page's history.")
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class ProtectedNamesForm(forms.Form):
    names = forms.CharField(
        label="Names and terms that must not appear",
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=(
            "One a line: the child's real name, siblings, school, street. Only keyed hashes are kept, "
            "never the words; a finding names the page, never the name."
        ),
    )

    def clean_names(self):
        terms = [line.strip() for line in self.cleaned_data["names"].splitlines() if line.strip()]
        if not any(disclosure.normalised_words(term) for term in terms):
            raise forms.ValidationError("Enter at least one name or term with letters or digits.")
        return terms


class ProtectedNamesView(PageActionFormView):
    """Staff who may edit a review list the names its documents must not contain, and remove them."""

    form_class = ProtectedNamesForm
    template_name = "reviews/admin/disclosure_names.html"
    page_title = "Names that must not appear"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if (
            not queries.is_window_model(type(self.page))
            or not self.page.permissions_for_user(request.user).can_edit()
        ):
            raise PermissionDenied
        return super().dispatch(request, page_id)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "protected_names": ProtectedName.objects.filter(page=self.page).select_related("added_by"),
        }

    def post(self, request, *args, **kwargs):
        remove = request.POST.get("remove")
        if remove:
            name = get_object_or_404(ProtectedName, pk=remove, page=self.page)
            disclosure_records.remove_protected_name(name, self.page, request.user)
            messages.success(request, "The name is removed from the list.")
            return redirect("reviews_disclosure_names", self.page.pk)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        added = [
            disclosure_records.add_protected_name(self.page, term, self.request.user)
            for term in form.cleaned_data["names"]
        ]
        count = len([name for name in added if name])
        messages.success(
            self.request,
            f"{count} name{'' if count == 1 else 's'} added. The documents are checked for "
            f"{'it' if count == 1 else 'them'} before the page is approved or published.",
        )
        return redirect("reviews_disclosure_names", self.page.pk)
