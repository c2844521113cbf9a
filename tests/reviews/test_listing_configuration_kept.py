"""The reviews list keeps its themes, years and built or compiled queries, and shows changes at once."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews import remembered
from reviews.finding import listing
from reviews.models.pages import SECTION_LENGTH
from tests.reviews.factories import CSPRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neglect():
    return ThemeFactory(name="Neglect")


@pytest.fixture
def visitor():
    """An anonymous visitor, apart from the signed-in editor making the change."""
    return Client()


def year_options(response):
    return [year for year, _selected in response.context["year_options"]]


def test_a_theme_renamed_in_the_admin_shows_in_the_list_filters_at_once(
    visitor, admin_client, review_index, neglect
):
    CSPRPageFactory(parent=review_index, themes=[neglect])
    assert '<option value="neglect">Neglect</option>' in visitor.get(review_index.url).content.decode()

    response = admin_client.post(
        reverse("wagtailsnippets_reviews_theme:edit", args=[neglect.pk]),
        {"name": "Chronic neglect", "slug": neglect.slug},
    )

    assert response.status_code == 302
    html = visitor.get(review_index.url).content.decode()
    assert '<option value="neglect">Chronic neglect</option>' in html


def test_a_review_published_in_a_new_year_shows_in_the_year_filter_at_once(visitor, review_index):
    CSPRPageFactory(parent=review_index, publication_date=datetime.date(2019, 5, 1))
    assert year_options(visitor.get(review_index.url)) == [2019]

    CSPRPageFactory(parent=review_index, publication_date=datetime.date(2023, 2, 1))

    assert year_options(visitor.get(review_index.url)) == [2023, 2019]
    assert year_options(visitor.get(review_index.url, {"q": "child"})) == [2023, 2019]


def test_a_review_unpublished_takes_its_year_out_of_the_filter_at_once(visitor, review_index):
    CSPRPageFactory(parent=review_index, publication_date=datetime.date(2019, 5, 1))
    newer = CSPRPageFactory(parent=review_index, publication_date=datetime.date(2023, 2, 1))
    assert year_options(visitor.get(review_index.url)) == [2023, 2019]

    # Its year on the site is over, so an administrator may take it down.
    type(newer).objects.filter(pk=newer.pk).update(live_since=timezone.now() - datetime.timedelta(days=800))
    type(newer).objects.get(pk=newer.pk).unpublish()

    assert year_options(visitor.get(review_index.url)) == [2019]


def test_the_list_keeps_only_its_compiled_queries_and_reads_its_rows_on_every_visit(visitor, review_index):
    review = CSPRPageFactory(parent=review_index, title="Child A")
    assert [row.title for row in visitor.get(review_index.url).context["cspr_reviews"]] == ["Child A"]

    # A change that sends no signal starts no generation: the rows must still be read afresh.
    type(review).objects.filter(pk=review.pk).update(title="Child B")

    response = visitor.get(review_index.url)
    assert [row.title for row in response.context["cspr_reviews"]] == ["Child B"]


def test_what_an_older_generation_kept_is_let_go(visitor, review_index):
    CSPRPageFactory(parent=review_index, publication_date=datetime.date(2019, 5, 1))
    visitor.get(review_index.url)
    kept_before = set(remembered._kept)

    CSPRPageFactory(parent=review_index, publication_date=datetime.date(2023, 2, 1))
    visitor.get(review_index.url, {"q": "child"})

    generations = {generation for generation, _value in remembered._kept.values()}
    assert len(generations) == 1
    newest_list = ("compiled", "values", "newest of each kind", review_index.pk, SECTION_LENGTH)
    assert newest_list in kept_before
    assert newest_list not in remembered._kept


def test_search_and_filter_results_are_read_afresh_on_every_visit(visitor, review_index, neglect):
    review = CSPRPageFactory(parent=review_index, title="Child A", themes=[neglect])
    for query in ({"q": "child"}, {"theme": "neglect"}):
        assert [row.title for row in visitor.get(review_index.url, query).context["results"]] == ["Child A"]

    # The list's query is built once per generation; what is kept must never hold rows.
    type(review).objects.filter(pk=review.pk).update(title="Child B")

    for query in ({"q": "child"}, {"theme": "neglect"}):
        assert [row.title for row in visitor.get(review_index.url, query).context["results"]] == ["Child B"]


def test_the_kept_listing_hands_out_copies_so_reading_one_keeps_no_rows(review_index):
    review = CSPRPageFactory(parent=review_index, title="Child A")
    with remembered.reading(generation="one"):
        assert [page.title for page in listing.listing_of(review_index)] == ["Child A"]
        type(review).objects.filter(pk=review.pk).update(title="Child B")

        assert [page.title for page in listing.listing_of(review_index)] == ["Child B"]
