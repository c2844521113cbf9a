"""The "Publication windows" report: when each review may come down, and where it stands now."""

import datetime
from dataclasses import dataclass
from operator import attrgetter

import django_filters
from django.utils import timezone
from django.utils.text import capfirst
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permissions import policy_registry

from reviews.page_rows import PageRow
from reviews.window import queries, rules
from reviews.window.pages import PublicationWindowPage

# Who may open the report: the same rule as Wagtail's own page reports.
REPORT_PERMISSIONS = ["add", "change", "publish"]


def page_type_choices():
    return [
        (model._meta.label_lower, capfirst(model._meta.verbose_name))
        for model in queries.window_page_models()
    ]


@dataclass
class WindowRow(PageRow):
    """One page of the report, with its dates worked out once against the same moment."""

    page: PublicationWindowPage
    status: str
    earliest_takedown: datetime.datetime
    days_remaining: int | None

    @classmethod
    def for_page(cls, page, now):
        status = rules.window_status(page, now)
        earliest = rules.earliest_takedown(page, now)
        days = rules.whole_days_remaining(page, now)
        return cls(page=page, status=status, earliest_takedown=earliest, days_remaining=days)

    @property
    def page_type(self):
        return self.page._meta.label_lower

    @property
    def status_label(self):
        return rules.WindowStatus(self.status).label

    @property
    def live_since(self):
        return self.page.live_since

    @property
    def scheduled_takedown(self):
        return self.page.expire_at


def window_rows(user, now=None):
    """A row for every window page the user can edit: one query per window page type."""
    now = now or timezone.now()
    editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(
        user, ["change", "publish"]
    )
    return [
        WindowRow.for_page(page, now)
        for model in queries.window_page_models()
        for page in model.objects.filter(pk__in=editable.values("pk"))
    ]


class PublicationWindowsFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=rules.WindowStatus.choices, empty_label="Any status"
    )
    page_type = django_filters.ChoiceFilter(label="Type", choices=page_type_choices, empty_label="Any type")

    class Meta:
        model = Page
        fields = []

    def filter_queryset(self, rows):
        """Status comes from the date rule, not a column, so the rows are filtered here in Python."""
        status = self.form.cleaned_data.get("status")
        page_type = self.form.cleaned_data.get("page_type")
        return [
            row
            for row in rows
            if (not status or row.status == status) and (not page_type or row.page_type == page_type)
        ]


# Excel reads a CSV without a byte order mark as Windows-1252: "Live – in window" would break.
UTF8_BOM = "\ufeff"


def _moment(value):
    return rules.format_moment(value) if value else ""


def _local_moment(value):
    """Spreadsheets have no time zones: show the partnership's local time, as the admin does."""
    return timezone.make_naive(value, rules.PARTNERSHIP_TIME_ZONE)


class PublicationWindowsReportView(ReportView):
    """Lists every review and summary with the date it may come down, soonest first."""

    template_name = "reviews/admin/reports/publication_windows.html"
    page_title = "Publication windows"
    header_icon = "calendar-alt"
    index_url_name = "publication_windows_report"
    index_results_url_name = "publication_windows_report_results"
    filterset_class = PublicationWindowsFilterSet
    model = Page
    any_permission_required = REPORT_PERMISSIONS
    default_ordering = "earliest_takedown"
    no_results_message = "No reviews or Learning on a Page summaries match."
    export_filename = "publication-windows"
    columns = [
        TitleColumn("title", label="Title", get_url=attrgetter("edit_url"), sort_key="title"),
        Column("type_label", label="Type"),
        Column("status_label", label="Status"),
        Column("live_since", label="Live since", accessor=lambda row: _moment(row.live_since)),
        Column(
            "earliest_takedown",
            label="Earliest takedown",
            accessor=lambda row: _moment(row.earliest_takedown),
            sort_key="earliest_takedown",
        ),
        Column(
            "scheduled_takedown",
            label="Scheduled takedown",
            accessor=lambda row: _moment(row.scheduled_takedown),
        ),
        Column("days_remaining", label="Days remaining"),
    ]
    list_export = [
        "title",
        "type_label",
        "status_label",
        "live_since",
        "earliest_takedown",
        "scheduled_takedown",
        "days_remaining",
    ]
    export_headings = {
        "title": "Title",
        "type_label": "Type",
        "status_label": "Status",
        "live_since": "Live since",
        "earliest_takedown": "Earliest takedown",
        "scheduled_takedown": "Scheduled takedown",
        "days_remaining": "Days remaining in window",
    }
    custom_value_preprocess = {
        **ReportView.custom_value_preprocess,
        datetime.datetime: {
            ReportView.FORMAT_XLSX: _local_moment,
            ReportView.FORMAT_CSV: lambda value: f"{_local_moment(value):%Y-%m-%d %H:%M}",
        },
    }

    def get_base_queryset(self):
        return window_rows(self.request.user)

    def stream_csv(self, queryset):
        yield UTF8_BOM
        yield from super().stream_csv(queryset)

    def write_csv_response(self, queryset):
        response = super().write_csv_response(queryset)
        response["Content-Type"] = "text/csv; charset=utf-8"
        return response

    def order_queryset(self, rows):
        """The rows are Python objects from several tables, so they are sorted here."""
        descending = self.ordering.startswith("-")
        return sorted(rows, key=attrgetter(self.ordering.lstrip("-"), "title"), reverse=descending)


class PublicationWindowsReportMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_registry.get_by_type(Page).user_has_any_permission(request.user, REPORT_PERMISSIONS)
