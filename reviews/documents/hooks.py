"""The documents part in Wagtail: who downloads which copy, corrections, Word imports, disclosure."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import content_disposition_header
from wagtail import hooks
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from reviews.documents import disclosure_records, serving
from reviews.documents.accessibility import can_see_accessibility
from reviews.documents.correction import CORRECTED_ACTION
from reviews.documents.models import DisclosureCheck
from reviews.documents.views import (
    CorrectReportMenuItem,
    CorrectReportView,
    DisclosureAcceptView,
    DisclosureChecksNeedingAttentionPanel,
    ImportWordReportMenuItem,
    ImportWordReportView,
    ProtectedNamesView,
    ReportAccessibilityMenuItem,
    ReportAccessibilityView,
    ReportsToMakeAccessiblePanel,
)
from reviews.window import queries


@hooks.register("register_log_actions")
def register_correction_log_action(actions):
    actions.register_action(CORRECTED_ACTION, "Published report corrected", "Published report corrected")
    actions.register_action(
        disclosure_records.ACCEPTED_ACTION,
        "Disclosure finding accepted",
        "Accepted a disclosure check finding",
    )
    actions.register_action(
        disclosure_records.NAME_ADDED_ACTION, "Protected name added", "Added a name that must not appear"
    )
    actions.register_action(
        disclosure_records.NAME_REMOVED_ACTION,
        "Protected name removed",
        "Removed a name that must not appear",
    )


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
        path(
            "reviews/disclosure/<int:page_id>/accept/<int:finding_id>/",
            DisclosureAcceptView.as_view(),
            name="reviews_disclosure_accept",
        ),
        path(
            "reviews/disclosure/<int:page_id>/names/",
            ProtectedNamesView.as_view(),
            name="reviews_disclosure_names",
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


@hooks.register("construct_homepage_panels")
def show_disclosure_checks_needing_attention(request, panels):
    """Partnership administrators see any file stuck waiting for its check, or that could not be checked."""
    if queries.can_take_down(request.user):
        panels.append(DisclosureChecksNeedingAttentionPanel())


# Read by the workflow tasks (`reviews.editorial.models.GOING_LIVE_REFUSAL_HOOK`): approval is
# refused, with the reason, while a document of the page has an unresolved blocking finding.
@hooks.register("reviews_going_live_refusal")
def refuse_approval_while_disclosures_are_unresolved(obj):
    return disclosure_records.going_live_refusal(obj)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_with_disclosures(request, action_type, objects, action_class_instance):
    """Bulk publish saves each page; say why before the save refuses, instead of a bare refusal."""
    if action_type != "publish" or not issubclass(action_class_instance.model, Page):
        return None
    pages = queries.pages_bulk_publish_reaches(objects, action_class_instance.cleaned_form)
    for page in pages:
        message = disclosure_records.going_live_refusal(page.get_latest_revision_as_object())
        if message:
            messages.error(request, f"“{page.get_admin_display_title()}”: {message}")
            return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")
    return None


def _is_staff(user):
    return user.is_authenticated and user.has_perm("wagtailadmin.access_admin")


@hooks.register("before_serve_document", order=100)
def serve_the_cleaned_copy_to_the_public(document, request):
    """The public downloads the copy rebuilt by the check (no metadata, comments, attachments, nothing a
    page does not draw); staff get the original.

    Runs after the access checks (default order), which may already have answered. Wagtail only
    takes an `HttpResponse` from this hook (not a streaming `FileResponse`), so the copy is read
    whole; uploads are capped by WAGTAILDOCS_MAX_UPLOAD_SIZE.
    """
    if _is_staff(request.user):
        return None
    check = DisclosureCheck.objects.filter(document=document).first()
    # The copy rebuilt from this very file, even while it is checked again (the names changed).
    if check is None or not check.is_current(document) or not check.cleaned_file:
        return None
    with check.cleaned_file.open("rb") as cleaned:
        response = HttpResponse(cleaned.read(), content_type=document.content_type)
    response["Content-Disposition"] = content_disposition_header(
        document.content_disposition != "inline", document.filename
    )
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
