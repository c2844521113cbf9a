"""Queue the site's periodic work as it falls due; the background worker runs it."""

import time

from django.core.management.base import BaseCommand

from cspr_site import scheduler


class Command(BaseCommand):
    help = (
        "Put each periodic job (scheduled publication and takedown, disclosure checks of long reports, "
        "reminders, the publication-window self-audit) on the background queue when it is due. Runs "
        "until stopped; `--once` queues what is due now and exits. `manage.py db_worker --backend "
        "background` runs what is queued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Queue what is due now, then exit.")
        parser.add_argument(
            "--interval", type=float, default=10, help="Seconds between looks at what is due (default 10)."
        )

    def handle(self, *args, once=False, interval=10, **options):
        for job in scheduler.JOBS:
            self.stdout.write(f"{job.command}: every {job.every}. {job.why}")
        try:
            while True:
                for command in scheduler.queue_due_jobs():
                    self.stdout.write(f"Queued {command}")
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            # Ctrl-C in `make run` stops the scheduler between two looks; nothing is half done.
            return
