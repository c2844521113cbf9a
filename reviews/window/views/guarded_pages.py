"""Wagtail's page views, saying why when the publication window is what refuses an action.

The permission tester already hides these actions for in-window pages; someone who follows an
old link or posts the form anyway gets the reason and the earliest date, not a bare refusal.
"""

from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from wagtail.admin import messages
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import collection_privacy
from wagtail.admin.views.page_privacy import SetPrivacyView
from wagtail.admin.views.pages.delete import DeleteView
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.unpublish import UnpublishView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageViewRestriction

from reviews.window import guards, queries, rules


def refuse_inside_window(request, page, path):
    """A redirect back to the editor with the reason, or None when the window allows the action."""
    message = queries.refusal_for(page)
    if not message:
        return None
    if request.method == "POST":
        guards.log_refusal(page, request.user, path, message)
    messages.error(request, message)
    return redirect("wagtailadmin_pages:edit", page.pk)


class WindowUnpublishView(UnpublishView):
    def dispatch(self, request, *args, **kwargs):
        return refuse_inside_window(request, self.object, "unpublish") or super().dispatch(
            request, *args, **kwargs
        )


class WindowDeleteView(DeleteView):
    def dispatch(self, request, page_id, *args, **kwargs):
        page = get_object_or_404(Page, id=page_id).specific
        return refuse_inside_window(request, page, "delete") or super().dispatch(
            request, page_id, *args, **kwargs
        )


class WindowEditView(EditView):
    """Wagtail's editor, saying what happened to a takedown date in the banner at the top.

    The schedule dialog's errors otherwise sit behind "Invalid schedule > Edit schedule".
    """

    def form_invalid(self, form):
        # With non-field errors Wagtail already lists every error in the banner.
        if not form.non_field_errors():
            for reason in form.errors.get("expire_at", []):
                messages.error(self.request, rules.takedown_date_not_saved_message(reason))
        return super().form_invalid(form)

    def add_save_confirmation_message(self):
        super().add_save_confirmation_message()
        self.add_takedown_message()

    def add_takedown_message(self):
        if getattr(self.form, "takedown_applied_to_live_page", False):
            messages.success(self.request, rules.takedown_applied_message(self.page))


class WindowSetPrivacyView(SetPrivacyView):
    @transaction.atomic  # the guard's lock is held until the restriction is written (see `hold_window_lock`)
    def form_valid(self, form):
        if form.cleaned_data["restriction_type"] != PageViewRestriction.NONE:
            message = queries.refusal_for(self.page)
            if message:
                guards.log_refusal(self.page, self.request.user, "privacy", message)
                form.add_error("restriction_type", message)
                return self.form_invalid(form)
        return super().form_valid(form)


class PublicationWindowPageViewSet(PageViewSet):
    """The page views for every page type in this site: Wagtail's, with the window's refusals explained."""

    edit_view_class = WindowEditView
    unpublish_view_class = WindowUnpublishView
    delete_view_class = WindowDeleteView
    set_privacy_view_class = WindowSetPrivacyView


# Wagtail's collection privacy view, writing in one transaction so that the guard's lock covers it.
set_collection_privacy = require_admin_access(transaction.atomic(collection_privacy.set_privacy))
