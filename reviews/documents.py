"""Reading an uploaded report once, when it is saved, so review pages can say "PDF, 1.2 MB, 48 pages"."""

import logging

from pypdf import PdfReader

from reviews.models import PdfDetails

logger = logging.getLogger(__name__)


def count_pdf_pages(document):
    """The number of pages in the document's file, or None when it cannot be read as a PDF."""
    try:
        with document.open_file() as file:
            reader = PdfReader(file)
            if reader.is_encrypted:
                # Most encrypted reports only restrict printing or copying and open with no password.
                reader.decrypt("")
            return len(reader.pages)
    except Exception:
        # pypdf raises many kinds of error on damaged or hostile files, and storage can fail;
        # neither may stop the document being saved.
        logger.warning("Could not count the pages of document %s", document.pk, exc_info=True)
        return None


def record_pdf_details(sender, instance, raw=False, update_fields=None, **kwargs):
    """Count the pages of a document whose file was uploaded or replaced; forget them if unreadable."""
    if raw or (update_fields is not None and "file" not in update_fields):
        return
    page_count = count_pdf_pages(instance)
    if page_count is None:
        PdfDetails.objects.filter(document=instance).delete()
    else:
        PdfDetails.objects.update_or_create(document=instance, defaults={"page_count": page_count})
