"""Site-wide responses that are not Wagtail pages."""

from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def robots_txt(request):
    """Every crawler may read everything public; the sitemap lists what that is."""
    return TemplateResponse(
        request,
        "cspr_site/robots.txt",
        {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
