"""Search: Wagtail's index over the listing, narrowed by the list's filters."""

from wagtail.models import Page
from wagtail.search import index

from reviews import kinds
from reviews.finding import listing


def matching_pages(pages, words):
    """The live pages among `pages` whose indexed text contains every one of the words, as a subquery.

    Wagtail's search index holds each page's title, summary or learning text, search
    description, theme names and a review's web report (see the page types' `search_fields`).
    """
    results = pages.live().search(words, operator="and", order_by_relevance=False)
    # The query Wagtail built, narrowed to the ids, so the list asks for its page of results and
    # the matches in one query; neither a `Page` nor the matched text is read for each match.
    return results.get_queryset().values("pk")


def find(parent, words="", kind=None, year=None, theme=None):
    """The listing of `parent`'s children narrowed by search words, kind, year and theme, newest first."""
    rows = listing.listing_of(parent, (kind,)) if kind else listing.listing_of(parent)
    if words:
        rows = rows.filter(pk__in=matching_pages(Page.objects.child_of(parent), words))
    if year:
        rows = rows.filter(review_date__year=year)
    if theme:
        rows = listing.with_theme(rows, theme)
    return rows


def with_matched_sections(rows, words):
    """Give each review row (a `listing.ListedPage`) found by `words` the report section that matched.

    `matched_section`: (heading, anchor), or None as every listed row starts. One query per kind
    of review on the page of results, however many rows it holds.
    """
    if not words:
        return rows
    by_kind = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    for kind in kinds.REVIEW_KINDS:
        listed = {row.pk: row for row in by_kind.get(kind.key, [])}
        if listed:
            for pk, section in kind.model.report_sections_matching(listed, words).items():
                listed[pk].matched_section = section
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
