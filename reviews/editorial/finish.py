"""What approving the last step does: publish as the approver (WAGTAIL_FINISH_WORKFLOW_ACTION).

Wagtail imports this module while its own models are still loading, so it imports Wagtail's
models only inside functions.
"""


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
