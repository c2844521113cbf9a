"""What alerts keep: each subscriber's address, choices and dates, and what is queued to send.

Nothing else about a subscriber is stored. Unsubscribing deletes the row, and with it
everything queued for the address.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", "As it happens"
    WEEKLY = "weekly", "A weekly digest"


class Topic(models.TextChoices):
    """What a subscriber can choose to hear about; each is one kind of thing going live."""

    REVIEWS = "reviews", "New reviews"
    LEARNING = "learning", "New Learning on a Page"
    PROGRESS = "progress", "Progress on recommendations"


# The subscriber's field that says whether they want each topic.
TOPIC_FIELDS = {
    Topic.REVIEWS: "wants_reviews",
    Topic.LEARNING: "wants_learning",
    Topic.PROGRESS: "wants_progress",
}


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def with_address(self, email):
        return self.filter(email__iexact=email)

    def wanting(self, topic, theme_ids):
        """Confirmed subscribers who chose this topic and every theme or one of these themes."""
        themes = models.Q(every_theme=True)
        if theme_ids:
            themes |= models.Q(
                pk__in=Subscriber.themes.through.objects.filter(theme_id__in=theme_ids).values(
                    "subscriber_id"
                )
            )
        return self.confirmed().filter(themes, **{TOPIC_FIELDS[topic]: True})


class Subscriber(models.Model):
    """An address that asked for alerts: its choices, and when it signed up and confirmed."""

    email = models.EmailField("e-mail address", max_length=254)
    wants_reviews = models.BooleanField(default=True)
    wants_learning = models.BooleanField(default=True)
    wants_progress = models.BooleanField(default=False)
    every_theme = models.BooleanField(default=True)
    themes = models.ManyToManyField("reviews.Theme", blank=True, related_name="+")
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.IMMEDIATELY)
    signed_up_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="one_subscriber_per_address")]
        indexes = [models.Index(fields=["confirmed_at", "frequency"], name="subscriber_confirmed")]
        permissions = [("view_subscriber_addresses", "Can see the e-mail addresses of alert subscribers")]

    def __str__(self):
        return f"Subscriber {self.pk}"

    def wants(self, topic):
        return getattr(self, TOPIC_FIELDS[topic])

    @property
    def topics(self):
        return [topic for topic in Topic if self.wants(topic)]


class Announcement(models.Model):
    """One thing that went live and that subscribers hear about once: a review, a summary, an update.

    Only its key and the page whose visibility decides are kept: what an alert says is read
    from the live page when it is sent, so nothing that was withdrawn lingers here.
    """

    key = models.CharField(max_length=100, unique=True)
    topic = models.CharField(max_length=20, choices=Topic.choices)
    page = models.ForeignKey("wagtailcore.Page", null=True, on_delete=models.SET_NULL, related_name="+")
    went_live_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set once the subscribers to alert as it happens have their messages queued.
    queued_at = models.DateTimeField(null=True, blank=True)
    # Live before alerts existed: recorded so it is never announced, and never sent.
    before_alerts = models.BooleanField(default=False)

    def __str__(self):
        return self.key


class DeliveryStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    WITHHELD = "withheld", "Not sent: no longer public"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One e-mail to one subscriber: an alert about one announcement, or the digest of one week."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    announcement = models.ForeignKey(Announcement, null=True, blank=True, on_delete=models.CASCADE)
    digest_week = models.DateField(null=True, blank=True, help_text="The Monday of the week it gathers.")
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.WAITING)
    attempts = models.PositiveIntegerField(default=0)
    send_after = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "announcement"],
                condition=models.Q(announcement__isnull=False),
                name="one_alert_per_subscriber_and_announcement",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "digest_week"],
                condition=models.Q(digest_week__isnull=False),
                name="one_digest_per_subscriber_and_week",
            ),
        ]
        indexes = [models.Index(fields=["status", "send_after"], name="delivery_due")]

    def __str__(self):
        about = (
            f"announcement {self.announcement_id}" if self.announcement_id else f"week of {self.digest_week}"
        )
        return f"Delivery {self.pk} ({about}): {self.status}"


class DigestWeek(models.Model):
    """A week whose digests are queued, so the hourly job queues each week once."""

    week = models.DateField(unique=True, help_text="The Monday of the week.")
    queued_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Digests of the week of {self.week}"
