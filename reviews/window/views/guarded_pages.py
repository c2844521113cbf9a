"""Wagtail's page views, saying why when the publication window is what refuses an action.

The permission tester already hides these actions for in-window pages; someone who follows an
old link or posts the form anyway gets the reason and the earliest date, not a bare refusal.
"""

from django.core.exceptions import NON_FIELD_ERRORS
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

from reviews.window import content, guards, queries, rules


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
    """Wagtail's editor, saying in one banner at the top why a change was refused.

    Wagtail says only "The page could not be saved due to validation errors", beside the
    autosave's "Saved", and a takedown date's reason sits behind "Invalid schedule > Edit schedule".
    """

    def form_invalid(self, form):
        refusals = refusal_reasons(form)
        if not refusals or self.is_cancelling_workflow or self.locked_for_user or self.expects_json_response:
            return super().form_invalid(form)
        messages.error(self.request, self.refusal_message(refusals))
        # What Wagtail's own form_invalid does besides its message.
        self.errors_debug = repr(form.errors)
        self.has_unsaved_changes = True
        return self.render_to_response(self.get_context_data())

    def refusal_message(self, refusals):
        title = self.page.get_admin_display_title()
        if self.request.POST.get("action-publish"):
            return rules.not_done_message(f"“{title}” was not published.", refusals)
        if self.request.POST.get("action-workflow-action"):
            return rules.not_done_message(f"“{title}” was not approved.", refusals)
        if set(self.form.errors) == {"expire_at"}:
            return rules.takedown_date_not_saved_message(" ".join(refusals))
        return rules.not_done_message("Your changes were not saved.", refusals)

    def save_action(self):
        response = super().save_action()
        if getattr(self.form, "takedown_applied_to_live_page", False):
            # "Save schedule" changed nothing the public reads but the date it already applied.
            content.settle_draft_without_changes(self.page)
        return response

    def add_save_confirmation_message(self):
        super().add_save_confirmation_message()
        self.add_takedown_message()

    def add_takedown_message(self):
        if getattr(self.form, "takedown_applied_to_live_page", False):
            messages.success(self.request, rules.takedown_applied_message(self.page))


def refusal_reasons(form):
    """The reasons a rule refused the form: its own errors and a refused takedown date, in words.

    Other field errors (a title left empty) are shown by Wagtail beside their fields.
    """
    reasons = list(form.non_field_errors())
    if reasons or "expire_at" in form.errors:
        reasons += form.errors.get("expire_at", [])
        reasons += [
            f"{form[name].label}: {error}"
            for name, errors in form.errors.items()
            if name not in (NON_FIELD_ERRORS, "expire_at") and name in form.fields
            for error in errors
        ]
    return reasons


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
