"""The window's admin: audit-log actions, permissions, move and bulk refusals, withdrawal and the report.

Its guarded page views are registered by the editorial process, which adds its own to them.
"""

from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.documents import get_document_model
from wagtail.log_actions import LogFormatter
from wagtail.models import Page

from reviews.window import guards, queries, rules
from reviews.window.views.bulk_actions import EXPLAINED_PAGE_BULK_ACTIONS
from reviews.window.views.dashboard import HeldPublicationsPanel, WindowBreachesPanel
from reviews.window.views.guarded_pages import refuse_inside_window
from reviews.window.views.report import PublicationWindowsReportMenuItem, PublicationWindowsReportView
from reviews.window.views.withdraw import ReinstateMenuItem, ReinstateView, WithdrawMenuItem, WithdrawView

GUARDED_BULK_ACTIONS = {"unpublish", "delete", "move"}


@hooks.register("construct_explorer_page_queryset")
def read_windows_with_the_page_listing(parent_page, pages, request):
    """Each row's window comes with the listing, so its action buttons cost no query per row."""
    return queries.mark_listed_rows(pages)


@hooks.register("register_log_actions")
def register_publication_window_log_actions(actions):
    actions.register_action(rules.TAKEDOWN_SCHEDULED_ACTION, "Takedown scheduled", "Takedown date scheduled")
    actions.register_action(rules.TAKEDOWN_CHANGED_ACTION, "Takedown changed", "Takedown date changed")
    actions.register_action(rules.TAKEDOWN_CLEARED_ACTION, "Takedown cleared", "Takedown date cleared")
    actions.register_action(
        rules.REFUSED_ACTION,
        "Early takedown refused",
        "Refused an attempt to take the page down inside its publication window",
    )


class WithdrawnFormatter(LogFormatter):
    """The History of every page a withdrawal took down gives the reason to administrators."""

    label = "Withdrawn"
    message = "Withdrawn early from the site"

    def format_comment(self, log_entry):
        return f"Reason: {(log_entry.data or {}).get('reason', '')}"


class ReinstatedFormatter(WithdrawnFormatter):
    label = "Reinstated"
    message = "Reinstated after a withdrawal; its year on the site starts again"


class TakedownMovedFormatter(LogFormatter):
    """The History says when the scheduler moved a takedown date, from what and to what."""

    label = "Takedown moved"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        moments = {key: parse_datetime(data.get(key) or "") for key in ("old", "new")}
        if not all(moments.values()):
            return "Takedown date moved by the scheduler"
        return (
            f"Takedown date moved from {rules.format_moment(moments['old'])} to "
            f"{rules.format_moment(moments['new'])}: it went live later than scheduled"
        )


@hooks.register("register_log_actions")
def register_withdrawal_log_actions(actions):
    actions.register_action(rules.TAKEDOWN_MOVED_ACTION)(TakedownMovedFormatter)
    actions.register_action(rules.WITHDRAW_ACTION)(WithdrawnFormatter)
    actions.register_action(rules.REINSTATE_ACTION)(ReinstatedFormatter)


@hooks.register("register_permissions")
def register_publication_window_permissions():
    """Lets administrators grant takedown and withdrawal rights under Settings > Groups."""
    return Permission.objects.filter(
        content_type__app_label="reviews", codename__in=[rules.TAKEDOWN_CODENAME, rules.WITHDRAW_CODENAME]
    )


@hooks.register("before_move_page")
def refuse_moving_in_window_pages_out_of_public_view(request, page, destination):
    """Moving under a private, unpublished or off-site parent would hide the page: say so and stop."""
    if queries.is_public(destination):
        return None
    return refuse_inside_window(request, page, "move")


# After Wagtail's own (order 0): the registry keeps the last class registered for an action.
for explained_action in EXPLAINED_PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", explained_action, order=100)


@hooks.register("before_bulk_action")
def refuse_bulk_takedown_of_in_window_pages(request, action_type, objects, action_class_instance):
    """Bulk actions skip the single-page views: refuse the whole action, naming the pages that block it."""
    if action_type not in GUARDED_BULK_ACTIONS or not issubclass(action_class_instance.model, Page):
        return None
    requested_ids = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
    requested = Page.objects.filter(pk__in=requested_ids).specific()
    if action_type == "move":
        destination = action_class_instance.cleaned_form.cleaned_data["chooser"]
        if queries.is_public(destination):
            return None
    blocking = [blocked for page in requested for blocked in queries.in_window_pages_within(page)]
    if not blocking:
        return None
    message = rules.describe_blocking_pages(blocking)
    for page in blocking:
        guards.log_refusal(page, request.user, f"bulk {action_type}", message)
    messages.error(request, message)
    return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_explore_root")


@hooks.register("before_bulk_action")
def refuse_bulk_filing_reports_in_a_private_collection(request, action_type, objects, action_class_instance):
    """ "Add to collection" updates documents without saving them, so no model signal would see it."""
    if action_type != "add_to_collection" or action_class_instance.model is not get_document_model():
        return None
    collection = action_class_instance.cleaned_form.cleaned_data["collection"]
    if not collection.get_view_restrictions().exists():
        return None
    blocking = queries.in_window_pages_using_documents(document.pk for document in objects)
    if not blocking:
        return None
    messages.error(request, rules.describe_blocking_pages(blocking))
    return redirect(get_valid_next_url_from_request(request) or "wagtaildocs:index")


@hooks.register("register_admin_urls")
def register_withdrawal_urls():
    return [
        path("reviews/withdraw/<int:page_id>/", WithdrawView.as_view(), name="reviews_withdraw"),
        path("reviews/reinstate/<int:page_id>/", ReinstateView.as_view(), name="reviews_reinstate"),
    ]


@hooks.register("register_page_action_menu_item")
def register_withdraw_menu_item():
    return WithdrawMenuItem(order=25)


@hooks.register("register_page_action_menu_item")
def register_reinstate_menu_item():
    return ReinstateMenuItem(order=24)


@hooks.register("before_edit_page")
def say_who_withdrew_the_page_and_why(request, page):
    """Everyone who opens a withdrawn page reads first that it was withdrawn, by whom and why."""
    if request.method != "GET" or queries.withdrawn_version(page) is None:
        return None
    withdrawal = queries.latest_withdrawal(page)
    if withdrawal is not None:
        who = withdrawal.user_display_name or "an administrator"
        reason = (withdrawal.data or {}).get("reason", "")
        messages.warning(request, rules.withdrawn_notice(withdrawal.timestamp, who, reason))
    return None


@hooks.register("register_admin_urls")
def register_publication_windows_report_urls():
    return [
        path(
            "reports/publication-windows/",
            PublicationWindowsReportView.as_view(),
            name="publication_windows_report",
        ),
        path(
            "reports/publication-windows/results/",
            PublicationWindowsReportView.as_view(results_only=True),
            name="publication_windows_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_publication_windows_report_menu_item():
    return PublicationWindowsReportMenuItem(
        "Publication windows",
        reverse("publication_windows_report"),
        name="publication-windows",
        icon_name="calendar-alt",
        order=1150,
    )


@hooks.register("construct_homepage_panels")
def warn_administrators_of_broken_windows(request, panels):
    """While the last check found a review in its window that the public cannot read, say so first;
    then what the scheduler could not publish."""
    if queries.can_take_down(request.user):
        found = [WindowBreachesPanel.for_latest_check(), HeldPublicationsPanel.if_any()]
        panels[:0] = [panel for panel in found if panel is not None]
