"""Admin views of the editorial process: where a refused approval lands, and how it gets there."""

from django.contrib import messages as django_messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from wagtail.admin import messages
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import TaskState, WorkflowState

from reviews.editorial.models import APPROVE_ACTION, ReviewPublicationTask
from reviews.window import rules
from reviews.window.views.guarded_pages import PublicationWindowPageViewSet, WindowEditView


class ApprovalRefusedView(View):
    """Shows why the approval was refused; the step stays in progress for someone who may approve it.

    The person may hold no action on the step at all (an editor opening the approval of their own
    submission): they still read why, on the page if they may edit it, on the dashboard otherwise.
    """

    def get(self, request, task_state_id):
        task_state = get_object_or_404(TaskState.objects.select_related("workflow_state"), pk=task_state_id)
        task = task_state.task.specific
        page = task_state.workflow_state.content_object
        if not isinstance(task, ReviewPublicationTask):
            raise PermissionDenied
        message = None
        if task_state.status == TaskState.STATUS_IN_PROGRESS:
            message = task.approval_refusal(
                page.get_latest_revision_as_object(), request.user, task_state.workflow_state
            )
        if not message and not task.get_actions(page, request.user):
            raise PermissionDenied
        if message and message not in queued_messages(request):
            messages.error(request, message)
        return redirect_to_the_page_or_the_dashboard(page, request.user)


def redirect_to_the_page_or_the_dashboard(page, user):
    """Back to the page's editor, or to the dashboard for someone who may not edit it."""
    if page.specific_deferred.permissions_for_user(user).can_edit():
        return redirect("wagtailadmin_pages:edit", page.pk)
    return redirect("wagtailadmin_home")


def queued_messages(request):
    """The messages waiting to be shown, left waiting (the refusal may already be among them)."""
    storage = django_messages.get_messages(request)
    queued = [str(message) for message in storage]
    storage.used = False
    return queued


def unoffered_approval_refusal(task, page, user):
    """The task's reason for not offering "Approve" to this user on this page, or None."""
    if not isinstance(task, ReviewPublicationTask) or page.current_workflow_state is None:
        return None
    return task.unoffered_approval_refusal(page, user, page.current_workflow_state)


def approved(task_state_id):
    return TaskState.objects.filter(pk=task_state_id, status=TaskState.STATUS_APPROVED).exists()


def workflow_outcome_message(task_state_id):
    """What a moderator's action did to the page, in words, or None when the step is still open.

    Wagtail says only that the page "has been updated", or nothing at all from the dashboard.
    """
    task_state = TaskState.objects.select_related("workflow_state", "task").get(pk=task_state_id)
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    title = page.get_admin_display_title()
    if task_state.status == TaskState.STATUS_REJECTED:
        submitter = get_user_display_name(workflow_state.requested_by) if workflow_state.requested_by else ""
        return (
            f"Changes requested on “{title}”. It goes back to {submitter or 'whoever submitted it'}, "
            "who sees your comment on their dashboard and in the e-mail."
        )
    if task_state.status != TaskState.STATUS_APPROVED:
        return None
    if workflow_state.status != WorkflowState.STATUS_APPROVED:
        next_step = workflow_state.current_task_state.task.name
        return f"“{title}” passed {task_state.task.name}; it now awaits {next_step}."
    scheduled = page.scheduled_revision
    if scheduled is not None:
        go_live = rules.format_moment(scheduled.approved_go_live_at)
        return f"“{title}” is approved and scheduled to publish on {go_live}."
    return f"“{title}” is approved and published."


class ExplainedWorkflowActionView(WorkflowActionView):
    """An approval the task does not offer (an old link, a second tab, the submitter following the
    moderators' e-mail) gets the task's reason, not a 403; an action that goes through says what it did."""

    def dispatch(self, request, *args, **kwargs):
        if self.action_name == APPROVE_ACTION and self.object.workflow_in_progress:
            message = unoffered_approval_refusal(self.task, self.object, request.user)
            if message:
                obj = self.object.get_latest_revision_as_object()
                return redirect(self.task.refuse_approval(self.task_state, obj, request.user, message))
            if isinstance(self.task, ReviewPublicationTask) and not self.task.offers_approval_to(
                self.object, request.user
            ):
                messages.error(request, self.task.not_an_approver_refusal(self.object))
                return redirect_to_the_page_or_the_dashboard(self.object, request.user)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        message = workflow_outcome_message(self.task_state.pk)
        if message:
            messages.success(request, message)
        return response


class ReviewEditView(WindowEditView):
    """The editor, saying what approving or requesting changes did instead of "has been updated"."""

    def perform_workflow_action(self):
        self.acted_task_state_id = self.workflow_state.current_task_state_id
        return super().perform_workflow_action()

    def add_save_confirmation_message(self):
        task_state_id = getattr(self, "acted_task_state_id", None)
        if task_state_id and self.workflow_action == APPROVE_ACTION and not approved(task_state_id):
            return  # refused: the refusal is shown instead (see `ReviewPublicationTask.refuse_approval`)
        message = workflow_outcome_message(task_state_id) if task_state_id else None
        if message is None:
            super().add_save_confirmation_message()
            return
        messages.success(self.request, message)
        self.add_takedown_message()


class ReviewPageViewSet(PublicationWindowPageViewSet):
    """Every page type's admin views: the window's guarded ones, with the workflow's refusals explained."""

    edit_view_class = ReviewEditView
    workflow_action_view_class = ExplainedWorkflowActionView
