"""Check the documents waiting for the disclosure check: the sweep behind the task queued at upload.

The scheduler runs it every minute. A long file is checked by the background task queued when it
was uploaded; this finds any whose task was lost or whose worker stopped, so no file waits for
ever. Each file is checked on its own: one that cannot be checked is marked so, with the reason,
and the others go on.
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
        documents = get_document_model().objects.filter(
            disclosure_check__status=DisclosureCheck.Status.CHECKING
        )
        if all:
            documents |= get_document_model().objects.filter(disclosure_check__isnull=True).exclude(file="")
        for document in documents.order_by("pk"):
            if not DisclosureCheck.objects.filter(document=document).exists():
                disclosure_records.request_check(document)
            disclosure_records.check_waiting(document)
            check = DisclosureCheck.objects.get(document=document)
            if check.status == DisclosureCheck.Status.CHECKING:
                self.stdout.write(f"{document.title} (pk={document.pk}): being checked by another worker")
                continue
            found = check.findings.count()
            problem = f" ({check.problem})" if check.problem else ""
            self.stdout.write(
                f"{document.title} (pk={document.pk}): {check.get_status_display()}{problem}, "
                f"{found} finding{'' if found == 1 else 's'}"
            )
