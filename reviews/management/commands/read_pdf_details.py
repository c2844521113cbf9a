"""Reads every document again: page counts, and the accessibility facts of PDFs uploaded before them."""

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from reviews.documents.receivers import record_pdf_details


class Command(BaseCommand):
    help = (
        "Read every document's PDF again for its page count and whether it is tagged, titled and in a "
        "language, so the Report accessibility report covers files uploaded before those facts were kept."
    )

    def handle(self, *args, verbosity=1, **options):
        document_model = get_document_model()
        count = 0
        for document in document_model.objects.all().iterator():
            record_pdf_details(document_model, document)
            count += 1
        if verbosity:
            self.stdout.write(f"Read {count} document{'' if count == 1 else 's'}.")
