"""Sending alerts: each subscriber's messages queued once, sent in batches, retried with backoff.

Every e-mail to send is a `Delivery` row first, so nothing is lost when the mail server is
down or the worker stops: it waits, with its next try further off each time (one minute,
then doubling, at most an hour). While the server cannot be reached at all the waiting goes on
until it is back; a message the server itself refuses is tried `MAX_ATTEMPTS` times and then
recorded as failed, with the server's answer. Each alert is written just before it is sent,
from the live site: a page that is private, withdrawn or taken down by then is not sent.
"""

import datetime
import logging
import queue
import smtplib
import threading
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from learning.alerts import events, links, mail, sources
from learning.alerts.models import (
    Announcement,
    Delivery,
    DeliveryStatus,
    DigestWeek,
    Frequency,
    Subscriber,
)
from reviews.window.rules import PARTNERSHIP_TIME_ZONE

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
FIRST_WAIT = datetime.timedelta(minutes=1)
LONGEST_WAIT = datetime.timedelta(hours=1)
# A claim older than this belongs to a worker that stopped mid-batch: its messages wait again.
ABANDONED_AFTER = datetime.timedelta(minutes=15)
INSERT_CHUNK = 1000
KEEP_FINISHED = datetime.timedelta(days=30)
# The server refused this one message; it is tried again, then recorded as failed.
MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    smtplib.SMTPNotSupportedError,
)
# Anything else means the server cannot be reached or went away (smtplib's errors are OSErrors):
# the messages wait for it, however long it takes.
CONNECTION_ERRORS = (OSError,)


def hold():
    """How long an alert waits after its page went live: time to take back a mistake unsent."""
    return datetime.timedelta(minutes=settings.ALERTS_HOLD_MINUTES)


def wait_before_attempt(attempts):
    """The backoff after `attempts` failed tries: 1, 2, 4, 8 … minutes, at most an hour."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _insert(deliveries):
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)


def queue_new_announcements(now=None):
    """Queue an alert for each subscriber who wants it as it happens; each announcement once."""
    now = now or timezone.now()
    queued = 0
    for announcement in Announcement.objects.filter(queued_at__isnull=True, before_alerts=False).order_by(
        "pk"
    ):
        with transaction.atomic():
            if not Announcement.objects.filter(pk=announcement.pk, queued_at__isnull=True).update(
                queued_at=now
            ):
                continue  # another worker has it
            source = sources.SOURCES.get(announcement.topic)
            item = source.describe(announcement) if source else None
            if item is None:
                continue  # not public now: nobody hears of it
            subscriber_ids = (
                Subscriber.objects.wanting(announcement.topic, item.theme_ids)
                .filter(frequency=Frequency.IMMEDIATELY)
                .values_list("pk", flat=True)
                .order_by("pk")
            )
            send_after = announcement.went_live_at + hold()
            chunk = []
            for subscriber_id in subscriber_ids.iterator(chunk_size=INSERT_CHUNK):
                chunk.append(
                    Delivery(subscriber_id=subscriber_id, announcement=announcement, send_after=send_after)
                )
                if len(chunk) == INSERT_CHUNK:
                    _insert(chunk)
                    queued += len(chunk)
                    chunk = []
            _insert(chunk)
            queued += len(chunk)
    return queued


def last_complete_week(now):
    """The Monday of the last whole week (Monday to Sunday) in the partnership's time zone."""
    today = timezone.localtime(now, PARTNERSHIP_TIME_ZONE).date()
    return today - datetime.timedelta(days=today.weekday() + 7)


def week_bounds(monday):
    start = datetime.datetime.combine(monday, datetime.time(), tzinfo=PARTNERSHIP_TIME_ZONE)
    return start, datetime.datetime.combine(
        monday + datetime.timedelta(days=7), datetime.time(), tzinfo=PARTNERSHIP_TIME_ZONE
    )


def announcements_of_week(monday):
    start, end = week_bounds(monday)
    return Announcement.objects.filter(
        went_live_at__gte=start, went_live_at__lt=end, before_alerts=False
    ).order_by("went_live_at", "pk")


def described(announcements):
    """(announcement, item) for each announcement the public can see now."""
    pairs = []
    for announcement in announcements:
        source = sources.SOURCES.get(announcement.topic)
        item = source.describe(announcement) if source else None
        if item is not None:
            pairs.append((announcement, item))
    return pairs


def weekly_subscribers_wanting(pairs, among=None):
    """{subscriber id: [items]} for the weekly subscribers who want each item, in the week's order."""
    wanted = {}
    for announcement, item in pairs:
        subscribers = Subscriber.objects.wanting(announcement.topic, item.theme_ids).filter(
            frequency=Frequency.WEEKLY
        )
        if among is not None:
            subscribers = subscribers.filter(pk__in=among)
        for subscriber_id in subscribers.values_list("pk", flat=True).iterator(chunk_size=INSERT_CHUNK):
            wanted.setdefault(subscriber_id, []).append(item)
    return wanted


def queue_digests(now=None):
    """Queue one digest for each weekly subscriber with news in the last whole week; each week once."""
    now = now or timezone.now()
    monday = last_complete_week(now)
    try:
        with transaction.atomic():
            DigestWeek.objects.create(week=monday, queued_at=now)
            pairs = described(announcements_of_week(monday))
            _start, end = week_bounds(monday)
            confirmed_in_time = Subscriber.objects.filter(confirmed_at__lt=end).values("pk")
            subscriber_ids = sorted(weekly_subscribers_wanting(pairs, among=confirmed_in_time))
            for start in range(0, len(subscriber_ids), INSERT_CHUNK):
                _insert(
                    [
                        Delivery(subscriber_id=subscriber_id, digest_week=monday, send_after=now)
                        for subscriber_id in subscriber_ids[start : start + INSERT_CHUNK]
                    ]
                )
    except IntegrityError:
        return 0  # another run queued this week
    return len(subscriber_ids)


@dataclass
class BatchOutcome:
    sent: int = 0
    withheld: int = 0
    deferred: int = 0
    failed: int = 0
    server_unreachable: bool = False


def release_abandoned_claims(now):
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - ABANDONED_AFTER).update(
        status=DeliveryStatus.WAITING, claim=""
    )


def due_ids(now, size):
    """The next `size` messages due, oldest first; another worker may be reading the same ones."""
    due = Delivery.objects.filter(status=DeliveryStatus.WAITING, send_after__lte=now).order_by(
        "send_after", "pk"
    )
    return list(due.values_list("pk", flat=True)[:size])


def claim(ids, now):
    """Take these messages for this worker alone: of two workers that read the same, one gets each."""
    if not ids:
        return []
    token = uuid.uuid4().hex
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.WAITING).update(
        status=DeliveryStatus.SENDING, claim=token, claimed_at=now
    )
    return list(
        Delivery.objects.filter(claim=token, status=DeliveryStatus.SENDING)
        .select_related("subscriber", "announcement")
        .order_by("pk")
    )


def claim_batch(now, size):
    return claim(due_ids(now, size), now)


class BatchWriter:
    """Writes each message of a batch from what the public sees now, reading each thing once."""

    def __init__(self, batch):
        self.root_url = links.site_root_url()
        self.items = {}
        digest_subscribers = {
            delivery.subscriber_id: delivery.digest_week for delivery in batch if delivery.digest_week
        }
        self.digest_items = {}
        for monday in set(digest_subscribers.values()):
            among = [pk for pk, week in digest_subscribers.items() if week == monday]
            wanted = weekly_subscribers_wanting(described(announcements_of_week(monday)), among=among)
            self.digest_items.update({(pk, monday): items for pk, items in wanted.items()})

    def item(self, announcement):
        if announcement.pk not in self.items:
            source = sources.SOURCES.get(announcement.topic)
            self.items[announcement.pk] = source.describe(announcement) if source else None
        return self.items[announcement.pk]

    def message(self, delivery):
        """The e-mail for this delivery, or None when what it is about is no longer public."""
        if delivery.announcement_id:
            item = self.item(delivery.announcement)
            return mail.alert(delivery.subscriber, item, self.root_url) if item else None
        items = self.digest_items.get((delivery.subscriber_id, delivery.digest_week))
        return mail.digest(delivery.subscriber, items, delivery.digest_week, self.root_url) if items else None


def _mark(delivery, status, now, **fields):
    Delivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(status=status, claim="", **fields)


def _try_again_later(delivery, now, error, counts_as_failure):
    attempts = delivery.attempts + 1
    error = f"{type(error).__name__}: {error}"[:300]
    if counts_as_failure and attempts >= MAX_ATTEMPTS:
        logger.error(
            "Alert %s failed after %s attempts and is recorded as failed: %s", delivery.pk, attempts, error
        )
        _mark(delivery, DeliveryStatus.FAILED, now, attempts=attempts, last_error=error)
        return DeliveryStatus.FAILED
    _mark(
        delivery,
        DeliveryStatus.WAITING,
        now,
        attempts=attempts,
        last_error=error,
        send_after=now + wait_before_attempt(attempts),
    )
    return DeliveryStatus.WAITING


def send_over_one_connection(pairs, results):
    """Send (delivery, message) pairs over one SMTP connection; put (delivery, error or None) on `results`.

    Runs in a thread of its own and touches no database: the thread that started it records
    each outcome as it arrives.
    """
    connection = get_connection()
    try:
        connection.open()
    except CONNECTION_ERRORS as error:
        for delivery, _message in pairs:
            results.put((delivery, error))
        return
    try:
        for position, (delivery, message) in enumerate(pairs):
            try:
                connection.send_messages([message])
            except MESSAGE_ERRORS as error:
                results.put((delivery, error))
            except CONNECTION_ERRORS as error:
                for waiting, _message in pairs[position:]:
                    results.put((waiting, error))
                return
            except Exception as error:  # a message that cannot be written (a bad header): its own failure
                results.put((delivery, error))
            else:
                results.put((delivery, None))
    finally:
        try:
            connection.close()
        except CONNECTION_ERRORS:
            pass


def record_outcome(delivery, error, now, outcome):
    if error is None:
        _mark(delivery, DeliveryStatus.SENT, now, sent_at=timezone.now(), attempts=F("attempts") + 1)
        outcome.sent += 1
    elif isinstance(error, MESSAGE_ERRORS) or not isinstance(error, CONNECTION_ERRORS):
        if _try_again_later(delivery, now, error, counts_as_failure=True) == DeliveryStatus.FAILED:
            outcome.failed += 1
        else:
            outcome.deferred += 1
    else:
        if not outcome.server_unreachable:
            logger.warning("The mail server cannot be reached (%s); alerts wait to be tried again", error)
        _try_again_later(delivery, now, error, counts_as_failure=False)
        outcome.deferred += 1
        outcome.server_unreachable = True


def send_batch(batch, now):
    """Write and send one batch, over up to ALERTS_SMTP_CONNECTIONS connections at once.

    A mail server answers each message in turn, so one connection waits for most of its time;
    a few in parallel keep the server busy. Each outcome is recorded as soon as it is known.
    """
    outcome = BatchOutcome()
    writer = BatchWriter(batch)
    to_send = []
    for delivery in batch:
        try:
            message = writer.message(delivery)
        except Exception as error:
            logger.exception("Could not write alert %s", delivery.pk)
            record_outcome(delivery, error, now, outcome)
            continue
        if message is None:
            _mark(delivery, DeliveryStatus.WITHHELD, now)
            outcome.withheld += 1
        else:
            to_send.append((delivery, message))
    if not to_send:
        return outcome
    connections = max(1, min(settings.ALERTS_SMTP_CONNECTIONS, len(to_send)))
    results = queue.Queue()
    senders = [
        threading.Thread(
            target=send_over_one_connection, args=(to_send[start::connections], results), daemon=True
        )
        for start in range(connections)
    ]
    for sender in senders:
        sender.start()
    for _message in to_send:
        delivery, error = results.get()
        record_outcome(delivery, error, now, outcome)
    for sender in senders:
        sender.join()
    return outcome


def send_due(now=None, batch_size=None):
    """Send every message due by `now`, a batch at a time, until none is left or the server is down."""
    now = now or timezone.now()
    batch_size = batch_size or settings.ALERTS_BATCH_SIZE
    release_abandoned_claims(now)
    total = BatchOutcome()
    while batch := claim_batch(now, batch_size):
        outcome = send_batch(batch, now)
        for field in ("sent", "withheld", "deferred", "failed"):
            setattr(total, field, getattr(total, field) + getattr(outcome, field))
        if outcome.server_unreachable:
            total.server_unreachable = True
            break
    return total


def run(now=None):
    """The alerts' periodic work: announce what no signal reported, queue new alerts, send what is due."""
    now = now or timezone.now()
    events.announce_missed_pages(now)
    queue_new_announcements(now)
    return send_due(now)


def forget_old_deliveries(now=None):
    """Forget messages sent or withheld over 30 days ago: each announcement is queued only once anyway."""
    now = now or timezone.now()
    finished = [DeliveryStatus.SENT, DeliveryStatus.WITHHELD]
    old = Delivery.objects.filter(status__in=finished, send_after__lt=now - KEEP_FINISHED)
    _total, by_model = old.delete()
    return by_model.get(Delivery._meta.label, 0)


def retry_failed(now=None):
    """Queue again the alerts recorded as failed, with a fresh count of attempts."""
    now = now or timezone.now()
    return Delivery.objects.filter(status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.WAITING, attempts=0, send_after=now
    )
