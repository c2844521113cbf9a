"""Wagtail's scheduler name, kept so that a cron line copied from Wagtail's guide says where to go."""

from django.core.management.base import BaseCommand, CommandError

SCHEDULER_COMMAND = "publish_on_schedule"


class Command(BaseCommand):
    help = f"Not used on this site: run `manage.py {SCHEDULER_COMMAND}`, which keeps reviews in their window."

    def handle(self, *args, **options):
        raise CommandError(
            f"This site's scheduler is `manage.py {SCHEDULER_COMMAND}`. Wagtail's own scheduler would "
            "stop at the first review still inside its one-year window; run that command instead."
        )
