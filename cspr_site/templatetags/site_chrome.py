"""What frames every public page: the breadcrumb trail and what link previews show."""

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
    return [
        home,
        *(_parents_kept_by_routing(page, home) or page.get_ancestors().filter(depth__gt=home.depth)),
    ]


@register.simple_tag
def link_preview(page):
    """The description and Open Graph type a page offers search engines and link previews.

    Reviews and Learning on a Page say their own; any other page offers its search description
    as a "website". Read here rather than in the template, where asking a page for an attribute
    it lacks has Django list every attribute of the page to word its error.
    """
    return {
        "description": getattr(page, "meta_description", None) or page.search_description,
        "og_type": getattr(page, "og_type", "website"),
    }


def _parents_kept_by_routing(page, home):
    """The pages between the home page and this one, as Wagtail's routing left them on the page.

    Routing hands each page the parent it came through (`_cached_parent_obj`, which treebeard's
    `get_parent` reads), so a served page knows its trail without a query. None for a page
    that was not reached by routing (a preview).
    """
    trail = []
    current = page
    while current.depth > home.depth + 1:
        current = getattr(current, "_cached_parent_obj", None)
        if current is None:
            return None
        trail.append(current)
    return trail[::-1]
