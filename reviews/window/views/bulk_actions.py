"""Wagtail's page bulk actions, offered only to people who may take them, and saying why a page is refused.

Wagtail lists refused pages under "You don't have permission" and stops there; for a review
inside its year that hides the one thing staff need, the date it may come down.
"""

from wagtail.admin.views.pages.bulk_actions.delete import DeleteBulkAction
from wagtail.admin.views.pages.bulk_actions.publish import PublishBulkAction
from wagtail.admin.views.pages.bulk_actions.unpublish import UnpublishBulkAction
from wagtail.permission_policies.pages import PagePermissionPolicy

from reviews.window import queries

PUBLISH_NEEDS_MODERATION = (
    "Only partnership administrators publish pages directly: open the page and submit it for "
    "moderation; the moderators’ approval publishes it."
)
UNPUBLISH_NEEDS_AN_ADMINISTRATOR = "Only partnership administrators can unpublish a page: ask one of them."
LIVE_FOR_A_PUBLISHER = "It is live, and only partnership administrators can delete a live page."


class ExplainedRefusalsMixin:
    """Each refused page comes with its reason; the action is shown only to people who may take it."""

    required_page_permission = None

    @classmethod
    def is_offered_to(cls, user):
        if cls.required_page_permission is None:
            return True
        return PagePermissionPolicy().user_has_permission(user, cls.required_page_permission)

    def refusal_reason(self, page, tester):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["items_with_no_access"]:
            page = entry["item"].specific_deferred
            entry["reason"] = self.refusal_reason(page, page.permissions_for_user(self.request.user))
        return context


class TakedownRefusalsMixin(ExplainedRefusalsMixin):
    def refusal_reason(self, page, tester):
        window_refusal = queries.refusal_for(page)
        if window_refusal:
            return window_refusal
        if page.live and not tester.user.is_superuser and "publish" not in tester.permissions:
            return (
                UNPUBLISH_NEEDS_AN_ADMINISTRATOR if self.action_type == "unpublish" else LIVE_FOR_A_PUBLISHER
            )
        lock = tester.page_locked()
        return lock.get_message(tester.user) if lock else None


class ExplainedUnpublishBulkAction(TakedownRefusalsMixin, UnpublishBulkAction):
    required_page_permission = "publish"


class ExplainedDeleteBulkAction(TakedownRefusalsMixin, DeleteBulkAction):
    pass


class ExplainedPublishBulkAction(ExplainedRefusalsMixin, PublishBulkAction):
    required_page_permission = "publish"

    def refusal_reason(self, page, tester):
        if not tester.user.is_superuser and "publish" not in tester.permissions:
            return PUBLISH_NEEDS_MODERATION
        return tester.publishing_refusal


EXPLAINED_PAGE_BULK_ACTIONS = [
    ExplainedUnpublishBulkAction,
    ExplainedDeleteBulkAction,
    ExplainedPublishBulkAction,
]
