"""Withdrawal: the one deliberate way to take a review down inside its year on the site.

A court order or a risk to a child can require it. Like Wagtail's own actions
(`wagtail/actions/unpublish_page.py`), the action checks who may do it in `check()` and does it
in `execute()`; it is the only code that authorises the guard to let an in-window page come down.
"""

import logging
import smtplib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.unpublish_page import UnpublishPageAction
from wagtail.log_actions import log

from reviews.window import guards, queries, rules

logger = logging.getLogger(__name__)


class WithdrawalPermissionError(PermissionDenied):
    """The user may not withdraw this page."""


class NothingToWithdraw(Exception):
    """The page is not live, so there is nothing to take down."""


def with_live_aliases(pages):
    """Aliases mirror their original and would be taken down with it, so they need the same authority."""
    for page in pages:
        yield from page.aliases.live().specific()
        yield page


class WithdrawPageAction:
    """Take a review (and, if asked, its live Learning on a Page) down now, with a recorded reason."""

    def __init__(self, page, user, reason, include_learning=True):
        self.page = page
        self.user = user
        self.reason = reason
        self.include_learning = include_learning

    @property
    def learning_pages(self):
        return list(self.page.learning_pages.live())

    def check(self):
        if not (self.user and self.user.has_perm(rules.WITHDRAW_PERMISSION)):
            raise WithdrawalPermissionError("You do not have permission to withdraw reviews.")
        if not self.page.live:
            raise NothingToWithdraw(f"“{self.page.title}” is not live, so there is nothing to withdraw.")
        if not self.page.permissions_for_user(self.user).can_withdraw():
            raise WithdrawalPermissionError("You do not have permission to withdraw this page.")

    def execute(self):
        """Withdraw all the pages or none; then tell the other administrators. Returns the pages."""
        self.check()
        also_withdrawn = self.learning_pages if self.include_learning else []
        pages = list(with_live_aliases([self.page, *also_withdrawn]))
        with transaction.atomic(), guards.takedown_authorised(page.pk for page in pages):
            for page in pages:
                UnpublishPageAction(page, user=self.user, log_action=False).execute(
                    skip_permission_checks=True
                )
                log(instance=page, action=rules.WITHDRAW_ACTION, user=self.user, data={"reason": self.reason})
        self.also_withdrawn = also_withdrawn
        self.administrators_told = self.notify_administrators(timezone.now())
        return pages

    def notify_administrators(self, moment):
        """The page is already down; a mail failure is reported, not allowed to undo or hide that."""
        subject, body = notification(self.page, self.also_withdrawn, self.user, self.reason, moment)
        recipients = queries.administrators().exclude(pk=self.user.pk).values_list("email", flat=True)
        try:
            send_mass_mail([(subject, body, None, [email]) for email in recipients])
        except (smtplib.SMTPException, OSError):
            logger.exception("Could not email administrators about the withdrawal of pk=%s", self.page.pk)
            return False
        return True


def notification(page, also_withdrawn, user, reason, moment):
    subject = f"Review withdrawn: “{page.title}”"
    who = user.get_full_name() or user.get_username()
    lines = [
        f"“{page.title}” was withdrawn from the site by {who} on "
        f"{rules.format_moment(moment)}, before the end of its year on the site.",
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
