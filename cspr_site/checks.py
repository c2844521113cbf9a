"""System checks for how the site is deployed: its public address (and what `check --deploy` must refuse)."""

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
