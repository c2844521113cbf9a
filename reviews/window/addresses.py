"""Every address a window page was published at keeps answering: with the page, or a redirect to it.

Wagtail's redirects app creates a redirect when a slug changes or a page moves, but anyone can
delete it, and another page can take the old slug. Here the addresses are recorded when a page
goes live or moves, a request that would end in "not found" at a recorded address is sent on
permanently to where the page is now, and a page may not take the address of another page
inside its window.
"""

from django.db.models import F, Q
from django.http import HttpResponsePermanentRedirect
from django.utils import timezone
from wagtail.models import Page, Site

from reviews.window import queries, rules
from reviews.window.models import PublishedAddress


def record(page):
    """Remember the page's current address (once; an address belongs to the first page at it)."""
    if page.url_path:
        PublishedAddress.objects.get_or_create(url_path=page.url_path, defaults={"page_id": page.pk})


def record_live_window_pages_within(page):
    """After a move: the new address of every live window page in the moved subtree."""
    for model in queries.window_page_models():
        for moved in model.objects.live().filter(path__startswith=page.path).only("pk", "url_path"):
            record(moved)


def address_taken_from(url_path, page_id=None, now=None):
    """The in-window page (other than `page_id`) published at this address, or None."""
    if not url_path:
        return None
    taken = (
        PublishedAddress.objects.filter(url_path=url_path)
        .exclude(page_id=page_id)
        .values_list("page_id", flat=True)
        .first()
    )
    if taken is None:
        return None
    owner = Page.objects.filter(pk=taken).specific().first()
    in_window = owner is not None and queries.is_window_model(type(owner)) and rules.is_in_window(owner, now)
    return owner if in_window else None


def address_refusal(url_path, page_id=None, now=None):
    """Why a page may not be at this address, or None."""
    owner = address_taken_from(url_path, page_id, now)
    if owner is None:
        return None
    return (
        f"“{owner.title}” was published at this address and links to it must keep working until at "
        f"least {rules.format_moment(rules.earliest_takedown(owner, now))}. Choose another slug."
    )


def redirect_for(request, now=None):
    """A permanent redirect to where the page published at this address is now, or None."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    url_path = site.root_page.url_path.rstrip("/") + request.path
    if not url_path.endswith("/"):
        url_path += "/"
    # The address itself, or the page's address with one of its own subpaths ("report/") after it.
    parent_path, _, last = url_path.rstrip("/").rpartition("/")
    candidates = {url_path: "", f"{parent_path}/": f"{last}/"}
    for address in (
        PublishedAddress.objects.filter(url_path__in=candidates)
        .filter(~Q(page__url_path=F("url_path")), page__live=True)
        .select_related("page")
    ):
        subpath = candidates[address.url_path]
        page = address.page.specific if subpath else address.page
        if subpath and subpath not in page.own_subpaths():
            continue
        target = page.get_url(request)
        return HttpResponsePermanentRedirect(target + subpath) if target else None
    return None


class PublishedAddressMiddleware:
    """Answers a "not found" at a recorded address with a permanent redirect to the page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return redirect_for(request, timezone.now()) or response
        return response
