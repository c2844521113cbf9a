"""Pages published before alerts existed are recorded as announced, so none is ever sent as new."""

from django.db import migrations

# (app label, model, the topic subscribers choose to hear of it), as they are at this migration.
PAGE_KINDS = [
    ("reviews", "csprpage", "reviews"),
    ("reviews", "scrpage", "reviews"),
    ("learning", "learningpage", "learning"),
]


def record_published_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Announcement = apps.get_model("learning", "Announcement")
    for app_label, model, topic in PAGE_KINDS:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        published = Page.objects.filter(content_type=content_type, first_published_at__isnull=False)
        Announcement.objects.bulk_create(
            [
                Announcement(
                    key=f"page:{page.pk}",
                    topic=topic,
                    page_id=page.pk,
                    went_live_at=page.first_published_at,
                    queued_at=page.first_published_at,
                    before_alerts=True,
                )
                for page in published.only("pk", "first_published_at")
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_email_alerts"),
        ("reviews", "0014_search_index_over_title_and_body"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(record_published_pages, migrations.RunPython.noop)]
