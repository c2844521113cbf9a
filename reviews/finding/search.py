"""Search: Wagtail's index over the listing, narrowed by the list's filters."""

from wagtail.search import index

from reviews import kinds
from reviews.finding import listing


def matching_page_ids(pages, words):
    """Ids of live pages among `pages` whose indexed text contains every one of the words.

    Wagtail's search index holds each page's title, summary or learning text, search
    description and theme names (see the page types' `search_fields`).
    """
    results = pages.live().search(words, operator="and", order_by_relevance=False)
    return [page.pk for page in results]


def find(pages, words="", kind=None, year=None, theme=None):
    """The listing of `pages` narrowed by search words, kind, year and theme, newest first."""
    rows = listing.listing(pages, (kind,)) if kind else listing.listing(pages)
    if words:
        rows = rows.filter(pk__in=matching_page_ids(pages, words))
    if year:
        rows = rows.filter(review_date__year=year)
    if theme:
        rows = listing.with_theme(rows, theme)
    return rows


def reindex_with_learning_pages(review):
    """Index a review again, with the Learning on a Page that carry its theme names.

    Wagtail updates the index from the `post_save` signal, which runs before a page's themes
    are saved; without this, a newly added theme would not be searchable until the next save.
    """
    index.insert_or_update_object(review)
    for learning_page in review.learning_pages.all():
        index.insert_or_update_object(learning_page)


def reindex_reviews_with_theme(theme):
    """Index again the reviews carrying a renamed theme, and their Learning on a Page."""
    for kind in kinds.REVIEW_KINDS:
        for review in getattr(theme, f"{kind.model_name}_pages").all():
            reindex_with_learning_pages(review)
