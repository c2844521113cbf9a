"""The public listing: live, public reviews and Learning on a Page, newest first, in few queries.

Everything here works on plain `Page` rows annotated with what a list needs (kind, date,
type label, the review a Learning on a Page belongs to), so a list costs the same number of
queries whatever mix of kinds it holds, and however many. Kinds are told apart by content type,
which every `Page` row carries, instead of joining each page type's table to find out.
"""

from django.db.models import CharField, Count, Exists, IntegerField, OuterRef, Q, Subquery, Value, Window
from django.db.models.expressions import Case, F, When
from django.db.models.functions import Coalesce, ExtractYear, Length, RowNumber, Substr
from wagtail.models import Page, PageViewRestriction

from reviews import kinds, remembered

# What a list shows of each page (see `listing()`), read as values rather than as `Page`s.
LISTED_FIELDS = (
    "pk",
    "slug",
    "title",
    "search_description",
    "kind",
    "type_label",
    "review_date",
    "reviewed_id",
    "reviewed_title",
)


class ListedPage:
    """A page as the lists show it: one row of `listing()` values, with its address.

    Every listed page is a child of the reviews index, so its address is the index's plus its
    slug. Building no `Page` (and asking Wagtail for no URL) is most of what a list costs.
    """

    def __init__(self, values, parent_url):
        self.__dict__.update(values)
        # An index with no address (a preview of one never saved) links its rows relatively.
        self.url = f"{parent_url or ''}{self.slug}/"
        self.listed_learning_pages = []
        self.matched_section = None

    def __repr__(self):
        return f"<ListedPage {self.pk}: {self.title}>"


def listed(rows, parent_url):
    """`ListedPage`s of value rows of pages whose parent is at `parent_url`."""
    return [ListedPage(values, parent_url) for values in rows]


def _kind_case(listed_kinds, value_of):
    return Case(
        *(When(content_type_id=kind.content_type_id, then=Value(value_of(kind))) for kind in listed_kinds),
        default=Value(""),
        output_field=CharField(),
    )


def _first_of(fields):
    """The first of these fields that is set on a row (each row has only its own kind's)."""
    return Coalesce(*fields) if len(fields) > 1 else F(fields[0])


def _review_date(listed_kinds):
    return _first_of([field for kind in listed_kinds for field in kind.date_lookups])


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


def listing(pages, listed_kinds=kinds.ALL_KINDS):
    """The live, public pages of `listed_kinds` among `pages`, newest first.

    Each row is a plain `Page` with `kind` (a kind's key), `type_label`, `review_date` (a
    Learning on a Page takes its review's date), and for a summary `reviewed_id` and
    `reviewed_title`.
    """
    summaries = [kind for kind in listed_kinds if kind.summarises_reviews]
    if summaries:
        reviewed = {
            "reviewed_id": _first_of([f"{kind.model_name}__review_id" for kind in summaries]),
            "reviewed_title": _first_of([f"{kind.model_name}__review__title" for kind in summaries]),
        }
    else:
        reviewed = {
            "reviewed_id": Value(None, output_field=IntegerField()),
            "reviewed_title": Value(None, output_field=CharField()),
        }
    return (
        visible(pages)
        .filter(content_type_id__in=[kind.content_type_id for kind in listed_kinds])
        .annotate(
            kind=_kind_case(listed_kinds, lambda kind: kind.key),
            type_label=_kind_case(listed_kinds, lambda kind: kind.label),
            review_date=_review_date(listed_kinds),
            **reviewed,
        )
        .order_by("-review_date", "title", "pk")
    )


def listing_of(parent, listed_kinds=kinds.ALL_KINDS):
    """`listing()` of `parent`'s children, built once per generation and copied for each use.

    Building its cases and joins cost a search or a filter more than the database took to
    answer; each use gets a copy (as Django's generic views copy their `queryset`), so the one
    kept is never evaluated nor changed.
    """
    key = ("listing of", parent.pk, tuple(kind.key for kind in listed_kinds))
    return remembered.remember(key, lambda: listing(Page.objects.child_of(parent), listed_kinds)).all()


def _newest_of_each_kind(parent, per_kind):
    newest_first = [F("review_date").desc(), F("title").asc(), F("pk").asc()]
    return (
        listing_of(parent, kinds.REVIEW_KINDS)
        .annotate(
            position=Window(RowNumber(), partition_by=F("kind"), order_by=newest_first),
            kind_total=Window(Count("pk"), partition_by=F("kind")),
        )
        .filter(position__lte=per_kind)
    )


def newest_of_each_kind(parent, per_kind, parent_url):
    """The newest `per_kind` listed reviews of each kind under `parent`, with their Learning on a Page.

    Two queries, whatever the number of reviews, each compiled once per generation: only the
    rows shown are read; each also carries `kind_total`, how many reviews of its kind are listed
    in all (for the link to the rest), and `listed_learning_pages`.
    """
    rows = listed(
        remembered.compiled_values(
            ("newest of each kind", parent.pk, per_kind),
            lambda: _newest_of_each_kind(parent, per_kind).values(*LISTED_FIELDS, "kind_total"),
        ),
        parent_url,
    )
    review_ids = tuple(row.pk for row in rows)
    learning_rows = remembered.compiled_values(
        ("learning of", parent.pk, review_ids),
        lambda: (
            listing_of(parent, kinds.SUMMARY_KINDS)
            .filter(reviewed_id__in=review_ids)
            # By title, as a review's own page lists them: a review's Learning on a Page all
            # share its date, and ordering by it had PostgreSQL join the review tables for nothing.
            .order_by("title", "pk")
            .values("pk", "slug", "reviewed_id")
        ),
    )
    return _with_learning_pages(rows, listed(learning_rows, parent_url))


def _with_learning_pages(rows, learning_rows):
    by_review = {}
    for learning_row in learning_rows:
        by_review.setdefault(learning_row.reviewed_id, []).append(learning_row)
    for row in rows:
        row.listed_learning_pages = by_review.get(row.pk, [])
    return rows


def publication_years(parent):
    """The years that have something published under `parent`, newest first, for the year filter."""
    return list(
        listing_of(parent)
        .annotate(year=ExtractYear("review_date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def _theme_table(kind):
    """A review kind's table of (review, theme) rows, and the name of its review column."""
    return kind.model.themes.through.objects, f"{kind.model_name}_id"


def with_theme(rows, theme):
    """Reviews with the theme, and the Learning on a Page of those reviews."""
    # Read from each kind's theme table alone: joining every review table to its themes made
    # planning the query cost more than running it.
    with_the_theme = [
        table.filter(theme=theme).values(review) for table, review in map(_theme_table, kinds.REVIEW_KINDS)
    ]
    matches = Q()
    for reviews in with_the_theme:
        matches |= Q(pk__in=reviews)
        for kind in kinds.SUMMARY_KINDS:
            matches |= Q(**{f"{kind.model_name}__review_id__in": reviews})
    return rows.filter(matches)


def theme_names_by_review(review_ids):
    """Theme names of each review, alphabetically, for every kind of review, in one query."""
    per_kind = [
        table.filter(**{f"{review}__in": review_ids}).values_list(review, "theme__name")
        for table, review in map(_theme_table, kinds.REVIEW_KINDS)
    ]
    names = {}
    for review_id, name in sorted(per_kind[0].union(*per_kind[1:], all=True), key=lambda row: row[1]):
        names.setdefault(review_id, []).append(name)
    return names


def related_reviews(review, themes, parent_url, limit=3):
    """Up to three other reviews beside this one that share a theme: most shared first, then newest.

    Each kind's shared themes are counted by a subquery on its theme table, which keeps the
    query free of joins to every theme row and of the GROUP BY they would need. Its SQL is
    compiled once per generation for each review and set of themes.
    """
    if not themes:
        return []
    theme_ids = tuple(theme.pk for theme in themes)
    rows = remembered.compiled_values(
        ("related reviews", review.pk, theme_ids, limit),
        lambda: _related_reviews(review, theme_ids, limit).values(*LISTED_FIELDS),
    )
    return listed(rows, parent_url)


def _related_reviews(review, theme_ids, limit):
    counts = [
        Coalesce(
            Subquery(
                table.filter(**{review: OuterRef("pk"), "theme_id__in": theme_ids})
                .values(review)
                .annotate(shared=Count("theme_id"))
                .values("shared"),
                output_field=IntegerField(),
            ),
            0,
        )
        for table, review in map(_theme_table, kinds.REVIEW_KINDS)
    ]
    shared = counts[0]
    for count in counts[1:]:
        shared += count
    return (
        listing(Page.objects.sibling_of(review, inclusive=False), kinds.REVIEW_KINDS)
        .annotate(shared_themes=shared)
        .filter(shared_themes__gt=0)
        .order_by("-shared_themes", "-review_date", "title", "pk")[:limit]
    )
