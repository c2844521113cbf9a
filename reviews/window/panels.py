"""Editor panels that show and set a page's publication window."""

from wagtail.admin.panels import Panel, PublishingPanel
from wagtail.models import PageLogEntry

from reviews.window import rules

TAKEDOWN_ACTIONS = (
    rules.TAKEDOWN_SCHEDULED_ACTION,
    rules.TAKEDOWN_CHANGED_ACTION,
    rules.TAKEDOWN_CLEARED_ACTION,
    rules.TAKEDOWN_MOVED_ACTION,
)


class TakedownPublishingPanel(PublishingPanel):
    """Wagtail's schedule fields, with the takedown date shown only to those who may set it."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        expire_at_panel = next(child for child in self.children if child.field_name == "expire_at")
        expire_at_panel.permission = rules.TAKEDOWN_PERMISSION
        expire_at_panel.heading = "Takedown date/time"

    class BoundPanel(PublishingPanel.BoundPanel):
        template_name = "reviews/admin/takedown_publishing_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            # The schedule dialog shows nothing else, so the page's own earliest date goes beside the field.
            earliest = rules.format_moment(rules.earliest_takedown(self.instance))
            for child in self.children:
                if getattr(child, "field_name", None) == "expire_at":
                    child.help_text = (
                        f"Earliest allowed: {earliest}. The page is unpublished at this time; it must "
                        "stay public for at least one year after it goes live."
                    )

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # On a live page the form applies a takedown date as soon as it is saved (see forms).
            context["takedown_applies_on_save"] = bool(self.instance.live and "expire_at" in self.form.fields)
            return context


class PublicationWindowPanel(Panel):
    """Live since, earliest takedown, scheduled takedown and who set it, at a glance, as stored."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "reviews/admin/publication_window_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            # As stored, not as the form holds it: after a refused takedown date the form still
            # carries the date that was refused, and the editor shows the latest draft.
            page = type(self.instance).objects.filter(pk=self.instance.pk).first() or self.instance
            last_takedown_entry = None
            if page.pk:
                last_takedown_entry = (
                    PageLogEntry.objects.filter(page_id=page.pk, action__in=TAKEDOWN_ACTIONS)
                    .select_related("user")
                    .order_by("-timestamp")
                    .first()
                )
            context.update(
                {
                    "page": page,
                    "earliest_takedown": rules.earliest_takedown(page),
                    "in_window": rules.is_in_window(page),
                    "last_takedown_entry": last_takedown_entry,
                }
            )
            return context
