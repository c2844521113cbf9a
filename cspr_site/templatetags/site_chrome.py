"""What frames every public page: the breadcrumb trail."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def breadcrumb_trail(context, page):
    """The pages from the site's home page down to this page's parent; empty on the home page.

    The home page comes with the site Wagtail has already found for the request, so pages
    one level below it need no query at all.
    """
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    home = site.root_page
    if not page.depth or page.depth <= home.depth or not page.path.startswith(home.path):
        return []
    if page.depth == home.depth + 1:
        return [home]
    return [home, *page.get_ancestors().filter(depth__gt=home.depth)]
