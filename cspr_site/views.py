"""Site-wide responses that are not Wagtail pages."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Site


def site_root_url(request):
    """The public address of the site answering this request (SITE_URL for the default site)."""
    site = Site.find_for_request(request)
    return site.root_url if site is not None else request.build_absolute_uri("/").rstrip("/")


@require_GET
def robots_txt(request):
    """Every crawler may read everything public; the sitemap lists what that is."""
    return TemplateResponse(
        request,
        "cspr_site/robots.txt",
        {"sitemap_url": site_root_url(request) + reverse("sitemap")},
        content_type="text/plain; charset=utf-8",
    )
