"""The alert e-mails, written from fixed wording and what the public site shows.

Nothing a subscriber typed appears in a message: the address is only its recipient. Every
message about alerts carries the links to manage them and to leave, and the headers mail
programs use for their own unsubscribe button (RFC 8058: one click, by POST).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from learning.alerts import links


def _message(subscriber, subject, template, context, root_url):
    unsubscribe = links.unsubscribe_address(subscriber, root_url)
    context = {
        **context,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "manage_url": links.manage_address(subscriber, root_url),
        "unsubscribe_url": unsubscribe,
    }
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def alert(subscriber, item, root_url):
    return _message(
        subscriber, f"{item.kind}: {item.title}", "learning/alerts/email/alert.txt", {"item": item}, root_url
    )


def digest(subscriber, items, week, root_url):
    subject = (
        f"This week's new reviews and learning: {len(items)} new"
        if len(items) > 1
        else (f"This week's new reviews and learning: {items[0].title}")
    )
    return _message(
        subscriber, subject, "learning/alerts/email/digest.txt", {"items": items, "week": week}, root_url
    )


def confirmation(subscriber, root_url):
    """The first e-mail: nothing else is sent until its link is followed."""
    return EmailMessage(
        subject="Confirm your e-mail alerts",
        body=render_to_string(
            "learning/alerts/email/confirm.txt",
            {
                "site_name": settings.WAGTAIL_SITE_NAME,
                "confirm_url": links.confirm_address(subscriber, root_url),
                "days": links.CONFIRMATION_LIFETIME.days,
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def already_subscribed(subscriber, root_url):
    """Sent instead of a confirmation when the address already has alerts: a way to change them."""
    return _message(subscriber, "Manage your e-mail alerts", "learning/alerts/email/manage.txt", {}, root_url)
