"""The site's scheduler: Wagtail's scheduled publishing, but never taking a page down inside its window.

Run it every few minutes (the compose `scheduler` service does). Wagtail's own `publish_scheduled`
and `publish_scheduled_pages` refuse to run and point here.
"""

import logging

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone
from wagtail.models import DraftStateMixin, Page, PageLogEntry, Revision

from reviews.window import guards, queries, rules, scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Publish revisions whose go-live time has passed and take down pages whose takedown time "
        "has passed. A review still inside its one-year window stays live and a warning is logged, "
        "even if its takedown date was written to the database behind the editor's validation."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dryrun", action="store_true", help="Report what would happen; change nothing.")

    def handle(self, *args, dryrun=False, **options):
        now = timezone.now()
        for obj in self.expired_objects(now):
            if queries.is_window_model(type(obj)) and rules.is_in_window(obj, now):
                self.hold(obj, now, dryrun)
            elif dryrun:
                self.stdout.write(f"Would take down: {obj} (takedown time {obj.expire_at:%Y-%m-%d %H:%M})")
            else:
                obj.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
                self.stdout.write(f"Taken down: {obj}")

        due = Revision.objects.filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
        if dryrun:
            for revision in due:
                self.stdout.write(
                    f"Would publish: {revision.object_str} (go-live {revision.approved_go_live_at})"
                )
            return
        refused = [(revision, error) for revision in due if (error := self.publish(revision))]
        # A Learning on a Page due with its review waits for it: once the review is live, try again.
        refused = [(revision, error) for revision, first in refused if (error := self.publish(revision))]
        held = []
        for revision, error in refused:
            # A revision refused by the window (a Learning on a Page whose review is not live yet, a
            # withdrawn review) stays scheduled rather than stopping the others, and is held for
            # administrators to see.
            reasons = "; ".join(getattr(error, "messages", None) or [str(error)])
            self.stderr.write(f"Not published: {revision.object_str}: {reasons}")
            logger.warning("Scheduled revision %s not published: %s", revision.pk, reasons)
            held.append((revision, reasons))
        scheduler.hold(held)

    def publish(self, revision):
        """Publish a due revision; the refusal, or None once it is published."""
        try:
            moved = scheduler.publish(revision)
        except (ValidationError, guards.PublicationWindowError) as error:
            return error
        except Exception as error:
            # One revision that breaks unexpectedly must not keep the others from going live.
            logger.exception("Scheduled revision %s could not be published", revision.pk)
            return ValidationError(f"It could not be published because of an unexpected error ({error!r}).")
        self.stdout.write(f"Published: {revision.object_str}")
        if moved:
            self.stdout.write(moved.message)
        return None

    def expired_objects(self, now):
        expired = list(Page.objects.live().filter(expire_at__lt=now).order_by("expire_at").specific())
        for model in apps.get_models():
            if issubclass(model, DraftStateMixin) and not issubclass(model, Page):
                expired.extend(model.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"))
        return expired

    def hold(self, page, now, dryrun):
        message = rules.scheduler_hold_message(page, now)
        self.stderr.write(f"Kept live: {page.title} (pk={page.pk}). {message}")
        already_logged_today = PageLogEntry.objects.filter(
            page_id=page.pk, action=rules.REFUSED_ACTION, timestamp__date=timezone.localdate(now)
        ).exists()
        if not dryrun and not already_logged_today:
            guards.log_refusal(page, None, "scheduler", message)
