"""`make backup`: the database and the uploads in one timestamped archive."""

from django.core.management.base import BaseCommand, CommandError

from cspr_site.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Save the PostgreSQL database (pg_dump custom format) and the uploads folder into one "
        "archive, backups/cspr-YYYYMMDD-HHMMSS.tar (UTC). Restore it with restore_site."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default="backups", help="Folder for the archive (default: backups)."
        )

    def handle(self, *args, output_dir, **options):
        try:
            archive = backup(output_dir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
