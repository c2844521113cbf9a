"""The workflow's receivers: every reviews index gets the workflow, and a replaced file is a change.

Each runs whatever created or saved the object (the admin, the demo loader, a script).
"""

from django.db.models.signals import post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Workflow, WorkflowPage

from reviews.editorial import changes
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


def note_a_replaced_file(sender, instance, raw=False, **kwargs):
    """Before a document is saved: whether its file is being replaced (a new file, or new bytes)."""
    if raw or not instance.pk:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("file", "file_hash").first()
    if stored is None:
        return
    stored_name, stored_hash = stored
    new_bytes = bool(stored_hash and instance.file_hash and stored_hash != instance.file_hash)
    if stored_name != instance.file.name or new_bytes:
        instance._replaced_file = stored_name


def record_a_replaced_file(sender, instance, raw=False, **kwargs):
    """A replaced file changes every page linking it: kept in the document's history, with who replaced it.

    The user comes from the admin request (Wagtail's log context); code run outside one is
    recorded with none. An approval waiting for its go-live time that linked the old file no
    longer stands.
    """
    previous = instance.__dict__.pop("_replaced_file", None)
    if previous is None:
        return
    log(
        instance=instance,
        action=changes.FILE_REPLACED_ACTION,
        data={"previous_file": previous, "file": instance.file.name},
    )
    changes.cancel_scheduled_approvals_linking(instance)


def connect():
    post_save.connect(
        assign_workflow_to_new_review_index,
        sender="reviews.ReviewIndexPage",
        dispatch_uid="reviews.workflow.new_review_index",
    )
    document_model = get_document_model()
    pre_save.connect(
        note_a_replaced_file, sender=document_model, dispatch_uid="reviews.workflow.file_replacing"
    )
    post_save.connect(
        record_a_replaced_file, sender=document_model, dispatch_uid="reviews.workflow.file_replaced"
    )
