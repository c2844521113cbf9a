"""The administrators' dashboard warning while the last check found a review in its window not public."""

from wagtail.admin.ui.components import Component

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
