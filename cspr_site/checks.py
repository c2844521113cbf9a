"""Checks of how the site is deployed: `check --deploy` refuses a local address and mail kept in the log."""

from django.conf import settings
from django.core import checks

from cspr_site.site_address import SiteUrlError, hostname_and_port, is_local


@checks.register()
def check_site_url_is_an_address_wagtail_can_link(app_configs, **kwargs):
    if not settings.SITE_URL:
        return []
    try:
        hostname_and_port(settings.SITE_URL)
    except SiteUrlError as error:
        return [checks.Error(str(error), id="cspr_site.E001")]
    return []


@checks.register(checks.Tags.security, deploy=True)
def check_site_url_is_the_public_address(app_configs, **kwargs):
    """Canonical links, the sitemap and the feed would send readers and search engines to localhost."""
    if settings.SITE_URL and not is_local(settings.SITE_URL):
        return []
    return [
        checks.Error(
            f"SITE_URL {f'is {settings.SITE_URL}, a local address' if settings.SITE_URL else 'is not set'}: "
            "canonical links, the sitemap, the feed and admin e-mails need the public address.",
            hint="Set SITE_URL to the public address, e.g. https://reviews.example.org.",
            id="cspr_site.E002",
        )
    ]


UNDELIVERED_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@checks.register(checks.Tags.security, deploy=True)
def check_mail_is_delivered(app_configs, **kwargs):
    """Without a mail server, password-reset links and withdrawal reasons would be written to the log."""
    if settings.EMAIL_BACKEND not in UNDELIVERED_MAIL_BACKENDS:
        return []
    return [
        checks.Error(
            f"E-mail is not sent but kept by {settings.EMAIL_BACKEND}: password-reset links, "
            "withdrawal reasons and takedown reminders would end up in the log instead of with people.",
            hint="Set DJANGO_EMAIL_HOST (with DJANGO_EMAIL_HOST_USER and _PASSWORD) to an SMTP server.",
            id="cspr_site.E003",
        )
    ]
