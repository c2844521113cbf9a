"""Alerts hear of every publication, and queue the sending at once."""

import logging

from django.db import transaction
from wagtail.signals import page_published

from learning.alerts import events
from learning.alerts.tasks import deliver_alerts

logger = logging.getLogger(__name__)


def queue_alerts_for_what_went_live(sender, instance, **kwargs):
    # Publishing must never fail because of alerts: a problem here is logged, and the periodic
    # job announces the page on its next run.
    try:
        with transaction.atomic():
            if events.record_went_live(instance):
                deliver_alerts.enqueue()
    except Exception:
        logger.exception("Could not record that page %s went live; the next alerts run will", instance.pk)


def connect():
    page_published.connect(queue_alerts_for_what_went_live, dispatch_uid="learning.alerts.went_live")
