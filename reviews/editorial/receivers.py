"""Every reviews index, however it is created (the admin, the demo loader, a script), gets the workflow."""

from django.db.models.signals import post_save
from wagtail.models import Workflow, WorkflowPage

from reviews.editorial.models import StatutoryNoticeTask


def review_publication_workflow():
    """The active workflow that checks the statutory notice, whatever it has been renamed to."""
    return (
        Workflow.objects.active()
        .filter(workflow_tasks__task__in=StatutoryNoticeTask.objects.all())
        .order_by("pk")
        .first()
    )


def assign_workflow_to_new_review_index(sender, instance, created, raw=False, **kwargs):
    """A new reviews index gets the review publication workflow, so every review below it uses it."""
    if not created or raw or WorkflowPage.objects.filter(page=instance).exists():
        return
    workflow = review_publication_workflow()
    if workflow is not None:
        WorkflowPage.objects.create(page=instance, workflow=workflow)


def connect():
    post_save.connect(
        assign_workflow_to_new_review_index,
        sender="reviews.ReviewIndexPage",
        dispatch_uid="reviews.workflow.new_review_index",
    )
