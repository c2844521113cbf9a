"""The editorial process: who drafts, who approves, and what approving does.

Wagtail imports `publish_approved_page` (named by WAGTAIL_FINISH_WORKFLOW_ACTION) while its own
models are still loading, so this module imports Wagtail's models only inside functions.
"""

EDITORS_GROUP = "Editors"
MODERATORS_GROUP = "Moderators"
WORKFLOW_NAME = "Review publication"


def approver_is_in_approving_group(task, user):
    """True when the user approved the step as a member of its group, not just by holding publish rights."""
    from wagtail.models import AbstractGroupApprovalTask

    if user is None or not isinstance(task, AbstractGroupApprovalTask):
        return False
    return user.is_superuser or task.groups.filter(pk__in=user.groups.values("pk")).exists()


def publish_approved_page(workflow_state, user=None):
    """Publish the approved page as the approver, or schedule it when it has a go-live date.

    Moderators do not hold "publish" on the page tree: they publish by approving someone else's
    submission, never directly. Membership of the final step's approving group is what entitles
    them to publish here, so the ordinary publish permission check is skipped for them only.
    """
    final_task = workflow_state.current_task_state.task.specific
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=approver_is_in_approving_group(final_task, user))


def review_publication_workflow():
    """The active workflow that checks the statutory notice, whatever it has been renamed to."""
    from wagtail.models import Workflow

    from reviews.models import StatutoryNoticeTask

    return (
        Workflow.objects.active()
        .filter(workflow_tasks__task__in=StatutoryNoticeTask.objects.all())
        .order_by("pk")
        .first()
    )


def assign_workflow_to_new_review_index(sender, instance, created, raw=False, **kwargs):
    """A new reviews index gets the review publication workflow, so every review below it uses it."""
    from wagtail.models import WorkflowPage

    if not created or raw or WorkflowPage.objects.filter(page=instance).exists():
        return
    workflow = review_publication_workflow()
    if workflow is not None:
        WorkflowPage.objects.create(page=instance, workflow=workflow)
