"""Reading an uploaded report once, when it is saved, so review pages can say "PDF, 1.2 MB, 48 pages"."""

from django.db.models.signals import post_save
from wagtail.documents import get_document_model

from reviews.documents.models import PdfDetails
from reviews.documents.pdf import read_details


def record_pdf_details(sender, instance, raw=False, update_fields=None, **kwargs):
    """Read a new or replaced file once (pages, tags, title, language); forget it if unreadable."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    reading = read_details(instance)
    if reading is None:
        PdfDetails.objects.filter(document=instance).delete()
    else:
        PdfDetails.objects.update_or_create(
            document=instance,
            defaults={
                "page_count": reading.page_count,
                "is_tagged": reading.is_tagged,
                "title": reading.title[:255],
                "language": reading.language[:35],
            },
        )


def connect():
    post_save.connect(record_pdf_details, sender=get_document_model(), dispatch_uid="reviews.pdf")
