"""Admin views of the editorial process: where a refused approval lands, and how it gets there."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.models import TaskState

from reviews.editorial.models import APPROVE_ACTION, ReviewPublicationTask
from reviews.window.views.guarded_pages import PublicationWindowPageViewSet


class ApprovalRefusedView(View):
    """Shows why the approval was refused; the step stays in progress for someone who may approve it."""

    def get(self, request, task_state_id):
        task_state = get_object_or_404(TaskState.objects.select_related("workflow_state"), pk=task_state_id)
        task = task_state.task.specific
        page = task_state.workflow_state.content_object
        if not isinstance(task, ReviewPublicationTask) or not task.get_actions(page, request.user):
            raise PermissionDenied
        if task_state.status == TaskState.STATUS_IN_PROGRESS:
            message = task.approval_refusal(
                page.get_latest_revision_as_object(), request.user, task_state.workflow_state
            )
            if message:
                messages.error(request, message)
        return redirect("wagtailadmin_pages:edit", page.pk)


def unoffered_approval_refusal(task, page, user):
    """The task's reason for not offering "Approve" to this user on this page, or None."""
    if not isinstance(task, ReviewPublicationTask) or page.current_workflow_state is None:
        return None
    return task.unoffered_approval_refusal(page, user, page.current_workflow_state)


class ExplainedWorkflowActionView(WorkflowActionView):
    """An approval the task does not offer (an old link, a second tab) gets the task's reason, not a 403."""

    def dispatch(self, request, *args, **kwargs):
        if self.action_name == APPROVE_ACTION and self.object.workflow_in_progress:
            message = unoffered_approval_refusal(self.task, self.object, request.user)
            if message:
                obj = self.object.get_latest_revision_as_object()
                return redirect(self.task.refuse_approval(self.task_state, obj, request.user, message))
        return super().dispatch(request, *args, **kwargs)


class ReviewPageViewSet(PublicationWindowPageViewSet):
    """Every page type's admin views: the window's guarded ones, with the workflow's refusals explained."""

    workflow_action_view_class = ExplainedWorkflowActionView
