"""Delete sign-ups nobody confirmed, and the record of alerts long sent."""

from django.core.management.base import BaseCommand

from learning.alerts import sending, subscriptions


class Command(BaseCommand):
    help = (
        "Delete sign-ups not confirmed within 7 days (their links have expired) and forget which "
        "alerts were sent more than 30 days ago. Run hourly by the scheduler."
    )

    def handle(self, *args, **options):
        deleted = subscriptions.delete_unconfirmed()
        forgotten = sending.forget_old_deliveries()
        if options["verbosity"] > 1 or deleted:
            self.stdout.write(
                f"{deleted} unconfirmed sign-ups deleted; {forgotten} old deliveries forgotten."
            )
