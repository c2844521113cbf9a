"""The page that says how to follow new reviews: where the site offers the feed, it links here."""

from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from reviews.finding.feed import FEED_LENGTH, feed_address, site_and_index


@require_GET
def how_to_follow(request):
    """Plain steps and the feed's address to copy, for people who have never used a feed reader."""
    site, index = site_and_index(request)
    return TemplateResponse(
        request,
        "reviews/how_to_follow.html",
        {"feed_url": feed_address(site), "home": site.root_page, "index": index, "feed_length": FEED_LENGTH},
    )
