"""The editorial process in the admin: page views, refused approvals, bulk publishing, the dashboard."""

from django.shortcuts import redirect
from django.urls import path
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from reviews.editorial import changes, statutory_notice
from reviews.editorial.dashboard import (
    AwaitingReviewPanel,
    SubmissionsAwaitingActionPanel,
    TakedownDecisionsPanel,
)
from reviews.editorial.models import APPROVAL_REFUSED_ACTION, APPROVE_ACTION, publishing_refusal
from reviews.editorial.views import ApprovalRefusedView, ReviewPageViewSet, unoffered_approval_refusal
from reviews.window import queries
from reviews.window.pages import guarded_page_models


@hooks.register("register_admin_viewset")
def register_review_page_views():
    """Every page type gets the window's guarded views and the workflow's explained refusals."""
    return [
        ReviewPageViewSet(model=model, name=f"window_{model._meta.app_label}_{model._meta.model_name}")
        for model in guarded_page_models()
    ]


@hooks.register("register_log_actions")
def register_editorial_workflow_log_actions(actions):
    actions.register_action(
        APPROVAL_REFUSED_ACTION,
        "Approval refused",
        "Refused an approval in the review publication workflow",
    )
    actions.register_action(
        changes.FILE_REPLACED_ACTION, "File replaced", "Replaced the file: a change to every page linking it"
    )
    actions.register_action(
        changes.SCHEDULED_APPROVAL_CANCELLED_ACTION,
        "Scheduled approval cancelled",
        "A file it links was replaced after approval, so it will not go live on schedule",
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


@hooks.register("before_edit_page")
def explain_an_approval_that_is_not_offered(request, page):
    """An approval posted from the editor that the task does not offer is refused before anything is saved."""
    approving = (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == APPROVE_ACTION
    )
    message = (
        unoffered_approval_refusal(page.current_workflow_task, page, request.user) if approving else None
    )
    if not message:
        return None
    messages.error(request, f"{message} Your changes have not been saved.")
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register(queries.PUBLISHING_REFUSAL_HOOK)
def refuse_publishing_ones_own_submission(page, user):
    """The page tester and the save guard ask this for every route that publishes with a user."""
    return publishing_refusal(page, user)


@hooks.register("before_bulk_action")
def refuse_bulk_publishing_without_statutory_notice(request, action_type, objects, action_class_instance):
    """Bulk publish skips the editor form: check each CSPR's notice (and its drafts below, if included)."""
    if action_type != "publish" or not issubclass(action_class_instance.model, Page):
        return None
    pages = queries.pages_bulk_publish_reaches(objects, action_class_instance.cleaned_form)
    message = statutory_notice.bulk_publish_refusal(page.get_latest_revision_as_object() for page in pages)
    if not message:
        return None
    messages.error(request, message)
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")


@hooks.register("construct_homepage_panels")
def add_editorial_dashboard_panels(request, panels):
    """Administrators see the takedown decisions due; everyone sees their own submissions in one list,
    and moderators what awaits their review with its step and statutory notice date."""
    if queries.can_take_down(request.user):
        panels.append(TakedownDecisionsPanel())
    panels[:] = [
        AwaitingReviewPanel() if panel.name == AwaitingReviewPanel.name else panel
        for panel in panels
        if panel.name != "user_objects_in_workflow_moderation"
    ]
    panels.append(SubmissionsAwaitingActionPanel())
