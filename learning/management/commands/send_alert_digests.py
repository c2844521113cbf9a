"""Queue and send last week's digest to the subscribers who asked for one."""

from django.core.management.base import BaseCommand

from learning.alerts import sending


class Command(BaseCommand):
    help = (
        "Once a week's over (Monday to Sunday), queue one digest for each weekly subscriber with "
        "news that week, then send what is due. Safe to run as often as you like: each week is "
        "queued once. Run hourly by the scheduler."
    )

    def handle(self, *args, **options):
        queued = sending.queue_digests()
        outcome = sending.send_due()
        if options["verbosity"] > 1 or queued or outcome.sent:
            self.stdout.write(f"{queued} digests queued; {outcome.sent} e-mails sent.")
