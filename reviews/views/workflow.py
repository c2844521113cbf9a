"""Where a refused workflow approval lands: the reason, then the page editor."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.views import View
from wagtail.admin import messages
from wagtail.models import TaskState

from reviews.models.workflows import ReviewPublicationTask


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
