"""The alerts' background tasks, run by the worker from the database queue."""

import logging

from django.conf import settings
from django_tasks import task

from learning.alerts import mail, sending
from learning.alerts.links import site_root_url
from learning.alerts.models import Subscriber

logger = logging.getLogger(__name__)


@task(backend=settings.BACKGROUND_TASKS)
def deliver_alerts():
    """Queue and send the alerts for what just went live (the periodic job does the same each minute)."""
    outcome = sending.run()
    return {
        "sent": outcome.sent,
        "withheld": outcome.withheld,
        "deferred": outcome.deferred,
        "failed": outcome.failed,
    }


@task(backend=settings.BACKGROUND_TASKS)
def send_sign_up_mail(subscriber_id):
    """The confirmation e-mail for a new sign-up, or a way to manage the alerts for a known address.

    Sent from the worker, so the sign-up page answers the same, as fast, for a new address as
    for one already subscribed, and does not wait for the mail server.
    """
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return "gone"
    root_url = site_root_url()
    if subscriber.confirmed_at:
        mail.already_subscribed(subscriber, root_url).send()
        return "manage"
    mail.confirmation(subscriber, root_url).send()
    return "confirm"
