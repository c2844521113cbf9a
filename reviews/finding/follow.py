"""The page that says how to follow new reviews: where the site offers the feed, it links here.

This part knows only the feed. The page is served by whoever mounts it (`learning.alerts`
adds the e-mail sign-up), from this context and `reviews/how_to_follow.html`, whose `alerts`
block is the place another part's offer goes.
"""

from reviews.finding.feed import FEED_LENGTH, feed_address, site_and_index


def how_to_follow_context(request):
    """Plain steps and the feed's address to copy, for people who have never used a feed reader."""
    site, index = site_and_index(request)
    return {
        "feed_url": feed_address(site),
        "home": site.root_page,
        "index": index,
        "feed_length": FEED_LENGTH,
    }
