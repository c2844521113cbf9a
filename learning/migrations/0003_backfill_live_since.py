from django.db import migrations

from reviews.window.backfill import backfill_live_since


def backfill(apps, schema_editor):
    backfill_live_since(apps, "learning", "LearningPage")


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0002_publication_window"),
        ("reviews", "0003_backfill_live_since"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
