"""Admin hooks for reviews: audit-log actions, permissions, and publication-window refusals."""

from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from reviews import publication_window, statutory_notice
from reviews.models import ModeratorApprovalTask
from reviews.models.workflows import APPROVAL_REFUSED_LOG_ACTION
from reviews.views.dashboard import SubmissionsAwaitingActionPanel, TakedownDecisionsPanel
from reviews.views.guarded_pages import PublicationWindowPageViewSet, refuse_inside_window
from reviews.views.reports import PublicationWindowsReportMenuItem, PublicationWindowsReportView
from reviews.views.withdraw import WithdrawMenuItem, WithdrawView
from reviews.views.workflow import ApprovalRefusedView

GUARDED_BULK_ACTIONS = {"unpublish", "delete", "move"}


@hooks.register("register_log_actions")
def register_publication_window_log_actions(actions):
    actions.register_action("reviews.takedown.scheduled", "Takedown scheduled", "Takedown date scheduled")
    actions.register_action("reviews.takedown.changed", "Takedown changed", "Takedown date changed")
    actions.register_action("reviews.takedown.cleared", "Takedown cleared", "Takedown date cleared")
    actions.register_action(
        "reviews.window.refused",
        "Early takedown refused",
        "Refused an attempt to take the page down inside its publication window",
    )
    actions.register_action("reviews.withdraw", "Withdrawn", "Withdrawn early from the site")


@hooks.register("register_permissions")
def register_publication_window_permissions():
    """Lets administrators grant takedown and withdrawal rights under Settings > Groups."""
    return Permission.objects.filter(
        content_type__app_label="reviews", codename__in=["schedule_takedown", "withdraw_review"]
    )


@hooks.register("register_admin_viewset")
def register_publication_window_page_views():
    return [
        PublicationWindowPageViewSet(
            model=model, name=f"window_{model._meta.app_label}_{model._meta.model_name}"
        )
        for model in publication_window.guarded_page_models()
    ]


@hooks.register("before_move_page")
def refuse_moving_in_window_pages_out_of_public_view(request, page, destination):
    """Moving under a private, unpublished or off-site parent would hide the page: say so and stop."""
    if publication_window.destination_keeps_pages_public(destination):
        return None
    return refuse_inside_window(request, page, "move")


@hooks.register("before_bulk_action")
def refuse_bulk_takedown_of_in_window_pages(request, action_type, objects, action_class_instance):
    """Bulk actions skip the single-page views: refuse the whole action, naming the pages that block it."""
    if action_type not in GUARDED_BULK_ACTIONS or not issubclass(action_class_instance.model, Page):
        return None
    requested_ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
    requested = Page.objects.filter(pk__in=requested_ids).specific()
    if action_type == "move":
        destination = action_class_instance.cleaned_form.cleaned_data["chooser"]
        if publication_window.destination_keeps_pages_public(destination):
            return None
    blocking = [blocked for page in requested for blocked in publication_window.in_window_pages_within(page)]
    if not blocking:
        return None
    message = publication_window.describe_blocking_pages(blocking)
    for page in blocking:
        publication_window.log_refusal(page, request.user, f"bulk {action_type}", message)
    messages.error(request, message)
    return redirect(request.GET.get("next") or "wagtailadmin_explore_root")


@hooks.register("register_admin_urls")
def register_withdrawal_url():
    return [path("reviews/withdraw/<int:page_id>/", WithdrawView.as_view(), name="reviews_withdraw")]


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem(order=25)


@hooks.register("register_admin_urls")
def register_publication_windows_report_urls():
    return [
        path(
            "reports/publication-windows/",
            PublicationWindowsReportView.as_view(),
            name="publication_windows_report",
        ),
        path(
            "reports/publication-windows/results/",
            PublicationWindowsReportView.as_view(results_only=True),
            name="publication_windows_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_publication_windows_report_menu_item():
    return PublicationWindowsReportMenuItem(
        "Publication windows",
        reverse("publication_windows_report"),
        name="publication-windows",
        icon_name="calendar-alt",
        order=1150,
    )


# --- Editorial workflow: statutory notice, no self-approval, dashboard ---------------------------


@hooks.register("register_log_actions")
def register_editorial_workflow_log_actions(actions):
    actions.register_action(
        APPROVAL_REFUSED_LOG_ACTION,
        "Approval refused",
        "Refused an approval in the review publication workflow",
    )


@hooks.register("register_admin_urls")
def register_approval_refused_url():
    return [
        path(
            "reviews/workflow/approval-refused/<int:task_state_id>/",
            ApprovalRefusedView.as_view(),
            name="reviews_approval_refused",
        )
    ]


def own_submission_refusal(request, page):
    """The refusal when the user is the submitter of the page at its Moderator approval step, or None."""
    task = page.current_workflow_task
    if not isinstance(task, ModeratorApprovalTask):
        return None
    return task.self_approval_refusal(page.current_workflow_state, request.user)


@hooks.register("construct_page_action_menu")
def hide_approval_of_own_submission(menu_items, request, context):
    """The submitter does not see "Approve" on their own submission, even as a moderator."""
    page = context.get("page")
    if context.get("view") == "edit" and page is not None and own_submission_refusal(request, page):
        menu_items[:] = [item for item in menu_items if getattr(item, "name", None) != "approve"]


@hooks.register("before_edit_page")
def refuse_approving_own_submission_in_the_editor(request, page):
    """An approval posted from the editor by the submitter is refused before anything is saved."""
    approving = (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    )
    message = own_submission_refusal(request, page) if approving else None
    if not message:
        return None
    messages.error(request, f"{message} Your changes have not been saved.")
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_statutory_notice(request, action_type, objects, action_class_instance):
    """Bulk publish skips the editor form: check each CSPR's notice (and its drafts below, if included)."""
    if action_type != "publish" or not issubclass(action_class_instance.model, Page):
        return None
    pages = list(objects)
    if action_class_instance.cleaned_form.cleaned_data.get("include_descendants"):
        for page in objects:
            pages.extend(page.get_descendants().not_live().specific())
    message = statutory_notice.bulk_publish_refusal(page.get_latest_revision_as_object() for page in pages)
    if not message:
        return None
    messages.error(request, message)
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")


@hooks.register("construct_homepage_panels")
def add_editorial_dashboard_panels(request, panels):
    """Administrators see the takedown decisions due; everyone sees their own submissions in one list."""
    if publication_window.can_take_down(request.user, None):
        panels.append(TakedownDecisionsPanel())
    panels[:] = [panel for panel in panels if panel.name != "user_objects_in_workflow_moderation"]
    panels.append(SubmissionsAwaitingActionPanel())
