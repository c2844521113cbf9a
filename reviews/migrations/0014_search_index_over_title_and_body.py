"""A GIN index over the expression Wagtail's PostgreSQL search matches, `title || body`.

Wagtail indexes `title` and `body` apart, but its search asks whether their concatenation
matches, which no index answers: every search concatenated the vectors of every entry. With
this index PostgreSQL finds the matching entries in the index. Other databases have nothing to do.
"""

from django.db import migrations

INDEX_NAME = "reviews_search_title_body_gin"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON wagtailsearch_indexentry "
            "USING gin ((title || body))"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0013_web_report"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
