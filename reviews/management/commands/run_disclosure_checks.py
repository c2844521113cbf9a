"""Check the long documents waiting for the disclosure check, outside any request.

Run it every minute or so (beside `publish_on_schedule`). A review whose document is still
waiting shows "Checking…" in its editor and cannot be published until this has run.
"""

from django.core.management.base import BaseCommand
from wagtail.documents import get_document_model

from reviews.documents import disclosure_records
from reviews.documents.models import DisclosureCheck


class Command(BaseCommand):
    help = (
        "Run the disclosure check on every document waiting for it; with --all, also on documents "
        "never checked (those uploaded before the check existed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Also check documents that have no check yet.")

    def handle(self, *args, all=False, **options):
        waiting = DisclosureCheck.objects.filter(status=DisclosureCheck.Status.CHECKING).values_list(
            "document_id", flat=True
        )
        documents = get_document_model().objects.filter(pk__in=list(waiting))
        if all:
            documents |= get_document_model().objects.filter(disclosure_check__isnull=True).exclude(file="")
        for document in documents.order_by("pk"):
            check = disclosure_records.run_check(document)
            found = check.findings.count()
            self.stdout.write(
                f"{document.title} (pk={document.pk}): {check.get_status_display()}, "
                f"{found} finding{'' if found == 1 else 's'}"
            )
