"""Get the database ready for `make run`, doing only what is not done yet.

A second `make run` should start in seconds: applying no migrations still costs a Django start
and every app's post-migrate work, and the demo loader another start. This asks Django's
migration plan first and migrates only when something is waiting, then loads the demo content
(which itself leaves existing pages alone), in one process.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from cspr_site.site_address import apply_site_url


class Command(BaseCommand):
    help = "Apply waiting migrations (if any), follow SITE_URL and load the demo content (if missing)."

    def handle(self, *args, **options):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        waiting = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if waiting:
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
        else:
            # What every migrate does after its migrations: the default site follows SITE_URL.
            apply_site_url(stdout=self.stdout)
            self.stdout.write("No migrations to apply.")
        call_command("load_demo_content", verbosity=options["verbosity"])
