"""An Atom feed of newly published reviews and Learning on a Page, for feed readers and partners."""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.db.models.functions import Coalesce
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Stylesheet
from django.utils.xmlutils import SimplerXMLGenerator
from wagtail.models import Page, Site

from reviews import kinds
from reviews.finding import listing
from reviews.finding.text import plain_text_excerpt
from reviews.window.rules import PARTNERSHIP_TIME_ZONE

FEED_LENGTH = 20
# Tag URIs (RFC 4151) name an entry by the site and page id, so renaming a page keeps its entry.
TAG_DATE = "2025"


@dataclass
class FeedSource:
    """What one request's feed is built from: the partnership, its reviews list and the entries."""

    partnership_name: str
    index_url: str
    feed_url: str
    follow_url: str
    entries: list


def site_and_index(request):
    """The visitor's site and its live reviews index (None while it has none); 404 without a site."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is set up for this address.")
    index = apps.get_model("reviews.ReviewIndexPage").objects.live().descendant_of(site.root_page).first()
    return site, index


def feed_address(site):
    return site.root_url + reverse("reviews_feed")


class StyledAtom1Feed(Atom1Feed):
    """Atom with the stylesheet instruction Django writes only for RSS, and a link to the help page.

    A browser that opens the feed shows it through the stylesheet as a readable page, which
    points to the page that says how to follow. Browsers apply a stylesheet only to a document
    served as XML (they show application/atom+xml as plain text); feed readers read either.
    """

    content_type = "application/xml; charset=utf-8"

    def write(self, outfile, encoding):
        handler = SimplerXMLGenerator(outfile, encoding, short_empty_elements=True)
        handler.startDocument()
        for stylesheet in self.feed["stylesheets"] or []:
            handler.processingInstruction("xml-stylesheet", str(stylesheet))
        handler.startElement("feed", self.root_attributes())
        self.add_root_elements(handler)
        self.write_items(handler)
        handler.endElement("feed")

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("link", "", {"rel": "help", "href": self.feed["follow_url"]})


class NewReviewsFeed(Feed):
    """The 20 newest live reviews and Learning on a Page of the requested site, newest first.

    The partnership's name is a site-wide setting that this app does not own: whoever mounts
    the feed gives `partnership_name`, a function from a Wagtail `Site` to the name.
    """

    feed_type = StyledAtom1Feed
    language = "en-GB"

    def __init__(self, partnership_name):
        super().__init__()
        self.partnership_name = partnership_name

    def get_object(self, request):
        site, index = site_and_index(request)
        text = Coalesce(*(f"{kind.model_name}__{kind.text_field}" for kind in kinds.ALL_KINDS))
        entries = list(
            listing.listing(Page.objects.descendant_of(site.root_page)).annotate(text=text)[:FEED_LENGTH]
        )
        themes = listing.theme_names_by_review([entry.reviewed_id or entry.pk for entry in entries])
        for entry in entries:
            entry.address = entry.get_full_url(request)
            entry.theme_names = themes.get(entry.reviewed_id or entry.pk, [])
            entry.guid = f"tag:{site.hostname},{TAG_DATE}:page/{entry.pk}"
            entry.published = datetime.datetime.combine(
                entry.review_date, datetime.time(), tzinfo=PARTNERSHIP_TIME_ZONE
            )
            entry.description = entry.search_description or plain_text_excerpt(entry.text, 300)
        return FeedSource(
            partnership_name=self.partnership_name(site),
            index_url=index.get_full_url(request) if index else site.root_url,
            feed_url=feed_address(site),
            follow_url=site.root_url + reverse("reviews_follow"),
            entries=entries,
        )

    def stylesheets(self, source):
        return [Stylesheet(static("reviews/feed.xsl"), mimetype="text/xsl")]

    def feed_extra_kwargs(self, source):
        return {"follow_url": source.follow_url}

    def title(self, source):
        return f"New reviews from the {source.partnership_name}"

    def subtitle(self, source):
        return (
            "Child Safeguarding Practice Reviews, Serious Case Reviews and Learning on a Page "
            "summaries, newest first."
        )

    def link(self, source):
        return source.index_url

    def feed_url(self, source):
        return source.feed_url

    def author_name(self, source):
        return source.partnership_name

    def items(self, source):
        return source.entries

    def item_title(self, entry):
        return entry.title

    def item_description(self, entry):
        return entry.description

    def item_link(self, entry):
        return entry.address

    def item_guid(self, entry):
        return entry.guid

    def item_pubdate(self, entry):
        """When the partnership published the review; a Learning on a Page takes its review's date."""
        return entry.published

    def item_updateddate(self, entry):
        return entry.last_published_at or entry.published

    def item_categories(self, entry):
        return entry.theme_names
