"""What staff see of alerts: how many follow each theme and topic, and how sending is going."""

from dataclasses import dataclass

from django.db.models import Count, Q

from learning.alerts.models import TOPIC_FIELDS, Delivery, DeliveryStatus, Frequency, Subscriber, Topic
from reviews.models import Theme

ADDRESSES_PERMISSION = "learning.view_subscriber_addresses"


@dataclass
class ThemeCount:
    theme: Theme
    chose_it: int
    hear_of_it: int  # those who chose it and those who chose every theme


def theme_counts():
    """For each theme, the confirmed subscribers who chose it and all who hear of it, in three queries."""
    confirmed = Subscriber.objects.confirmed()
    every_theme = confirmed.filter(every_theme=True).count()
    chose = dict(
        Subscriber.themes.through.objects.filter(
            subscriber__confirmed_at__isnull=False, subscriber__every_theme=False
        )
        .values("theme_id")
        .annotate(subscribers=Count("subscriber_id"))
        .values_list("theme_id", "subscribers")
    )
    return every_theme, [
        ThemeCount(
            theme=theme, chose_it=chose.get(theme.pk, 0), hear_of_it=every_theme + chose.get(theme.pk, 0)
        )
        for theme in Theme.objects.all()
    ]


def summary():
    """Totals by topic, frequency and state, and the alerts waiting or failed, in one query each."""
    confirmed = Q(confirmed_at__isnull=False)
    counts = Subscriber.objects.aggregate(
        confirmed=Count("pk", filter=confirmed),
        unconfirmed=Count("pk", filter=~confirmed),
        weekly=Count("pk", filter=confirmed & Q(frequency=Frequency.WEEKLY)),
        **{
            f"topic_{topic.value}": Count("pk", filter=confirmed & Q(**{field: True}))
            for topic, field in TOPIC_FIELDS.items()
        },
    )
    deliveries = dict(
        Delivery.objects.filter(status__in=[DeliveryStatus.WAITING, DeliveryStatus.FAILED])
        .values("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    return {
        **counts,
        "topics": [(topic.label, counts[f"topic_{topic.value}"]) for topic in Topic],
        "waiting": deliveries.get(DeliveryStatus.WAITING, 0),
        "failed": deliveries.get(DeliveryStatus.FAILED, 0),
    }
