"""Response headers and client addresses: the site's security policy in one place."""

import functools
import re

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import Http404
from django.urls import reverse

# No page, document or search term holds a control character, and PostgreSQL cannot even compare
# text with NUL in it: a lookup would end in a server error. Browsers always encode these.
UNREADABLE_IN_PATH = re.compile(r"[\x00-\x1f\x7f]")


@functools.cache
def admin_prefix():
    return reverse("wagtailadmin_home")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict public policy everywhere, and a relaxed one for the Wagtail admin only.

    The public templates carry no inline script or style, so the public policy never needs
    'unsafe-inline'; the admin (its inline scripts, eval in choosers, preview iframes) does.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders the page through the middleware again, with a request made
            # up for the page's own address, and the editor shows it in a frame of the admin: the
            # public policy, framed by the site itself only.
            return PolicyParts(
                config=parts.config,
                update=parts.update,
                replace={**(parts.replace or {}), "frame-ancestors": ["'self'"]},
                nonce=parts.nonce,
            )
        if not report_only and parts.config is None and request.path_info.startswith(admin_prefix()):
            return PolicyParts(
                config=settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
                update=parts.update,
                replace=parts.replace,
                nonce=parts.nonce,
            )
        return parts


class UnreadableAddressMiddleware:
    """An address that no page or document could have answers "not found" at once.

    Placed before everything that looks an address up (static files, redirects, published
    addresses, pages, documents, the admin), so a NUL byte in the path is a 404 on every
    database, never a server error. Query strings are left to the views, which read them as
    plain text (`reviews/finding/query_string.py`: a NUL in a search is a space).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if UNREADABLE_IN_PATH.search(request.path_info):
            raise Http404("The address holds characters no page or document has.")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Turns off browser features the site never uses (camera, location, payment…)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})" for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


def client_ip_address(request):
    """The visitor's address for login lockouts, trusting only the configured proxies.

    Each trusted reverse proxy appends the address it received the request from to
    X-Forwarded-For, so with N proxies the visitor is the Nth entry from the right; anything
    further left was written by the client and could be forged to dodge a lockout.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [address for address in forwarded if address]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
