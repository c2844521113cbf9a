"""Backfilling `live_since` for pages published before the publication window was recorded.

Used by data migrations with historical models, so it only touches fields and log entries.
"""

PUBLISH_ACTIONS = ("wagtail.publish", "wagtail.publish.scheduled")
UNPUBLISH_ACTIONS = ("wagtail.unpublish", "wagtail.unpublish.scheduled")


def backfill_live_since(apps, app_label, model_name):
    """Replay each live page's audit log to find when it last went from not live to live."""
    model = apps.get_model(app_label, model_name)
    log_entry_model = apps.get_model("wagtailcore", "PageLogEntry")
    for page in model.objects.filter(live=True, live_since__isnull=True):
        live_since, is_live = None, False
        entries = log_entry_model.objects.filter(
            page_id=page.pk, action__in=PUBLISH_ACTIONS + UNPUBLISH_ACTIONS
        ).order_by("timestamp", "pk")
        for entry in entries:
            if entry.action in PUBLISH_ACTIONS and not is_live:
                live_since, is_live = entry.timestamp, True
            elif entry.action in UNPUBLISH_ACTIONS:
                is_live = False
        # An update, not save(): the window guard keeps the record to what it saw happen.
        model.objects.filter(pk=page.pk).update(
            live_since=live_since or page.first_published_at or page.last_published_at
        )
