"""The two steps of the "Review publication" workflow every review and Learning on a Page goes through."""

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, TaskState

from reviews import statutory_notice, workflows

from .pages import ReviewIndexPage

APPROVAL_REFUSED_LOG_ACTION = "reviews.workflow.approval_refused"


class ReviewPublicationTask(AbstractGroupApprovalTask):
    """A group approval step that can refuse an approval and say why, instead of a bare 403."""

    class Meta:
        abstract = True

    def approval_refusal(self, obj, user, workflow_state):
        """Why `user` may not approve `obj` (its latest revision) at this step, or None."""
        return statutory_notice.page_refusal(obj)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            obj = task_state.workflow_state.content_object.get_latest_revision_as_object()
            message = self.approval_refusal(obj, user, task_state.workflow_state)
            if message:
                log(
                    instance=obj,
                    action=APPROVAL_REFUSED_LOG_ACTION,
                    user=user,
                    data={"task": self.name, "reason": message},
                )
                # Wagtail's workflow action view has no way to show a message, but it follows the
                # URL a task returns; that view shows the refusal and leaves the task in progress.
                return reverse("reviews_approval_refused", args=[task_state.pk])
        return super().on_action(task_state, user, action_name, **kwargs)


class StatutoryNoticeTask(ReviewPublicationTask):
    """Checks the full report reached the national Panel in time; other pages pass straight through."""

    class Meta:
        verbose_name = "Statutory notice task"
        verbose_name_plural = "Statutory notice tasks"

    @classmethod
    def get_description(cls):
        return (
            "Members of the chosen groups confirm a CSPR's full report went to the national Panel and "
            "the Secretary of State in time. Serious Case Reviews and Learning on a Page pass automatically."
        )

    def start(self, workflow_state, user=None):
        page = workflow_state.content_object.specific
        if statutory_notice.applies_to(page):
            return super().start(workflow_state, user=user)
        return TaskState.objects.create(
            workflow_state=workflow_state,
            revision=page.get_latest_revision(),
            task=self,
            status=TaskState.STATUS_APPROVED,
            finished_at=timezone.now(),
            comment="Passed automatically: only a CSPR that is not yet live needs the statutory notice.",
        )


class ModeratorApprovalTask(ReviewPublicationTask):
    """Group approval in which nobody approves their own submission; approving publishes."""

    class Meta:
        verbose_name = "Moderator approval task"
        verbose_name_plural = "Moderator approval tasks"

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve someone else's submission; approving publishes it."

    def approval_refusal(self, obj, user, workflow_state):
        # Approving the last step publishes, so the notice rule is checked again here.
        return self.self_approval_refusal(workflow_state, user) or super().approval_refusal(
            obj, user, workflow_state
        )

    def self_approval_refusal(self, workflow_state, user):
        if user is None or workflow_state.requested_by_id != user.pk:
            return None
        title = workflow_state.content_object.get_admin_display_title()
        return (
            f"You submitted “{title}” for moderation, so you cannot approve it yourself. "
            "Another moderator or partnership administrator must approve it."
        )

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Leaves the user's own submissions out of "Awaiting your review"."""
        return (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )


# Connected here, where the models are always loaded, so a reviews index created by any path (the
# admin, the demo loader, a script) gets the workflow.
post_save.connect(
    workflows.assign_workflow_to_new_review_index,
    sender=ReviewIndexPage,
    dispatch_uid="reviews.workflow.new_review_index",
)
