"""The editorial process's records: the two workflow steps, and the day's reminder.

Imported by `reviews.models`, so Django finds them under the `reviews` app.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import AbstractGroupApprovalTask, Page, Revision, TaskState, WorkflowState

from reviews.editorial import changes, statutory_notice
from reviews.window import guards, queries, rules

APPROVE_ACTION = "approve"
APPROVAL_REFUSED_ACTION = "reviews.workflow.approval_refused"
# Other parts (the documents' disclosure check) refuse an approval through this Wagtail hook:
# each function takes the version being approved and returns why not, or None.
GOING_LIVE_REFUSAL_HOOK = "reviews_going_live_refusal"


def refusal_from_other_parts(obj):
    """The first reason another part of the site gives for not approving `obj`, or None."""
    for refusal in hooks.get_hooks(GOING_LIVE_REFUSAL_HOOK):
        message = refusal(obj)
        if message:
            return message
    return None


class ReviewPublicationTask(AbstractGroupApprovalTask):
    """A group approval step that can refuse an approval and say why, instead of a bare 403.

    Who may approve what is decided here and nowhere else: `get_actions` offers "Approve" only to
    those allowed to, and `on_action` refuses an approval that should not happen, with the reason.
    """

    class Meta:
        abstract = True

    def approval_refusal(self, obj, user, workflow_state):
        """Why `user` may not approve `obj` (its latest revision) at this step, or None."""
        return (
            self.unoffered_approval_refusal(obj, user, workflow_state)
            or statutory_notice.page_refusal(obj)
            or queries.going_live_refusal(obj)
            or refusal_from_other_parts(obj)
        )

    def unoffered_approval_refusal(self, obj, user, workflow_state):
        """Why "Approve" is not offered to `user` at all, or None; shown to someone who asks anyway.

        Four eyes at every step: nobody approves their own submission, nor content they changed
        after it was submitted (their change needs someone else's approval).
        """
        if user is None:
            return None
        title = workflow_state.content_object.get_admin_display_title()
        if workflow_state.requested_by_id == user.pk:
            return rules.own_submission_refusal(title)
        if changed_since_submission(workflow_state, user):
            return rules.own_changes_refusal(title)
        return None

    def offers_approval_to(self, obj, user):
        return any(name == APPROVE_ACTION for name, _label, _modal in self.get_actions(obj, user))

    def not_an_approver_refusal(self, obj):
        """Why someone outside the step's groups may not approve: who may."""
        groups = " or ".join(sorted(self.groups.values_list("name", flat=True))) or "its approvers"
        return rules.not_an_approver_refusal(obj.get_admin_display_title(), self.name, groups)

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        workflow_state = obj.current_workflow_state
        if workflow_state is not None and self.unoffered_approval_refusal(obj, user, workflow_state):
            return [action for action in actions if action[0] != APPROVE_ACTION]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name != APPROVE_ACTION:
            return super().on_action(task_state, user, action_name, **kwargs)
        obj = task_state.workflow_state.content_object.get_latest_revision_as_object()
        message = self.approval_refusal(obj, user, task_state.workflow_state)
        if message:
            return self.refuse_approval(task_state, obj, user, message)
        try:
            # One transaction: when the save guard refuses the publication at the last moment (a
            # withdrawal that landed meanwhile, say), the step is left as it was, not approved.
            with transaction.atomic():
                return super().on_action(task_state, user, action_name, **kwargs)
        except (ValidationError, PermissionDenied) as refused:
            reason = " ".join(getattr(refused, "messages", None) or [str(refused)])
            return self.refuse_approval(task_state, obj, user, reason)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        """Leaves out of "Awaiting your review" what the user submitted or changed since."""
        task_states = (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )
        changed = workflow_states_changed_by(user, task_states.values("workflow_state_id"))
        return task_states.exclude(workflow_state_id__in=changed) if changed else task_states

    def refuse_approval(self, task_state, obj, user, message):
        """Record the refusal and say why; the step stays as it was.

        Wagtail's views have no way to show a task's message: the window's middleware shows it
        with the response, and Wagtail's workflow action view follows the address returned.
        """
        log(
            instance=obj,
            action=APPROVAL_REFUSED_ACTION,
            user=user,
            data={"task": self.name, "reason": message},
        )
        guards.report_refusal(message)
        return reverse("reviews_approval_refused", args=[task_state.pk])


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


def submission_awaiting_approval(page):
    """The page's submission not yet approved: its workflow in progress, or the last one cancelled since it
    was last published (cancelling one's own submission does not make it publishable by its author)."""
    # As stored: a page being published carries its new publication time already.
    last_published = Page.objects.filter(pk=page.pk).values("last_published_at")
    states = (
        WorkflowState.objects.for_instance(page)
        .exclude(status=WorkflowState.STATUS_APPROVED)
        .filter(
            Q(created_at__gt=Subquery(last_published))
            | Q(Exists(last_published.filter(last_published_at=None)))
        )
    )
    return states.order_by("-created_at", "-pk").first()


def publishing_refusal(page, user):
    """Why `user` may not publish `page`, or None: nobody publishes what they submitted or changed since
    the submission, whatever their role, superusers included ("Publish" only where "Approve" would be)."""
    if user is None or not page.pk:
        return None
    state = submission_awaiting_approval(page)
    if state is None:
        return None
    title = page.get_admin_display_title()
    if state.requested_by_id == user.pk:
        return rules.own_submission_refusal(title, doing="publish")
    if changed_since_submission(state, user):
        return rules.own_changes_refusal(title, doing="publish")
    return None


def changed_since_submission(workflow_state, user):
    """Whether `user` changed the submitted object's content after it was submitted (see `changes`).

    A draft they saved that changes nothing (an autosave, a save while reading a refusal) does not
    count; a changed field, child object or linked document does, and so does replacing the file
    of a document the object links.
    """
    return workflow_state.pk in workflow_states_changed_by(user, [workflow_state.pk])


def workflow_states_changed_by(user, workflow_state_ids):
    """Of these workflow states (ids or a subquery), the ids of those whose content `user` changed.

    A fixed number of queries for the revisions, however many states; the documents of each
    object are read only when `user` replaced a file since the earliest submission.
    """
    states = WorkflowState.objects.filter(pk__in=workflow_state_ids)
    own_revisions = (
        Revision.objects.filter(user=user)
        .annotate(
            state_id=Subquery(
                states.filter(
                    base_content_type_id=OuterRef("base_content_type_id"),
                    object_id=OuterRef("object_id"),
                    created_at__lte=OuterRef("created_at"),
                ).values("pk")[:1]
            )
        )
        .filter(state_id__isnull=False)
    )
    changed = {revision.state_id for revision in changes.revisions_changing_content(own_revisions)}
    remaining = [state for state in states if state.pk not in changed]
    if not remaining:
        return changed
    replaced = changes.file_replacements_by(user, since=min(state.created_at for state in remaining))
    if not replaced:
        return changed
    for state in remaining:
        latest = state.content_object.get_latest_revision_as_object()
        if any(
            document_id in replaced and replaced[document_id] >= state.created_at
            for document_id in changes.linked_document_ids(latest)
        ):
            changed.add(state.pk)
    return changed


class PublicationReminder(models.Model):
    """The day a publication-window reminder was emailed; a second run that day sends nothing."""

    sent_on = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "publication reminder"

    def __str__(self):
        return f"Publication reminder sent on {self.sent_on:%Y-%m-%d}"
