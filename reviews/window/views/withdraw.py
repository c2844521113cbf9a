"""The Withdraw and Reinstate screens: a reason and a confirmation, then the action."""

from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page

from reviews.window import queries, rules
from reviews.window.actions import (
    NothingToReinstate,
    NothingToWithdraw,
    ReinstatePageAction,
    WithdrawPageAction,
)
from reviews.window.forms import ReinstatementForm, WithdrawalForm
from reviews.window.views.page_action import PageActionFormView


class WithdrawMenuItem(ActionMenuItem):
    """Offered even on a locked page: a court order cannot wait for an editor to finish."""

    label = "Withdraw…"
    name = "action-withdraw"
    icon_name = "warning"

    def is_shown(self, context):
        return (
            context["view"] == "edit"
            and queries.is_window_model(type(context["page"]))
            and self.get_user_page_permissions_tester(context).can_withdraw()
        )

    def get_url(self, parent_context):
        return reverse("reviews_withdraw", args=[parent_context["page"].pk])


class WithdrawView(PageActionFormView):
    form_class = WithdrawalForm
    template_name = "reviews/admin/withdraw.html"
    page_title = "Withdraw"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        # Asked before the form is shown, so nobody writes a reason for a withdrawal that cannot happen.
        check_only = WithdrawPageAction(self.page, request.user, reason="")
        try:
            check_only.check()
        except NothingToWithdraw as not_live:
            messages.error(request, str(not_live))
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        self.learning_pages = check_only.learning_pages
        return super().dispatch(request, page_id)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "learning_pages": self.learning_pages}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "in_window": rules.is_in_window(self.page),
            "stay_public_message": rules.stay_public_message(self.page),
        }

    def form_valid(self, form):
        action = WithdrawPageAction(
            self.page,
            self.request.user,
            reason=form.cleaned_data["reason"],
            include_learning=bool(form.cleaned_data.get("include_learning")),
        )
        action.execute()
        messages.success(self.request, f"“{self.page.title}” has been withdrawn from the site.")
        if not action.administrators_told:
            messages.warning(
                self.request, "The other partnership administrators could not be emailed; tell them directly."
            )
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class ReinstateMenuItem(ActionMenuItem):
    label = "Reinstate…"
    name = "action-reinstate"
    icon_name = "undo"

    def is_shown(self, context):
        return context["view"] == "edit" and self.get_user_page_permissions_tester(context).can_reinstate()

    def get_url(self, parent_context):
        return reverse("reviews_reinstate", args=[parent_context["page"].pk])


class ReinstateView(PageActionFormView):
    form_class = ReinstatementForm
    template_name = "reviews/admin/reinstate.html"
    page_title = "Reinstate"
    header_icon = "undo"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        self.action = ReinstatePageAction(self.page, request.user, reason="")
        try:
            self.action.check()
        except NothingToReinstate as not_withdrawn:
            messages.error(request, str(not_withdrawn))
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        return super().dispatch(request, page_id)

    def get_context_data(self, **kwargs):
        revision = self.action.revision_to_publish()
        return {**super().get_context_data(**kwargs), "revision": revision}

    def form_valid(self, form):
        ReinstatePageAction(self.page, self.request.user, reason=form.cleaned_data["reason"]).execute()
        messages.success(
            self.request,
            f"“{self.page.title}” is back on the site. {rules.stay_public_message(self.page)}",
        )
        return redirect("wagtailadmin_pages:edit", self.page.pk)
