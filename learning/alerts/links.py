"""The signed links in alert e-mails: to confirm a sign-up, and to manage or leave the alerts.

A link names the subscriber and a keyed digest of the address, signed with the site's secret.
A forged or altered link fails the signature; a link for an address that has since left (or
a row that now holds another address) matches no subscriber. Confirmation links expire after
seven days; the others work as long as the subscriber exists.
"""

import datetime
from enum import Enum

from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac
from wagtail.models import Site

from learning.alerts.models import Subscriber

CONFIRMATION_LIFETIME = datetime.timedelta(days=7)


class Purpose(Enum):
    CONFIRM = "learning.alerts.confirm"
    MANAGE = "learning.alerts.manage"


class LinkProblem(Enum):
    FORGED = "forged"
    EXPIRED = "expired"
    GONE = "gone"  # well signed, but no subscriber has that address any more


class BadLink(Exception):
    def __init__(self, problem):
        super().__init__(problem.value)
        self.problem = problem


def address_digest(email):
    return salted_hmac("learning.alerts.address", email.lower()).hexdigest()[:32]


def token_for(subscriber, purpose):
    value = {"s": subscriber.pk, "a": address_digest(subscriber.email)}
    return signing.TimestampSigner(salt=purpose.value).sign_object(value)


def subscriber_for(token, purpose):
    """The subscriber a link names; raises BadLink saying what is wrong with it."""
    max_age = CONFIRMATION_LIFETIME if purpose is Purpose.CONFIRM else None
    try:
        value = signing.TimestampSigner(salt=purpose.value).unsign_object(token, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(LinkProblem.EXPIRED) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise BadLink(LinkProblem.FORGED) from None
    if not isinstance(value, dict) or not isinstance(value.get("s"), int):
        raise BadLink(LinkProblem.FORGED)
    subscriber = Subscriber.objects.filter(pk=value["s"]).first()
    if subscriber is None or address_digest(subscriber.email) != value.get("a"):
        raise BadLink(LinkProblem.GONE)
    return subscriber


def site_root_url():
    """The public address links in e-mails start with: the default site's (kept at SITE_URL)."""
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return site.root_url if site else ""


def absolute(view_name, subscriber, purpose, root_url=None):
    path = reverse(view_name, kwargs={"token": token_for(subscriber, purpose)})
    return (root_url if root_url is not None else site_root_url()) + path


def confirm_address(subscriber, root_url=None):
    return absolute("alerts_confirm", subscriber, Purpose.CONFIRM, root_url)


def manage_address(subscriber, root_url=None):
    return absolute("alerts_manage", subscriber, Purpose.MANAGE, root_url)


def unsubscribe_address(subscriber, root_url=None):
    return absolute("alerts_unsubscribe", subscriber, Purpose.MANAGE, root_url)
