from django.db import migrations

from reviews.window.backfill import backfill_live_since


def backfill(apps, schema_editor):
    for model_name in ("CSPRPage", "SCRPage"):
        backfill_live_since(apps, "reviews", model_name)


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0002_publication_window"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
