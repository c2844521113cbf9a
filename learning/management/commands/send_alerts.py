"""Send the e-mail alerts that are due, and any that are waiting to be tried again."""

from django.core.management.base import BaseCommand

from learning.alerts import sending


class Command(BaseCommand):
    help = (
        "Queue alerts for whatever went live (including pages saved live without a publication) "
        "and send every alert that is due, in batches. Run every minute by the scheduler."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed",
            action="store_true",
            help="First put back in the queue the alerts recorded as failed (once their cause is fixed).",
        )

    def handle(self, *args, retry_failed=False, **options):
        if retry_failed:
            self.stdout.write(f"{sending.retry_failed()} failed alerts queued again.")
        outcome = sending.run()
        if options["verbosity"] > 1 or outcome.sent or outcome.failed or outcome.deferred:
            self.stdout.write(
                f"{outcome.sent} sent, {outcome.withheld} not sent (no longer public), "
                f"{outcome.deferred} waiting to be tried again, {outcome.failed} failed."
            )
