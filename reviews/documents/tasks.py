"""The disclosure check of a long report, queued for the background worker as it is uploaded."""

from django.conf import settings
from django_tasks import task
from wagtail.documents import get_document_model


@task(backend=settings.BACKGROUND_TASKS)
def check_document(document_id):
    """Check one uploaded file waiting for its check; what became of it, in words for the worker's log.

    Another worker (or the sweep, `run_disclosure_checks`) may have taken it already; a file
    replaced or deleted since it was queued has nothing left to check.
    """
    from reviews.documents import disclosure_records

    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "deleted"
    check = disclosure_records.check_waiting(document)
    return check.get_status_display() if check else "not waiting"
