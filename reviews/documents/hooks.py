"""The documents part in Wagtail: who may download a document, report corrections, Word imports."""

from django.urls import path, reverse
from wagtail import hooks

from reviews.documents import serving
from reviews.documents.accessibility import can_see_accessibility
from reviews.documents.correction import CORRECTED_ACTION
from reviews.documents.views import (
    CorrectReportMenuItem,
    CorrectReportView,
    ImportWordReportMenuItem,
    ImportWordReportView,
    ReportAccessibilityMenuItem,
    ReportAccessibilityView,
    ReportsToMakeAccessiblePanel,
)


@hooks.register("register_log_actions")
def register_correction_log_action(actions):
    actions.register_action(CORRECTED_ACTION, "Published report corrected", "Published report corrected")


@hooks.register("register_admin_urls")
def register_correction_url():
    return [
        path(
            "reviews/correct-report/<int:page_id>/",
            CorrectReportView.as_view(),
            name="reviews_correct_report",
        ),
        path(
            "reviews/import-word-report/<int:page_id>/",
            ImportWordReportView.as_view(),
            name="reviews_import_word_report",
        ),
        path(
            "reports/report-accessibility/",
            ReportAccessibilityView.as_view(),
            name="report_accessibility_report",
        ),
        path(
            "reports/report-accessibility/results/",
            ReportAccessibilityView.as_view(results_only=True),
            name="report_accessibility_report_results",
        ),
    ]


@hooks.register("register_page_action_menu_item")
def register_correct_report_menu_item():
    return CorrectReportMenuItem(order=26)


@hooks.register("before_serve_document")
def serve_documents_only_with_a_public_page(document, request):
    return serving.public_answer(document, request)


@hooks.register("register_page_action_menu_item")
def register_import_word_report_menu_item():
    return ImportWordReportMenuItem(order=27)


@hooks.register("register_reports_menu_item")
def register_report_accessibility_menu_item():
    return ReportAccessibilityMenuItem(
        "Report accessibility",
        reverse("report_accessibility_report"),
        name="report-accessibility",
        icon_name="doc-full",
        order=1160,
    )


@hooks.register("construct_homepage_panels")
def show_reports_to_make_accessible(request, panels):
    """Staff who edit reviews see which reports the accessibility statement must still mention."""
    if can_see_accessibility(request.user):
        panels.append(ReportsToMakeAccessiblePanel(request.user))
