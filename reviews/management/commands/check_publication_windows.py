"""Checks, as an anonymous visitor would, that every review inside its year is public and complete."""

import logging
import smtplib

from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand, CommandError

from reviews.window import invariant, queries
from reviews.window.models import WindowCheck

logger = logging.getLogger(__name__)
KEPT_CHECKS = 100


class Command(BaseCommand):
    help = (
        "Check every review and Learning on a Page inside its one-year publication window: live, not "
        "private, its address and its documents answering an anonymous visitor. Quiet when all holds; "
        "otherwise logs each problem, e-mails partnership administrators when the problems change, "
        "and exits with status 1. The compose scheduler runs it every 15 minutes."
    )

    def handle(self, *args, verbosity=1, **options):
        found = [breach.as_data() for breach in invariant.all_breaches()]
        previous = WindowCheck.objects.order_by("-checked_at", "-pk").first()
        # Administrators hear of each new set of problems once; a mail that failed is tried again.
        told = previous is not None and previous.breaches == found and previous.emailed
        this_check = WindowCheck.objects.create(breaches=found, emailed=told)
        stale = WindowCheck.objects.order_by("-checked_at", "-pk").values_list("pk", flat=True)[KEPT_CHECKS:]
        WindowCheck.objects.filter(pk__in=list(stale)).delete()
        if not found:
            if verbosity > 1:
                self.stdout.write("Every page inside its publication window is public.")
            return
        for breach in found:
            logger.error(
                "Publication window broken for %r (pk=%s): %s",
                breach["title"],
                breach["page_id"],
                breach["what"],
            )
            self.stderr.write(f"“{breach['title']}”: {breach['what']} {breach['fix']}")
        if not told and self.email_administrators(found):
            WindowCheck.objects.filter(pk=this_check.pk).update(emailed=True)
        raise CommandError(f"{len(found)} problem(s) with pages inside their publication window.")

    def email_administrators(self, found):
        subject = f"Action needed: {len(found)} problem(s) with reviews that must stay public"
        lines = [
            "These reviews must stay publicly available for a year, and something stops that:",
            "",
            *(f"- “{b['title']}”: {b['what']} To fix: {b['fix']}" for b in found),
        ]
        body = "\n".join(lines)
        recipients = queries.administrators().values_list("email", flat=True)
        try:
            send_mass_mail([(subject, body, None, [email]) for email in recipients])
        except (smtplib.SMTPException, OSError):
            # The problems are already logged and on the dashboard; the next run tries the mail again.
            logger.exception("Could not e-mail administrators about broken publication windows")
            return False
        return True
