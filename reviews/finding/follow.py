"""The page that says how to follow new reviews: where the site offers the feed, it links here."""

from django.apps import apps
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from reviews.finding.feed import FEED_LENGTH


@require_GET
def how_to_follow(request):
    """Plain steps and the feed's address to copy, for people who have never used a feed reader."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is set up for this address.")
    index = apps.get_model("reviews.ReviewIndexPage").objects.live().descendant_of(site.root_page).first()
    return TemplateResponse(
        request,
        "reviews/how_to_follow.html",
        {
            "feed_url": site.root_url + reverse("reviews_feed"),
            "home": site.root_page,
            "index": index,
            "feed_length": FEED_LENGTH,
        },
    )
