"""Withdrawal, the one deliberate way to take a review down inside its year, and reinstatement.

A court order or a risk to a child can require a withdrawal. Like Wagtail's own actions
(`wagtail/actions/unpublish_page.py`), each action checks who may do it in `check()` and does it
in `execute()`. Withdrawal is the only code that authorises the guard to let an in-window page
come down, and reinstatement the only code that lets a withdrawn page go live again.
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
                withdrawn_revision_id = page.live_revision_id
                UnpublishPageAction(page, user=self.user, log_action=False).execute(
                    skip_permission_checks=True
                )
                log(
                    instance=page,
                    action=rules.WITHDRAW_ACTION,
                    user=self.user,
                    data={"reason": self.reason, "revision_id": withdrawn_revision_id},
                )
            cancelled = self.cancel_workflows(pages)
        self.also_withdrawn = also_withdrawn
        moment = timezone.now()
        self.administrators_told = self.notify_administrators(moment)
        self.submitters_told = self.notify_submitters(cancelled, moment)
        return pages

    def cancel_workflows(self, pages):
        """An edit waiting for approval must not bring a withdrawn page back: cancel it."""
        cancelled = []
        for page in pages:
            workflow_state = page.current_workflow_state
            if workflow_state is not None:
                workflow_state.cancel(user=self.user)
                cancelled.append(workflow_state)
        return cancelled

    def notify_submitters(self, cancelled, moment):
        """Tell each person whose submission was cancelled why it will not be approved."""
        messages = []
        for workflow_state in cancelled:
            submitter = workflow_state.requested_by
            if submitter is None or not submitter.email or submitter.pk == self.user.pk:
                continue
            title = workflow_state.content_object.title
            body = (
                f"“{title}” was withdrawn from the site on {rules.format_moment(moment)}, so the "
                "changes you submitted for moderation will not be approved and its workflow was "
                f"cancelled.\n\nReason given: {self.reason}\n\nOnly a partnership administrator "
                "can bring it back."
            )
            messages.append((f"Moderation cancelled: “{title}” was withdrawn", body, None, [submitter.email]))
        return _send(messages, self.page)

    def notify_administrators(self, moment):
        """The page is already down; a mail failure is reported, not allowed to undo or hide that."""
        subject, body = notification(self.page, self.also_withdrawn, self.user, self.reason, moment)
        recipients = queries.administrators().exclude(pk=self.user.pk).values_list("email", flat=True)
        return _send([(subject, body, None, [email]) for email in recipients], self.page)


def _send(messages, page):
    """Send the mails; a failure is logged and reported, never allowed to undo what was done."""
    try:
        send_mass_mail(messages)
    except (smtplib.SMTPException, OSError):
        logger.exception("Could not send mail about pk=%s", page.pk if page else None)
        return False
    return True


def email_administrators(subject, body, about=None):
    """One mail to each partnership administrator; False (and logged) when it could not be sent."""
    recipients = queries.administrators().values_list("email", flat=True)
    return _send([(subject, body, None, [email]) for email in recipients], about)


class ReinstatementPermissionError(PermissionDenied):
    """The user may not reinstate this page."""


class NothingToReinstate(Exception):
    """The page is not withdrawn."""


class ReinstatePageAction:
    """Bring a withdrawn page back with the version that was withdrawn; its year starts again."""

    def __init__(self, page, user, reason):
        self.page = page
        self.user = user
        self.reason = reason

    def check(self):
        if not queries.can_withdraw_or_reinstate(self.user):
            raise ReinstatementPermissionError(
                "Only a partnership administrator can reinstate a withdrawn page."
            )
        if queries.withdrawn_version(self.page) is None:
            raise NothingToReinstate(
                f"“{self.page.title}” is not withdrawn, so there is nothing to reinstate."
            )

    def revision_to_publish(self):
        """The version that was live when the page was withdrawn, or its latest if that is unknown."""
        withdrawal = queries.latest_withdrawal(self.page)
        revision_id = (withdrawal.data or {}).get("revision_id") if withdrawal else None
        revision = self.page.revisions.filter(pk=revision_id).first() if revision_id else None
        return revision or self.page.get_latest_revision()

    def execute(self):
        self.check()
        version = self.revision_to_publish().as_object()
        # Its year starts again, so a takedown date set before the withdrawal no longer stands;
        # the version goes back as the latest revision too, so the editor shows what is live.
        cleared_takedown = version.expire_at is not None or self.page.expire_at is not None
        version.expire_at = None
        aliases = list(self.page.aliases.values_list("pk", flat=True))
        with transaction.atomic(), guards.reinstatement_authorised([self.page.pk, *aliases]):
            revision = version.save_revision(user=self.user, clean=False)
            revision.publish(user=self.user, skip_permission_checks=True)
            if cleared_takedown:
                log(
                    instance=self.page,
                    action=rules.TAKEDOWN_CLEARED_ACTION,
                    user=self.user,
                    data={"expire_at": None, "reason": "Reinstated: its year on the site starts again."},
                )
            log(
                instance=self.page,
                action=rules.REINSTATE_ACTION,
                user=self.user,
                data={"reason": self.reason, "revision_id": revision.pk},
            )
        self.page.refresh_from_db()
        return self.page


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
