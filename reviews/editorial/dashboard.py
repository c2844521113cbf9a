"""Dashboard panels: takedown decisions for administrators, and each person's own submissions."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page, Revision, TaskState, WorkflowState, get_default_page_content_type

from reviews.editorial import reminders, statutory_notice
from reviews.editorial.models import APPROVE_ACTION
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
    latest_revision: Revision | None

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
        """When a not-yet-live CSPR may first be published, or that the notice date is missing.

        The date is read from the submitted revision's content, not by rebuilding the page from it.
        """
        if not statutory_notice.is_cspr(self.page) or self.page.live:
            return None
        content = self.latest_revision.content if self.latest_revision else {}
        field = type(self.page)._meta.get_field("panel_notified_on")
        notified_on = field.to_python(content.get("panel_notified_on", self.page.panel_notified_on))
        if notified_on is None:
            return "Date sent to the Panel not recorded"
        earliest = statutory_notice.earliest_publication_date(notified_on)
        return f"Earliest publication {statutory_notice.format_day(earliest)}"

    @property
    def moderator_comment(self):
        """What the moderator wrote when requesting changes, and who they are."""
        task_state = self.workflow_state.current_task_state
        if not self.changes_requested or not task_state.get_comment():
            return None
        return task_state.get_comment(), task_state.finished_by


def notice_label(page):
    """When a not-yet-live CSPR may first be published (its latest version), or that the date is missing."""
    page = page.get_latest_revision_as_object()
    if not statutory_notice.applies_to(page):
        return None
    if page.panel_notified_on is None:
        return "Date sent to the Panel not recorded"
    earliest = statutory_notice.earliest_publication_date(page.panel_notified_on)
    return f"Earliest publication {statutory_notice.format_day(earliest)}"


def approve_label(label, workflow_state):
    """The editor's wording for an approval that publishes, so the dashboard offers the same button."""
    reapproval = getattr(settings, "WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT", False)
    if workflow_state.is_at_final_task and not reapproval:
        return _("%(label)s and Publish") % {"label": label}
    return label


class AwaitingReviewPanel(WorkflowObjectsToModeratePanel):
    """Wagtail's "Awaiting your review", with each page's step, its statutory notice date, and
    "Approve and Publish" where approving publishes, as in the editor."""

    template_name = "reviews/admin/dashboard_awaiting_review.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context["states"]:
            task_state = state["task_state"]
            state["step"] = task_state.task.name
            state["notice"] = notice_label(state["obj"]) if isinstance(state["obj"], Page) else None
            state["actions"] = [
                (
                    name,
                    approve_label(label, task_state.workflow_state) if name == APPROVE_ACTION else label,
                    modal,
                )
                for name, label, modal in state["actions"]
            ]
        return context


class SubmissionsAwaitingActionPanel(Component):
    """The user's submissions still in a workflow: awaiting a step, or sent back with changes requested.

    Replaces Wagtail's "Your pages and snippets in a workflow" so the list appears once, with the
    statutory notice date for CSPRs.
    """

    name = "reviews_submissions_awaiting_action"
    template_name = "reviews/admin/dashboard_submissions.html"
    # Above the reports to make accessible (160): what waits on the person comes first.
    order = 140

    def get_context_data(self, parent_context):
        states = (
            WorkflowState.objects.active()
            .filter(
                requested_by=parent_context["request"].user, base_content_type=get_default_page_content_type()
            )
            .select_related("current_task_state__task")
            .order_by("-current_task_state__started_at")
        )
        # A fixed number of queries however many submissions: pages by type, revisions at once.
        pages = {
            page.pk: page
            for page in Page.objects.filter(pk__in=[int(s.object_id) for s in states]).specific()
        }
        revisions = Revision.objects.in_bulk([page.latest_revision_id for page in pages.values()])
        return {
            "submissions": [
                Submission(page, state, revisions.get(page.latest_revision_id))
                for state in states
                if (page := pages.get(int(state.object_id))) is not None
            ]
        }
