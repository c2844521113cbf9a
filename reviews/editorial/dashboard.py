"""Dashboard panels: takedown decisions for administrators, and each person's own submissions."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState, get_default_page_content_type

from reviews.editorial import reminders, statutory_notice
from reviews.page_rows import PageRow


class TakedownDecisionsPanel(Component):
    """For administrators: the reviews whose window ends, or whose takedown falls, in the next 30 days."""

    name = "reviews_takedown_decisions"
    template_name = "reviews/admin/dashboard_takedown_decisions.html"
    order = 150

    def get_context_data(self, parent_context):
        now = timezone.now()
        return {
            "windows_ending": reminders.windows_ending(now),
            "takedowns_scheduled": reminders.takedowns_scheduled(now),
            "horizon_days": reminders.HORIZON_DAYS,
            "heading": f"Takedown decisions in the next {reminders.HORIZON_DAYS} days",
            "report_url": reverse("publication_windows_report"),
        }


@dataclass
class Submission(PageRow):
    """A page the user submitted, where its workflow stands, and for a CSPR its notice."""

    page: Page
    workflow_state: WorkflowState

    @property
    def task_name(self):
        return self.workflow_state.current_task_state.task.name

    @property
    def changes_requested(self):
        return self.workflow_state.current_task_state.status == TaskState.STATUS_REJECTED

    @property
    def since(self):
        return self.workflow_state.current_task_state.started_at

    @property
    def notice(self):
        """When a not-yet-live CSPR may first be published, or that the notice date is missing."""
        page = self.page.get_latest_revision_as_object()
        if not statutory_notice.applies_to(page):
            return None
        if page.panel_notified_on is None:
            return "Date sent to the Panel not recorded"
        earliest = statutory_notice.earliest_publication_date(page.panel_notified_on)
        return f"Earliest publication {statutory_notice.format_day(earliest)}"


class SubmissionsAwaitingActionPanel(Component):
    """The user's submissions still in a workflow: awaiting a step, or sent back with changes requested.

    Replaces Wagtail's "Your pages and snippets in a workflow" so the list appears once, with the
    statutory notice date for CSPRs.
    """

    name = "reviews_submissions_awaiting_action"
    template_name = "reviews/admin/dashboard_submissions.html"
    order = 210

    def get_context_data(self, parent_context):
        states = (
            WorkflowState.objects.active()
            .filter(
                requested_by=parent_context["request"].user, base_content_type=get_default_page_content_type()
            )
            .select_related("current_task_state__task")
            .order_by("-current_task_state__started_at")
        )
        pages = Page.objects.in_bulk([int(state.object_id) for state in states])
        return {
            "submissions": [
                Submission(pages[int(state.object_id)].specific, state)
                for state in states
                if int(state.object_id) in pages
            ]
        }
