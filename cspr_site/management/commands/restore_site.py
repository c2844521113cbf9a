"""`make restore`: rebuild the site from a backup archive, into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from cspr_site.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Load an archive made by backup_site into an empty PostgreSQL database (create one with "
        "createdb and point DATABASE_URL at it) and copy its uploads into the media folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar file written by backup_site.")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} "
            f"({manifest['media_files']} uploaded files) into the database."
        )
