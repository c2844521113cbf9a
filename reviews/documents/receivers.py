"""Reading an uploaded report once, when it is saved, so review pages can say "PDF, 1.2 MB, 48 pages"."""

from django.db.models.signals import post_save
from wagtail.documents import get_document_model

from reviews.documents.models import PdfDetails
from reviews.documents.pdf import count_pages


def record_pdf_details(sender, instance, raw=False, update_fields=None, **kwargs):
    """Count the pages of a document whose file was uploaded or replaced; forget them if unreadable."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    page_count = count_pages(instance)
    if page_count is None:
        PdfDetails.objects.filter(document=instance).delete()
    else:
        PdfDetails.objects.update_or_create(document=instance, defaults={"page_count": page_count})


def connect():
    post_save.connect(record_pdf_details, sender=get_document_model(), dispatch_uid="reviews.pdf")
