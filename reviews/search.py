"""Finding reviews: the public listing, Wagtail search over it, related reviews and page text.

Everything here works on plain `Page` rows annotated with what a list needs (kind, date,
type label, the review a Learning on a Page belongs to), so a list costs the same number of
queries whatever mix of CSPRs, SCRs and Learning on a Page it holds, and however many.
"""

import html
import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, Value, Window
from django.db.models.expressions import Case, F, When
from django.db.models.functions import Coalesce, ExtractYear, Length, RowNumber, Substr
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

# The page type behind each kind, as (app label, model): lists tell kinds apart by content
# type, which every `Page` row carries, instead of joining each page type's table to find out.
PAGE_TYPES = {
    CSPR: ("reviews", "csprpage"),
    SCR: ("reviews", "scrpage"),
    LEARNING: ("learning", "learningpage"),
}

# Where each kind's date lives: a review's own, a Learning on a Page its review's.
DATE_FIELDS = {
    CSPR: ["csprpage__publication_date"],
    SCR: ["scrpage__publication_date"],
    LEARNING: [
        "learningpage__review__csprpage__publication_date",
        "learningpage__review__scrpage__publication_date",
    ],
}


def _content_type_ids(kinds):
    # Django keeps content types in memory after the first lookup.
    return {kind: ContentType.objects.get_by_natural_key(*PAGE_TYPES[kind]).pk for kind in kinds}


def _kind_case(content_type_ids, labels):
    return Case(
        *(When(content_type_id=pk, then=Value(labels[kind])) for kind, pk in content_type_ids.items()),
        default=Value(""),
        output_field=CharField(),
    )


def _review_date(kinds):
    fields = [field for kind in kinds for field in DATE_FIELDS[kind]]
    return Coalesce(*fields) if len(fields) > 1 else F(fields[0])


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


def listing(pages, kinds=(CSPR, SCR, LEARNING)):
    """The live, public reviews and Learning on a Page among `pages` (or only `kinds`), newest first.

    Each row is a plain `Page` with `kind`, `type_label`, `review_date` (a Learning on a Page
    takes its review's date), and for a Learning on a Page `reviewed_id` and `reviewed_title`.
    """
    content_type_ids = _content_type_ids(kinds)
    if LEARNING in kinds:
        reviewed = {
            "reviewed_id": F("learningpage__review_id"),
            "reviewed_title": F("learningpage__review__title"),
        }
    else:
        reviewed = {
            "reviewed_id": Value(None, output_field=IntegerField()),
            "reviewed_title": Value(None, output_field=CharField()),
        }
    return (
        visible(pages)
        .filter(content_type_id__in=content_type_ids.values())
        .annotate(
            kind=_kind_case(content_type_ids, {kind: kind for kind in kinds}),
            type_label=_kind_case(content_type_ids, TYPE_LABELS),
            review_date=_review_date(kinds),
            **reviewed,
        )
        .order_by("-review_date", "title", "pk")
    )


def newest_of_each_kind(pages, per_kind):
    """The newest `per_kind` CSPRs and the newest `per_kind` SCRs among `pages`, in one query.

    Only the rows shown are read; each also carries `kind_total`, how many reviews of its kind
    are listed in all, for the link to the rest.
    """
    newest_first = [F("review_date").desc(), F("title").asc(), F("pk").asc()]
    return list(
        listing(pages, kinds=(CSPR, SCR))
        .annotate(
            position=Window(RowNumber(), partition_by=F("kind"), order_by=newest_first),
            kind_total=Window(Count("pk"), partition_by=F("kind")),
        )
        .filter(position__lte=per_kind)
    )


def with_learning_pages(pages, rows):
    """Give each review row the listed Learning on a Page that summarise it, in one query."""
    learning_by_review = {}
    review_ids = [row.pk for row in rows if row.kind != LEARNING]
    if review_ids:
        for learning_row in listing(pages, kinds=(LEARNING,)).filter(reviewed_id__in=review_ids):
            learning_by_review.setdefault(learning_row.reviewed_id, []).append(learning_row)
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
    rows = listing(pages, kinds=(kind,)) if kind else listing(pages)
    if words:
        rows = rows.filter(pk__in=matching_page_ids(pages, words))
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
        listing(Page.objects.sibling_of(review, inclusive=False), kinds=(CSPR, SCR))
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
