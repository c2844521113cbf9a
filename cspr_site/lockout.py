"""Sign-in lockout (django-axes) by address and by account, and what a successful sign-in clears.

Axes' own reset on success clears every failure from the address, whichever account they were
against: someone with an account of their own could guess another person's password four times,
sign in as themselves, and start again. Here a success clears only that account's failures from
that address.
"""

from axes.models import AccessAttempt
from django.contrib.auth.signals import user_logged_in

from cspr_site.middleware import client_ip_address


def clear_own_failures(sender, request, user, **kwargs):
    if request is not None:
        AccessAttempt.objects.filter(
            username=user.get_username(), ip_address=client_ip_address(request)
        ).delete()


def connect():
    user_logged_in.connect(clear_own_failures, dispatch_uid="cspr_site.lockout.clear_own_failures")
