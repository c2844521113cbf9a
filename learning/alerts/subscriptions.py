"""Signing up, confirming, changing choices and leaving: the changes a subscriber makes."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.alerts import links
from learning.alerts.models import Subscriber
from learning.alerts.rate_limit import over_limit
from learning.alerts.tasks import send_sign_up_mail

UNCONFIRMED_KEPT = links.CONFIRMATION_LIFETIME
# However many clients ask, one address gets at most this many sign-up e-mails a day.
SIGN_UP_MAILS_PER_ADDRESS_A_DAY = 3
DAY = 24 * 60 * 60


def sign_up(form):
    """Record a sign-up and e-mail the address: a link to confirm, or to manage alerts it already has.

    The page says the same whatever the address, so it never reveals who is subscribed. An
    address already confirmed keeps its choices until its owner changes them from the e-mail.
    """
    email = form.cleaned_data["email"]
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.with_address(email).select_for_update().first()
            if subscriber is None:
                subscriber = Subscriber(email=email)
            if subscriber.confirmed_at is None:
                form.apply_to(subscriber)
                subscriber.signed_up_at = timezone.now()
                subscriber.save()
                form.save_themes(subscriber)
    except IntegrityError:  # the same address signed up at the same moment in another request
        subscriber = Subscriber.objects.with_address(email).first()
    if subscriber is not None and not over_limit(
        f"alerts:mail-to:{links.address_digest(email)}", SIGN_UP_MAILS_PER_ADDRESS_A_DAY, DAY
    ):
        send_sign_up_mail.enqueue(subscriber.pk)
    return subscriber


def confirm(subscriber):
    """Start the alerts; False when the link was already used."""
    return bool(
        Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
            confirmed_at=timezone.now()
        )
    )


def change_choices(subscriber, form):
    with transaction.atomic():
        form.apply_to(subscriber)
        subscriber.save()
        form.save_themes(subscriber)


def unsubscribe(subscriber):
    """Delete the address, its choices and everything queued for it."""
    Subscriber.objects.filter(pk=subscriber.pk).delete()


def delete_unconfirmed(now=None):
    """Delete sign-ups not confirmed within seven days: their links have expired. How many."""
    now = now or timezone.now()
    expired = Subscriber.objects.filter(confirmed_at__isnull=True, signed_up_at__lt=now - UNCONFIRMED_KEPT)
    _total, by_model = expired.delete()
    return by_model.get(Subscriber._meta.label, 0)
