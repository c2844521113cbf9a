"""What can go live and be announced: one source for each topic a subscriber can choose.

A source answers two questions. When a page is published, which of its things went live
(keys such as "page:12")? And when an alert is about to be sent, what does the public see of
one of them now (None when nothing: private, withdrawn, taken down, deleted)? The second is
asked at send time, from the live site, so an alert never says more than the site shows.

Another part adds a topic with one call to `register`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from learning.alerts.models import Topic
from reviews import kinds
from reviews.finding.text import plain_text_excerpt
from reviews.window.queries import is_public

SUMMARY_LENGTH = 300


@dataclass(frozen=True)
class Item:
    """What an alert says about one thing that went live, as the public sees it now."""

    title: str
    kind: str
    theme_ids: tuple
    theme_names: tuple
    summary: str
    address: str


@dataclass(frozen=True)
class Source:
    topic: Topic
    went_live: Callable  # (page) -> keys of what went live when this page was published
    describe: Callable  # (announcement) -> Item, or None when the public cannot see it now


SOURCES = {}


def register(source):
    SOURCES[source.topic] = source


def offered_topics():
    """The topics a subscriber may choose: those something can announce."""
    return [topic for topic in Topic if topic in SOURCES]


def page_key(page):
    return f"page:{page.pk}"


def kind_of(page):
    return next((kind for kind in kinds.ALL_KINDS if kind.content_type_id == page.content_type_id), None)


def describe_page(page):
    """A live, public page of a listed kind as an alert item; None when visitors cannot see it."""
    if page is None or not is_public(page):
        return None
    kind = kind_of(page)
    if kind is None:
        return None
    page = page.specific
    review = page.reviewed_page if kind.summarises_reviews else page
    themes = list(review.themes.all()) if review is not None else []
    return Item(
        title=page.title,
        kind=kind.label,
        theme_ids=tuple(theme.pk for theme in themes),
        theme_names=tuple(theme.name for theme in themes),
        summary=page.search_description or plain_text_excerpt(getattr(page, kind.text_field), SUMMARY_LENGTH),
        address=page.get_full_url(),
    )


def page_source(topic, page_kinds):
    """A source announcing each page of these kinds the first time it goes live."""

    def went_live(page):
        # Content type ids are read when first needed: the registry is filled before the database is.
        is_of_these_kinds = page.content_type_id in {kind.content_type_id for kind in page_kinds}
        return [page_key(page)] if is_of_these_kinds else []

    def describe(announcement):
        return describe_page(announcement.page)

    return Source(topic=topic, went_live=went_live, describe=describe)


register(page_source(Topic.REVIEWS, kinds.REVIEW_KINDS))
register(page_source(Topic.LEARNING, kinds.SUMMARY_KINDS))
