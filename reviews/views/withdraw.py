"""Withdrawal: the one deliberate way to take a review down inside its year on the site.

A court order or a risk to a child can require it. Ordinary unpublishing stays refused by the
permission tester, so this view checks `can_withdraw` itself, authorises the save that the
publication-window backstop would otherwise refuse, and leaves a reasoned audit trail.
"""

import logging
import smtplib

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.admin import messages
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log
from wagtail.models import Page

from reviews import publication_window

logger = logging.getLogger(__name__)

WITHDRAW_LOG_ACTION = "reviews.withdraw"
REASON_MIN_LENGTH = 10


class WithdrawMenuItem(ActionMenuItem):
    """Offered even on a locked page: a court order cannot wait for an editor to finish."""

    label = "Withdraw…"
    name = "action-withdraw"
    icon_name = "warning"

    def is_shown(self, context):
        return (
            context["view"] == "edit"
            and publication_window.is_window_model(type(context["page"]))
            and self.get_user_page_permissions_tester(context).can_withdraw()
        )

    def get_url(self, parent_context):
        return reverse("reviews_withdraw", args=[parent_context["page"].pk])


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label="Reason for withdrawal",
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=REASON_MIN_LENGTH,
        help_text="For example the court order or the risk to a child. "
        "Kept in the audit log and never shown on the public site.",
        error_messages={
            "required": "Give the reason for withdrawal; it is kept in the audit log.",
            "min_length": f"Give the reason for withdrawal in at least {REASON_MIN_LENGTH} characters.",
        },
    )
    confirm = forms.BooleanField(
        label="I confirm this review must be withdrawn now",
        error_messages={"required": "Tick the box to confirm this review must be withdrawn now."},
    )
    include_learning = forms.BooleanField(
        label="Also withdraw its Learning on a Page", required=False, initial=True
    )

    def __init__(self, *args, learning_pages=(), **kwargs):
        super().__init__(*args, **kwargs)
        if learning_pages:
            titles = "; ".join(f"“{page.title}”" for page in learning_pages)
            self.fields["include_learning"].help_text = f"Live now: {titles}."
        else:
            del self.fields["include_learning"]


def with_live_aliases(pages):
    """Aliases mirror their original and would be taken down with it, so they need the same authority."""
    for page in pages:
        yield from page.aliases.live().specific()
        yield page


def withdraw(pages, user, reason):
    """Take the pages down now and record why; all or none of them."""
    with transaction.atomic():
        for page in pages:
            page._withdrawal_authorised = True
            UnpublishPageAction(page, user=user, log_action=False).execute(skip_permission_checks=True)
            log(instance=page, action=WITHDRAW_LOG_ACTION, user=user, data={"reason": reason})


def administrators_to_notify(withdrawer):
    """Everyone else who could have withdrawn it: administrators and superusers with an email address."""
    return (
        get_user_model()
        .objects.filter(Q(groups__name=publication_window.ADMINISTRATORS_GROUP) | Q(is_superuser=True))
        .filter(is_active=True)
        .exclude(pk=withdrawer.pk)
        .exclude(email="")
        .distinct()
    )


def notification(page, also_withdrawn, user, reason, moment):
    subject = f"Review withdrawn: “{page.title}”"
    who = user.get_full_name() or user.get_username()
    lines = [
        f"“{page.title}” was withdrawn from the site by {who} on "
        f"{publication_window.format_moment(moment)}, before the end of its year on the site.",
        "",
        "Reason (kept in the audit log, not shown publicly):",
        reason,
        "",
    ]
    if also_withdrawn:
        lines += ["Also withdrawn: " + "; ".join(f"“{other.title}”" for other in also_withdrawn), ""]
    edit_path = reverse("wagtailadmin_pages:edit", args=[page.pk])
    lines.append(f"The page in the admin: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{edit_path}")
    return subject, "\n".join(lines)


class WithdrawView(WagtailAdminTemplateMixin, FormView):
    form_class = WithdrawalForm
    template_name = "reviews/admin/withdraw.html"
    page_title = "Withdraw"
    header_icon = "warning"

    def dispatch(self, request, page_id):
        self.page = get_object_or_404(Page, pk=page_id).specific
        if not request.user.has_perm(publication_window.WITHDRAW_PERMISSION):
            raise PermissionDenied
        if not self.page.live:
            messages.error(request, f"“{self.page.title}” is not live, so there is nothing to withdraw.")
            return redirect("wagtailadmin_pages:edit", self.page.pk)
        if not self.page.permissions_for_user(request.user).can_withdraw():
            raise PermissionDenied
        self.learning_pages = list(self.page.learning_pages.live())
        return super().dispatch(request, page_id)

    def get_page_subtitle(self):
        return self.page.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return []

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "learning_pages": self.learning_pages}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page": self.page,
            "in_window": publication_window.is_in_window(self.page),
            "stay_public_message": publication_window.stay_public_message(self.page),
            "edit_url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
        }

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        also_withdrawn = self.learning_pages if form.cleaned_data.get("include_learning") else []
        withdraw(list(with_live_aliases([self.page, *also_withdrawn])), self.request.user, reason)
        messages.success(self.request, f"“{self.page.title}” has been withdrawn from the site.")
        self.notify_administrators(also_withdrawn, reason)
        return redirect("wagtailadmin_pages:edit", self.page.pk)

    def notify_administrators(self, also_withdrawn, reason):
        """The page is already down; a mail failure is reported, not allowed to undo or hide that."""
        subject, body = notification(self.page, also_withdrawn, self.request.user, reason, timezone.now())
        recipients = administrators_to_notify(self.request.user).values_list("email", flat=True)
        try:
            send_mass_mail([(subject, body, None, [email]) for email in recipients])
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not email administrators about the withdrawal of pk=%s", self.page.pk)
            messages.warning(
                self.request, "The other partnership administrators could not be emailed; tell them directly."
            )
