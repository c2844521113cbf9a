"""The reviews list's search box and filters, read from whatever arrives in the address.

Links get shared, bookmarked and mangled, so nothing here raises: a value that cannot be
used is dropped with a notice saying so, and the rest of the search still runs.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.text import Truncator

from reviews import kinds

MAX_SEARCH_LENGTH = 200
RESULTS_PER_PAGE = 20

TYPE_CHOICES = [(kind.key, kind.plural) for kind in kinds.ALL_KINDS]

DIGITS = re.compile(r"[0-9]+")
YEAR = re.compile(r"[0-9]{4}")
PAST_THE_END = 10**9


def _first(params, key):
    """The first value of a repeated parameter: `?type=scr&type=cspr` means SCRs."""
    values = params.getlist(key)
    return values[0].strip() if values else ""


def _quoted(value):
    """A visitor's own input, shortened, for repeating back in a notice."""
    return f"“{Truncator(value).chars(40)}”"


def clean_search_text(raw):
    """Printable text with single spaces: control characters (NUL included) become spaces."""
    printable = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in raw)
    return " ".join(printable.split())


@dataclass
class ReviewFilters:
    """What a visitor asked the reviews list for, cleaned, with a notice for each thing dropped."""

    text: str = ""
    words: str = ""
    review_type: str = ""
    year: int | None = None
    theme: object = None  # a Theme the list offers
    page_number: int = 1
    notices: list[str] = field(default_factory=list)

    @property
    def kind(self):
        """The kind of page asked for, or None for every kind."""
        return kinds.BY_KEY.get(self.review_type)

    @property
    def active(self):
        """True when the visitor searched or filtered, so the list shows results, not sections."""
        return bool(self.words or self.review_type or self.year or self.theme)

    @property
    def filter_count(self):
        """How many of type, year and theme narrow the list, for the folded filters' label."""
        return sum(1 for value in (self.review_type, self.year, self.theme) if value)

    def query_string(self, page_number=None):
        """This search as an address query, for pagination links that keep every filter."""
        params = {
            "q": self.text,
            "type": self.review_type,
            "year": self.year or "",
            "theme": self.theme.slug if self.theme else "",
            "page": page_number if page_number and page_number > 1 else "",
        }
        return "?" + urlencode({key: value for key, value in params.items() if value})

    def type_options(self):
        return [(value, label, value == self.review_type) for value, label in TYPE_CHOICES]

    def year_options(self, years):
        return [(year, year == self.year) for year in years]

    def theme_options(self, themes):
        return [(theme, theme == self.theme) for theme in themes]

    def describe(self, count):
        """The sentence announced after a search: "2 results for “neglect”: Serious Case Reviews…"."""
        found = f"{count} result{'' if count == 1 else 's'}" if count else "No results"
        if self.words:
            found += f" for “{self.text}”"
        conditions = []
        if self.review_type:
            conditions.append(dict(TYPE_CHOICES)[self.review_type])
        if self.year:
            conditions.append(f"published in {self.year}")
        if self.theme:
            conditions.append(f"theme {self.theme.name}")
        return f"{found}: {', '.join(conditions)}" if conditions else found

    def paginate(self, rows):
        """The page of results asked for; a page past the end shows the last page, with a notice.

        `rows` is a `.values()` queryset. The page's rows carry the number of all results (a
        window over the whole query), so a page of results costs one query; only an empty page
        (past the end, or nothing found) asks for the count on its own.
        """
        paginator = Paginator(rows, RESULTS_PER_PAGE)
        start = (self.page_number - 1) * RESULTS_PER_PAGE
        page_rows = list(rows.annotate(results_total=Window(Count("pk")))[start : start + RESULTS_PER_PAGE])
        if page_rows:
            paginator.count = page_rows[0]["results_total"]
            return Page(page_rows, self.page_number, paginator)
        if self.page_number > paginator.num_pages:
            self.notices.append(
                f"That page is past the end of the results, so the last page (page {paginator.num_pages}) "
                "is shown."
            )
            self.page_number = paginator.num_pages
            return paginator.page(self.page_number)
        return Page([], self.page_number, paginator)


def read_filters(params, themes, years):
    """Read `q`, `type`, `year`, `theme` and `page` from a query dict, never raising.

    `themes` and `years` are what the filters offer; anything else is dropped with a notice.
    """
    filters = ReviewFilters()
    notices = filters.notices

    text = clean_search_text(_first(params, "q"))
    if len(text) > MAX_SEARCH_LENGTH:
        text = text[:MAX_SEARCH_LENGTH].rstrip()
        notices.append(
            f"Searches can be up to {MAX_SEARCH_LENGTH} characters long, "
            f"so only the first {MAX_SEARCH_LENGTH} were used."
        )
    filters.text = text
    filters.words = " ".join(re.findall(r"\w+", text))
    if text and not filters.words:
        notices.append(f"Your search {_quoted(text)} has no letters or numbers to look for.")

    review_type = _first(params, "type")
    if review_type in dict(TYPE_CHOICES):
        filters.review_type = review_type
    elif review_type:
        notices.append(f"There is no type of review called {_quoted(review_type)}, so every type is shown.")

    year = _first(params, "year")
    if YEAR.fullmatch(year) and int(year) in years:
        filters.year = int(year)
    elif YEAR.fullmatch(year):
        notices.append(f"Nothing on this site was published in {year}, so every year is shown.")
    elif year:
        notices.append(f"{_quoted(year)} is not a year, so every year is shown.")

    theme_slug = _first(params, "theme")
    themes_by_slug = {theme.slug: theme for theme in themes}
    if theme_slug in themes_by_slug:
        filters.theme = themes_by_slug[theme_slug]
    elif theme_slug:
        notices.append(f"There is no theme called {_quoted(theme_slug)}, so every theme is shown.")

    page = _first(params, "page")
    if DIGITS.fullmatch(page):
        number = page.lstrip("0")
        if not number:
            notices.append("There is no page 0, so the first page is shown.")
        else:
            # A number too long to be a page is past the end, so the last page is shown.
            filters.page_number = int(number) if len(number) <= 9 else PAST_THE_END
    elif page:
        notices.append(f"{_quoted(page)} is not a page number, so the first page is shown.")
    return filters
