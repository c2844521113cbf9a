"""Daily reminder to partnership administrators of the takedown decisions coming up."""

from django.core.mail import send_mass_mail
from django.core.management.base import BaseCommand
from django.db import IntegrityError, transaction
from django.utils import timezone

from reviews.editorial import reminders
from reviews.editorial.models import PublicationReminder
from reviews.window import queries


class Command(BaseCommand):
    help = (
        "Email partnership administrators the reviews and Learning on a Page summaries whose "
        f"publication window ends, or whose takedown is scheduled, in the next {reminders.HORIZON_DAYS} "
        "days. Sends at most once a day, so it is safe to run as often as you like."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        today = timezone.localdate(now)
        if PublicationReminder.objects.filter(sent_on=today).exists():
            self.stdout.write("Today's reminder has already been sent.")
            return
        ending = reminders.windows_ending(now)
        scheduled = reminders.takedowns_scheduled(now)
        if not ending and not scheduled:
            self.stdout.write(f"Nothing is due in the next {reminders.HORIZON_DAYS} days; no reminder sent.")
            return
        recipients = list(queries.administrators().values_list("email", flat=True))
        if not recipients:
            self.stderr.write("No partnership administrator has an email address; no reminder sent.")
            return
        subject, body = reminders.reminder_email(ending, scheduled)
        try:
            # The day is recorded only if the mail goes out: a failed send is retried on the next run.
            with transaction.atomic():
                PublicationReminder.objects.create(sent_on=today)
                send_mass_mail([(subject, body, None, [email]) for email in recipients])
        except IntegrityError:
            # Another run recorded today between the check above and this one.
            self.stdout.write("Today's reminder has already been sent.")
            return
        self.stdout.write(f"Reminder sent to {len(recipients)} administrator(s).")
