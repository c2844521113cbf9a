"""The page permission tester that keeps in-window pages public.

Wagtail asks this tester for the action menu, the page listing, single and bulk actions and
the admin API, so refusing here closes all of those paths at once, superusers included: taking
an in-window page down, and publishing what the user submitted or changed since the submission.
"""

from django.utils.functional import cached_property
from wagtail.models import PagePermissionTester

from reviews.window import queries


class PublicationWindowPermissionTester(PagePermissionTester):
    @cached_property
    def window_refusal(self):
        """Why the page (or a page below it) cannot be taken down now, or None."""
        return queries.refusal_for(self.page)

    @cached_property
    def is_withdrawn(self):
        return queries.withdrawn_version(self.page) is not None

    @cached_property
    def publishing_refusal(self):
        """Why this user may not publish the page (their own submission, say), or None."""
        return queries.publishing_refusal(self.page, self.user)

    def can_publish(self):
        # A withdrawn page comes back only through "Reinstate…"; the editor, bulk publish and the
        # admin API ask here.
        return super().can_publish() and not self.is_withdrawn and not self.publishing_refusal

    def can_submit_for_moderation(self):
        # A withdrawn page comes back only through "Reinstate…": no workflow could publish it.
        return super().can_submit_for_moderation() and not self.is_withdrawn

    def can_unpublish(self):
        return super().can_unpublish() and not self.window_refusal

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and not self.window_refusal

    def can_move(self):
        # Moving keeps a page public as long as the destination does; can_move_to decides that.
        return super().can_delete(ignore_bulk=True)

    def can_move_to(self, destination):
        if not super().can_move_to(destination):
            return False
        return not self.window_refusal or queries.is_public(destination)

    def can_withdraw(self):
        return queries.is_window_model(type(self.page)) and queries.can_withdraw(self.user, self.page)

    def can_reinstate(self):
        return self.is_withdrawn and queries.can_withdraw_or_reinstate(self.user)
