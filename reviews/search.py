"""Finding reviews: the public listing, Wagtail search over it, related reviews and page text.

Everything here works on plain `Page` rows annotated with what a list needs (kind, date,
type label, the review a Learning on a Page belongs to), so a list costs the same number of
queries whatever mix of CSPRs, SCRs and Learning on a Page it holds, and however many.
"""

import html
import re

from django.db.models import CharField, Count, Exists, OuterRef, Q, Value
from django.db.models.expressions import Case, F, When
from django.db.models.functions import Coalesce, ExtractYear, Length, Substr
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

CSPR = "cspr"
SCR = "scr"
LEARNING = "learning"

# Matches the page types' own names (CSPRPage.review_type_label and the like); kept here so a
# list can label a plain `Page` row without loading the specific page.
TYPE_LABELS = {
    CSPR: "Child Safeguarding Practice Review",
    SCR: "Serious Case Review",
    LEARNING: "Learning on a Page",
}

REVIEW_DATE = Coalesce(
    "csprpage__publication_date",
    "scrpage__publication_date",
    "learningpage__review__csprpage__publication_date",
    "learningpage__review__scrpage__publication_date",
)


def _kind_case(labels):
    return Case(
        When(csprpage__isnull=False, then=Value(labels[CSPR])),
        When(scrpage__isnull=False, then=Value(labels[SCR])),
        When(learningpage__isnull=False, then=Value(labels[LEARNING])),
        default=Value(""),
        output_field=CharField(),
    )


def public_q():
    """Pages with no login, password or group restriction on themselves or any ancestor.

    Wagtail's `public()` runs a query for the restrictions each time it is called; this is a
    subquery, so a list stays one query.
    """
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


def visible(pages):
    """The live and public pages among `pages`: what an anonymous visitor may be shown."""
    return pages.live().filter(public_q())


def listing(pages):
    """The live, public reviews and Learning on a Page among `pages`, newest first.

    Each row is a plain `Page` with `kind`, `type_label`, `review_date` (a Learning on a Page
    takes its review's date), and for a Learning on a Page `reviewed_id` and `reviewed_title`.
    """
    return (
        visible(pages)
        .annotate(
            kind=_kind_case({kind: kind for kind in TYPE_LABELS}),
            type_label=_kind_case(TYPE_LABELS),
            review_date=REVIEW_DATE,
            reviewed_id=F("learningpage__review_id"),
            reviewed_title=F("learningpage__review__title"),
        )
        .exclude(kind="")
        .order_by("-review_date", "title", "pk")
    )


def with_learning_pages(rows):
    """Give each review row the Learning on a Page rows that summarise it, from the same list."""
    learning_by_review = {}
    for row in rows:
        if row.kind == LEARNING:
            learning_by_review.setdefault(row.reviewed_id, []).append(row)
    for row in rows:
        row.listed_learning_pages = learning_by_review.get(row.pk, [])
    return rows


def publication_years(pages):
    """The years that have something published, newest first, for the year filter."""
    return list(
        listing(pages)
        .annotate(year=ExtractYear("review_date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def matching_page_ids(pages, words):
    """Ids of live pages among `pages` whose indexed text contains every one of the words.

    Wagtail's search index holds each page's title, summary or learning text, search
    description and theme names (see the page types' `search_fields`).
    """
    results = pages.live().search(words, operator="and", order_by_relevance=False)
    return [page.pk for page in results]


def find(pages, words="", kind="", year=None, theme=None):
    """The listing of `pages` narrowed by search words, kind, year and theme, newest first."""
    rows = listing(pages)
    if words:
        rows = rows.filter(pk__in=matching_page_ids(pages, words))
    if kind:
        rows = rows.filter(kind=kind)
    if year:
        rows = rows.filter(review_date__year=year)
    if theme:
        rows = with_theme(rows, theme)
    return rows


def with_theme(rows, theme):
    """Reviews with the theme, and the Learning on a Page of those reviews."""
    reviews = Page.objects.filter(Q(csprpage__themes=theme) | Q(scrpage__themes=theme)).values("pk")
    return rows.filter(Q(pk__in=reviews) | Q(learningpage__review__in=reviews))


def theme_names_by_review(review_ids):
    """Theme names of each review, alphabetically, for CSPRs and SCRs alike, in one query."""
    from reviews.models import CSPRPage, SCRPage

    cspr_themes = CSPRPage.themes.through.objects.filter(csprpage_id__in=review_ids).values_list(
        "csprpage_id", "theme__name"
    )
    scr_themes = SCRPage.themes.through.objects.filter(scrpage_id__in=review_ids).values_list(
        "scrpage_id", "theme__name"
    )
    names = {}
    for review_id, name in sorted(cspr_themes.union(scr_themes, all=True), key=lambda row: row[1]):
        names.setdefault(review_id, []).append(name)
    return names


def related_reviews(review, themes, limit=3):
    """Up to three other reviews beside this one that share a theme: most shared first, then newest."""
    if not themes:
        return []
    theme_ids = [theme.pk for theme in themes]
    shared = Count("csprpage__themes", filter=Q(csprpage__themes__in=theme_ids), distinct=True) + Count(
        "scrpage__themes", filter=Q(scrpage__themes__in=theme_ids), distinct=True
    )
    return list(
        listing(Page.objects.sibling_of(review, inclusive=False))
        .filter(kind__in=[CSPR, SCR])
        .annotate(shared_themes=shared)
        .filter(shared_themes__gt=0)
        .order_by("-shared_themes", "-review_date", "title", "pk")[:limit]
    )


def reindex_with_learning_pages(review):
    """Index a review again, with the Learning on a Page that carry its theme names.

    Wagtail updates the index from the `post_save` signal, which runs before a page's themes
    are saved; without this, a newly added theme would not be searchable until the next save.
    """
    index.insert_or_update_object(review)
    for learning_page in review.learning_pages.all():
        index.insert_or_update_object(learning_page)


def plain_text_excerpt(rich_text, length=200):
    """Rich text as one short plain-text line, for meta descriptions and feed summaries."""
    text = re.sub(r"\s+", " ", html.unescape(strip_tags(rich_text or ""))).strip()
    return Truncator(text).chars(length)
