"""Document receivers: page counts when a file is saved, and CDN purges when a page comes down."""

from django.conf import settings
from django.db.models.signals import post_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.documents import get_document_model
from wagtail.signals import page_unpublished

from reviews.documents.models import PdfDetails
from reviews.documents.pdf import read_details
from reviews.documents.serving import documents_linked_by


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


def purge_documents_of_unpublished_page(sender, instance, **kwargs):
    """A CDN must not keep serving the report of a page that came down (its document addresses)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    site = instance.get_site()
    if site is None:
        return
    batch = PurgeBatch()
    batch.add_urls(f"{site.root_url}{document.url}" for document in documents_linked_by(instance))
    batch.purge()


def connect():
    post_save.connect(record_pdf_details, sender=get_document_model(), dispatch_uid="reviews.pdf")
    page_unpublished.connect(purge_documents_of_unpublished_page, dispatch_uid="reviews.documents.purge")
