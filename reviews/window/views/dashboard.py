"""The administrators' dashboard warnings: a review in its window not public, a publication held back."""

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component

from reviews.window import scheduler
from reviews.window.models import WindowCheck


class WindowBreachesPanel(Component):
    """Shown at the top of the dashboard, to administrators, while anything is broken."""

    name = "reviews_window_breaches"
    template_name = "reviews/admin/dashboard_window_breaches.html"
    order = 50

    def __init__(self, check):
        self.check = check

    @classmethod
    def for_latest_check(cls):
        """The panel for the latest check, or None when it found nothing (or none has run yet)."""
        latest = WindowCheck.objects.order_by("-checked_at", "-pk").first()
        return cls(latest) if latest and latest.breaches else None

    def get_context_data(self, parent_context):
        return {"check": self.check, "breaches": self.check.breaches}


class HeldPublicationsPanel(Component):
    """Shown near the top of the dashboard, to administrators, while the scheduler holds anything back."""

    name = "reviews_held_publications"
    template_name = "reviews/admin/dashboard_held_publications.html"
    order = 60

    def __init__(self, held):
        self.held = held

    @classmethod
    def if_any(cls):
        held = scheduler.held_publications()
        return cls(held) if held else None

    def get_context_data(self, parent_context):
        finder = AdminURLFinder(parent_context["request"].user)
        return {
            "held": [
                (held, held.revision.approved_go_live_at, finder.get_edit_url(held.revision.content_object))
                for held in self.held
            ]
        }
