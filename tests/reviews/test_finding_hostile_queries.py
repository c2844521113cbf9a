"""Whatever arrives in the reviews index's address, the reader gets a normal page, never an error."""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reviews.finding.query_string import MAX_SEARCH_LENGTH, read_filters
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index_with_reviews(review_index):
    neglect = ThemeFactory(name="Neglect")
    review = CSPRPageFactory(parent=review_index, title="Young Person A", themes=[neglect])
    LearningPageFactory(parent=review_index, review=review)
    SCRPageFactory(parent=review_index, title="Child WR", themes=[neglect])
    return review_index


def get(client, index, query_string):
    response = client.get(f"{index.url}?{query_string}")
    assert response.status_code == 200, query_string
    assert "<h1>" in response.content.decode()
    return response


def notices(response):
    return response.context["filters"].notices


names = st.sampled_from(["q", "type", "year", "theme", "page", "utm_source"]) | st.text(max_size=10)
values = st.one_of(
    st.sampled_from(["cspr", "scr", "learning", "neglect", "2025", "1", "0", "-1", "Young Person A"]),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(),
    st.text(alphabet="0123456789", min_size=10, max_size=400),
    # Strings that are special to SQLite FTS5, PostgreSQL tsquery or SQL itself.
    st.lists(
        st.sampled_from(['"', "*", "(", ")", ":", "&", "|", "!", "'", "NEAR", "AND", "OR", "NOT", "^", "-"])
    ).map(" ".join),
)
encoded_values = values.map(lambda value: quote(value.encode("utf-8", "surrogatepass"), safe="")) | st.binary(
    max_size=40
).map(lambda raw: quote_from_bytes(raw, safe=""))
query_strings = st.lists(
    st.tuples(names.map(lambda name: quote(name.encode("utf-8", "surrogatepass"), safe="")), encoded_values),
    max_size=6,
).map(lambda pairs: "&".join(f"{name}={value}" for name, value in pairs))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query_string=query_strings)
def test_any_query_string_gives_a_normal_page(client, index_with_reviews, query_string):
    response = get(client, index_with_reviews, query_string)

    if response.context["filters"].active:
        assert 'role="status"' in response.content.decode()


def test_a_10_kb_search_is_shortened_with_a_message(client, index_with_reviews):
    response = get(client, index_with_reviews, "q=" + "neglect+" * 1300)

    assert response.context["filters"].text == ("neglect " * 30)[:MAX_SEARCH_LENGTH].rstrip()
    assert "Searches can be up to 200 characters long, so only the first 200 were used." in notices(response)
    assert "Young Person A" in response.content.decode()


def test_invalid_utf8_and_nul_bytes_are_searched_as_plain_text(client, index_with_reviews):
    response = get(client, index_with_reviews, "q=%FF%FEneg%00lect%C3")

    assert response.context["filters"].words == "neg lect"
    assert "No results" in response.content.decode()


def test_a_search_of_punctuation_only_explains_there_is_nothing_to_look_for(client, index_with_reviews):
    response = get(client, index_with_reviews, "q=%22*%28%29")

    assert notices(response) == ['Your search “"*()” has no letters or numbers to look for.']
    assert "results" not in response.context


@pytest.mark.parametrize(
    ("query_string", "notice"),
    [
        ("type=report", "There is no type of review called “report”, so every type is shown."),
        ("year=abc", "“abc” is not a year, so every year is shown."),
        ("year=1999", "Nothing on this site was published in 1999, so every year is shown."),
        ("theme=no-such-theme", "There is no theme called “no-such-theme”, so every theme is shown."),
        ("q=neglect&page=two", "“two” is not a page number, so the first page is shown."),
        ("q=neglect&page=0", "There is no page 0, so the first page is shown."),
        (
            "q=neglect&page=99",
            "That page is past the end of the results, so the last page (page 1) is shown.",
        ),
        (
            "q=neglect&page=" + "9" * 5000,
            "That page is past the end of the results, so the last page (page 1) is shown.",
        ),
    ],
)
def test_a_value_that_cannot_be_used_is_dropped_with_a_clear_message(
    client, index_with_reviews, query_string, notice
):
    response = get(client, index_with_reviews, query_string)

    assert notices(response) == [notice]
    assert notice in response.content.decode()


def test_unknown_theme_still_runs_the_rest_of_the_search(client, index_with_reviews):
    response = get(client, index_with_reviews, "q=young&theme=gone")

    assert [row.title for row in response.context["results"]] == [
        "Young Person A",
        "Young Person A: Learning on a Page",
    ]


def test_repeated_parameters_use_the_first_value():
    filters = read_filters(QueryDict("type=scr&type=cspr&q=one&q=two"), themes=[], years=[])

    assert (filters.review_type, filters.text) == ("scr", "one")
