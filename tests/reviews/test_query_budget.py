"""The public pages cost a fixed number of database queries, however many reviews there are."""

import datetime
import itertools

import django.template.base
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, Site

from cspr_site.models import PartnershipSettings
from reviews.finding.query_string import RESULTS_PER_PAGE
from reviews.finding.search import matching_pages
from tests.cspr_site.factories import InformationPageFactory, PdfDocumentFactory
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

# The most queries each page may use (measured on SQLite, plus one). Wagtail's routing asks one
# query a level below the home page and one for the page's own type; the site, its home page,
# the settings, the themes, the publication years and whether any page is private are kept
# between visible changes (reviews/remembered.py), so a warm request does not ask for them.
BUDGET = {
    "index": 4,
    # The results with the search inside, and the report sections that matched the words, one
    # query per kind of review shown.
    "index search and filters": 4,
    "index past the last page": 5,
    "review": 7,
    "learning": 4,
    "feed": 5,
}


class ReviewLibrary:
    """Grows a reviews index with CSPRs (each with a Learning on a Page) and SCRs sharing themes.

    The first few are published through revisions, as editors publish; the rest go straight
    into the tree as live pages, which is what the public pages read, and much quicker.
    """

    PUBLISHED_THROUGH_REVISIONS = 5

    def __init__(self, index):
        self.index = index
        # A live site has its settings; made on a first visit they would count as a change.
        PartnershipSettings.for_site(Site.objects.get())
        self.themes = [ThemeFactory(name=name) for name in ("Neglect", "Domestic abuse", "Safe sleep")]
        self.report = PdfDocumentFactory()
        self.count = 0

    def grow_to(self, total):
        for number in range(self.count, total):
            themes = list(itertools.islice(itertools.cycle(self.themes), number % 3, number % 3 + 2))
            fields = {
                "title": f"Child {number:03}",
                "publication_date": datetime.date(2015, 1, 1) + datetime.timedelta(days=7 * number),
                "report": self.report,
            }
            factory = CSPRPageFactory if number % 2 else SCRPageFactory
            if number < self.PUBLISHED_THROUGH_REVISIONS:
                review = factory(parent=self.index, themes=themes, **fields)
                if number % 2:
                    LearningPageFactory(parent=self.index, review=review)
            else:
                review = self.add_live(factory.build(**fields), themes=themes)
                if number % 2:
                    self.add_live(LearningPageFactory.build(review=review))
        self.count = total

    def add_live(self, page, themes=()):
        now = timezone.now()
        page.live, page.first_published_at, page.last_published_at = True, now, now
        if themes:
            page.themes = themes
        self.index.add_child(instance=page)
        return page

    def addresses(self):
        review = self.index.get_children().type(CSPRPageFactory._meta.model).first().specific
        learning = review.learning_pages.first()
        return {
            "index": self.index.url,
            "index search and filters": f"{self.index.url}?q=child&type=cspr&theme=neglect",
            "index past the last page": f"{self.index.url}?theme=neglect&page=9999",
            "review": review.url,
            "learning": learning.url,
            "feed": "/child-safeguarding-practice-reviews/feed/",
        }


def queries_for(client, addresses):
    counts = {}
    for name, address in addresses.items():
        client.get(address)  # Content types and site root paths are cached by the first request.
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200, address
        counts[name] = len(queries)
    return counts


def test_index_review_learning_and_feed_queries_stay_the_same_from_5_to_300_reviews(client, review_index):
    library = ReviewLibrary(review_index)
    library.grow_to(5)
    with_5 = queries_for(client, library.addresses())

    library.grow_to(300)
    with_300 = queries_for(client, library.addresses())

    search = client.get(library.addresses()["index search and filters"]).context["results"]
    assert search.paginator.count > 2 * RESULTS_PER_PAGE
    assert client.get(review_index.url).context["scr_total"] == 150
    assert with_300 == with_5
    for name, count in with_300.items():
        assert count <= BUDGET[name], f"{name}: {count} queries, budget {BUDGET[name]}"


def test_no_public_page_template_asks_for_an_attribute_that_is_not_there(client, review_index, monkeypatch):
    """Django words a failed lookup's error by listing every attribute of the object (`dir()`):
    on a Wagtail page, two such lookups took a fifth of the simplest page's time."""
    library = ReviewLibrary(review_index)
    library.grow_to(8)
    statement = InformationPageFactory(parent=review_index.get_parent())
    addresses = [*library.addresses().values(), "/", statement.url]
    listed = []
    monkeypatch.setattr(
        django.template.base, "dir", lambda value: listed.append(value) or dir(value), raising=False
    )

    for address in addresses:
        client.get(address)

    assert [type(value).__name__ for value in listed] == []


@pytest.mark.parametrize("name", BUDGET)
def test_each_public_page_keeps_within_its_query_budget(
    client, review_index, django_assert_max_num_queries, name
):
    library = ReviewLibrary(review_index)
    library.grow_to(8)
    address = library.addresses()[name]
    client.get(address)

    with django_assert_max_num_queries(BUDGET[name]):
        assert client.get(address).status_code == 200


def test_a_page_of_results_reads_its_rows_and_the_number_of_results_in_one_query(client, review_index):
    library = ReviewLibrary(review_index)
    library.grow_to(30)
    address = library.addresses()["index search and filters"]
    client.get(address)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)

    results = response.context["results"]
    assert results.paginator.count == len(results.object_list) > 0
    assert not [query for query in queries.captured_queries if query["sql"].startswith("SELECT COUNT(")]
    searches = [query["sql"] for query in queries.captured_queries if "wagtailsearch_" in query["sql"]]
    assert len(searches) == 1 and "results_total" in searches[0], "the search is inside the page query"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is PostgreSQL's")
def test_a_search_on_postgresql_matches_what_an_index_holds(review_index):
    matched = '("wagtailsearch_indexentry"."title" || "wagtailsearch_indexentry"."body") @@'
    search_sql = str(matching_pages(Page.objects.child_of(review_index), "neglect").query)
    assert matched in search_sql, "Wagtail's search matches another expression: the index no longer serves it"

    with connection.cursor() as cursor:
        # Few rows make a scan cheapest; forbidding it shows whether an index can answer at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            f"EXPLAIN SELECT id FROM wagtailsearch_indexentry WHERE {matched} to_tsquery('neglect')"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "reviews_search_title_body_gin" in plan, plan
