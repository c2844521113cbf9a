"""Small helpers for the public templates: document facts and the breadcrumb trail."""

from django import template
from wagtail.models import Site

register = template.Library()

UNITS = ["KB", "MB", "GB"]


@register.filter
def file_size(size):
    """A size in bytes as people read it on GOV.UK-style pages: "850 KB", "1.2 MB", "14 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    value = size / 1024
    for unit in UNITS:
        if value < 1024 or unit == UNITS[-1]:
            break
        value /= 1024
    if unit == "KB" or value >= 10:
        return f"{round(value)} {unit}"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


@register.filter
def document_facts(document):
    """What a reader needs before downloading: "PDF, 1.2 MB, 48 pages", leaving out what is unknown."""
    facts = ["PDF"]
    if document.file_size:
        facts.append(file_size(document.file_size))
    details = getattr(document, "pdf_details", None)
    if details is not None:
        facts.append(f"{details.page_count} page{'' if details.page_count == 1 else 's'}")
    return ", ".join(facts)


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
