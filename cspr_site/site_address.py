"""The public address: one setting (SITE_URL) that the default Wagtail site and the admin's links follow.

Wagtail builds every absolute address (canonical links, og:url, the sitemap, the feed) from the
site's hostname and port, so the default site is kept at SITE_URL each time the database is
migrated, rather than staying at the localhost:80 Wagtail starts it with.
"""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


class SiteUrlError(ValueError):
    pass


def hostname_and_port(url):
    """The (hostname, port) a Wagtail site needs to answer and link at this address.

    Wagtail writes https only for port 443 and http for any other, so an address it could not
    reproduce (https on another port, http on 443, a path) is refused with the reason.
    """
    parts = urlsplit(url or "")
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise SiteUrlError(f"SITE_URL must be an http:// or https:// address, not {url!r}.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SiteUrlError(f"SITE_URL must be the site's root address, without a path: {url!r}.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise SiteUrlError(f"SITE_URL has an invalid port: {url!r}.") from error
    if (parts.scheme == "https") != (port == 443):
        raise SiteUrlError(f"Wagtail links https:// only on port 443 and http:// on other ports: {url!r}.")
    return parts.hostname, port


def is_local(url):
    return urlsplit(url or "").hostname in LOCAL_HOSTS


def apply_site_url(using="default", stdout=None, **kwargs):
    """Move the default site to SITE_URL (a post_migrate receiver; a no-op when it is already there)."""
    if not settings.SITE_URL:
        return
    hostname, port = hostname_and_port(settings.SITE_URL)
    sites = Site.objects.using(using)
    site = sites.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return
    if sites.exclude(pk=site.pk).filter(hostname=hostname, port=port).exists():
        if stdout is not None:
            stdout.write(
                f"The default site stays at {site.hostname}:{site.port}: another site already answers "
                f"{hostname}:{port} (SITE_URL). Change one of them under Settings > Sites.\n"
            )
        return
    site.hostname, site.port = hostname, port
    site.save(using=using)
