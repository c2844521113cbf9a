"""The promise, written once: what must hold for every page inside its publication window.

For each such page: it is live; neither it nor an ancestor has a view restriction; its address
answers an anonymous visitor with the page (200) or a permanent redirect to it; and each
document its live version links downloads for an anonymous visitor, from a collection nobody
has made private. `breaches()` says, page by page, what does not hold and how to fix it; the
`check_publication_windows` command and the administrators' dashboard run it. It asks the
database and the site itself, not the guards, so it also sees damage that no guard saw
(a raw SQL update, a fixture load).
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from reviews.window import queries, rules
from reviews.window.models import PublishedAddress

PERMANENT_REDIRECTS = {301, 308}


@dataclass(frozen=True)
class Breach:
    """One thing that does not hold for a page inside its window."""

    page: Page
    what: str
    fix: str

    def as_data(self):
        return {"page_id": self.page.pk, "title": self.page.title, "what": self.what, "fix": self.fix}


def pages_inside_their_window(now=None):
    """Window pages whose year has not ended, live or not, except those withdrawn on purpose."""
    now = now or timezone.now()
    pages = []
    for model in queries.window_page_models():
        candidates = model.objects.filter(live_since__gt=now - rules.LONGEST_YEAR).exclude(
            takedown_kind=rules.TakedownKind.WITHDRAWN, live=False
        )
        pages.extend(page for page in candidates if rules.end_of_year_on_site(page.live_since) > now)
    return sorted(pages, key=lambda page: page.path)


def anonymous_visitor():
    """A visitor with no account; the unknown session cookie keeps the page cache out of the answer."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "anonymous-check"
    return client


def _get(client, url):
    parts = urlsplit(url)
    return client.get(
        parts.path or "/",
        HTTP_HOST=parts.netloc or "localhost",
        secure=parts.scheme == "https",
    )


def breaches(page, client=None, now=None):
    """What does not hold for this page, which is inside its window; an empty list when all holds."""
    client = client or anonymous_visitor()
    found = []
    until = rules.format_moment(rules.end_of_year_on_site(page.live_since))
    if not page.live:
        found.append(
            Breach(page, "It is not live.", f"Publish it again; it must stay public until at least {until}.")
        )
        return found
    restricted = PageViewRestriction.objects.filter(page__in=page.get_ancestors(inclusive=True))
    for restriction in restricted.select_related("page"):
        found.append(
            Breach(
                page,
                f"“{restriction.page.title}” is private ({restriction.get_restriction_type_display()}).",
                f"Remove the privacy setting on “{restriction.page.title}”.",
            )
        )
    url = page.get_full_url()
    if url is None:
        found.append(Breach(page, "It has no address on any site.", "Check Settings > Sites."))
    else:
        response = _get(client, url)
        if response.status_code != 200 and response.status_code not in PERMANENT_REDIRECTS:
            found.append(
                Breach(
                    page,
                    f"Its address {url} answers {response.status_code} instead of the page.",
                    "Check its privacy, its site and the redirects under Settings > Redirects.",
                )
            )
        for subpath in page.own_subpaths():
            response = _get(client, url + subpath)
            if response.status_code != 200:
                found.append(
                    Breach(
                        page,
                        f"Its address {url + subpath} answers {response.status_code} instead of the page.",
                        "Check what stands at that address under Settings > Redirects.",
                    )
                )
    found += _old_address_breaches(page, client, url)
    for name in queries.document_field_names(type(page)):
        document = getattr(page, name)
        if document is None:
            continue
        label = page._meta.get_field(name).verbose_name
        if document.collection.get_view_restrictions().exists():
            found.append(
                Breach(
                    page,
                    f"Its {label} “{document.title}” is in a private collection.",
                    f"Move “{document.title}” back to a public collection.",
                )
            )
            continue
        response = _get(client, page.get_site().root_url + document.url)
        if response.status_code != 200:
            found.append(
                Breach(
                    page,
                    f"Its {label} “{document.title}” answers {response.status_code} at {document.url}.",
                    "Restore the file, or correct the published report through the page's actions.",
                )
            )
    return found


def _old_address_breaches(page, client, url):
    """Each earlier address must send visitors on, permanently, to where the page is now."""
    site = page.get_site()
    if site is None or url is None:
        return []
    root = site.root_page.url_path
    found = []
    earlier = PublishedAddress.objects.filter(page_id=page.pk).exclude(url_path=page.url_path)
    for url_path in earlier.values_list("url_path", flat=True):
        if not url_path.startswith(root):
            continue
        old = site.root_url + "/" + url_path[len(root) :]
        response = _get(client, old)
        targets = (url, urlsplit(url).path)
        if not (response.status_code in PERMANENT_REDIRECTS and response["Location"] in targets):
            found.append(
                Breach(
                    page,
                    f"Its earlier address {old} answers {response.status_code}, not a redirect to it.",
                    "Remove whatever now stands at that address (a page or a redirect).",
                )
            )
    return found


def all_breaches(now=None):
    """Every breach of every page inside its window."""
    client = anonymous_visitor()
    return [breach for page in pages_inside_their_window(now) for breach in breaches(page, client, now)]
