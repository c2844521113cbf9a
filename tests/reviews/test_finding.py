"""Finding reviews on the index: the sections, the search box, the filters and the results list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.finding import query_string
from reviews.models import CSPRPage, SCRPage
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def take_down(page):
    """Unpublish a page whose year on the site is over, as an administrator would."""
    type(page).objects.filter(pk=page.pk).update(live_since=timezone.now() - datetime.timedelta(days=800))
    page.refresh_from_db()
    page.unpublish()


def titles(response):
    return [row.title for row in response.context["results"].object_list]


@pytest.fixture
def neglect():
    return ThemeFactory(name="Neglect")


@pytest.fixture
def safe_sleep():
    return ThemeFactory(name="Safe sleep")


@pytest.fixture
def reviews(review_index, neglect, safe_sleep):
    """Three reviews and one Learning on a Page, published in different years."""
    young_person_a = CSPRPageFactory(
        parent=review_index,
        title="Young Person A",
        publication_date=datetime.date(2024, 9, 12),
        summary="<p>A teenager at risk of exploitation outside the family.</p>",
        themes=[neglect],
    )
    learning = LearningPageFactory(
        parent=review_index,
        review=young_person_a,
        key_learning="<ul><li>Unexplained possessions can be signs of grooming.</li></ul>",
    )
    baby_f = SCRPageFactory(
        parent=review_index,
        title="Baby F",
        publication_date=datetime.date(2018, 3, 15),
        summary="<p>A baby who died while sleeping on a sofa.</p>",
        themes=[safe_sleep],
    )
    child_wr = SCRPageFactory(
        parent=review_index,
        title="Child WR",
        publication_date=datetime.date(2014, 10, 6),
        summary="<p>Long-term neglect of a primary school child.</p>",
        themes=[neglect],
    )
    return {"young_person_a": young_person_a, "learning": learning, "baby_f": baby_f, "child_wr": child_wr}


def test_index_without_a_search_keeps_its_sections_and_offers_the_search_form(client, review_index, reviews):
    response = client.get(review_index.url)

    html = response.content.decode()
    assert "results" not in response.context
    assert [review.title for review in response.context["scr_reviews"]] == ["Baby F", "Child WR"]
    assert (
        html.index('id="search-heading"') < html.index('id="cspr-heading"') < html.index('id="scr-heading"')
    )
    assert 'role="search"' in html and 'method="get"' in html
    for field in ("search-q", "search-type", "search-year", "search-theme"):
        assert f'<label class="field__label" for="{field}">' in html
    assert 'id="national-heading"' in html


def test_filters_offer_the_existing_themes_and_the_years_with_reviews(client, review_index, reviews):
    html = client.get(review_index.url).content.decode()

    assert '<option value="neglect">Neglect</option>' in html
    assert '<option value="safe-sleep">Safe sleep</option>' in html
    assert [year for year, _selected in client.get(review_index.url).context["year_options"]] == [
        2024,
        2018,
        2014,
    ]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Baby F", ["Baby F"]),
        ("sofa", ["Baby F"]),
        ("school child", ["Child WR"]),
        ("grooming", ["Young Person A: Learning on a Page"]),
        ("neglect", ["Young Person A", "Young Person A: Learning on a Page", "Child WR"]),
        ("nothing matches this", []),
    ],
)
def test_search_finds_titles_summaries_themes_and_learning_text(
    client, review_index, reviews, words, expected
):
    response = client.get(review_index.url, {"q": words})

    assert titles(response) == expected


def test_results_are_newest_first_and_learning_on_a_page_shows_its_reviews_date(
    client, review_index, reviews
):
    response = client.get(review_index.url, {"theme": "neglect"})

    html = response.content.decode()
    assert titles(response) == ["Young Person A", "Young Person A: Learning on a Page", "Child WR"]
    learning_card = html[html.index("Young Person A: Learning on a Page</a>") :]
    assert 'review published <time datetime="2024-09-12">12 September 2024</time>' in learning_card


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "cspr"}, ["Young Person A"]),
        ({"type": "scr"}, ["Baby F", "Child WR"]),
        ({"type": "learning"}, ["Young Person A: Learning on a Page"]),
        ({"year": "2018"}, ["Baby F"]),
        ({"year": "2024"}, ["Young Person A", "Young Person A: Learning on a Page"]),
        ({"theme": "safe-sleep"}, ["Baby F"]),
        ({"theme": "neglect", "type": "scr"}, ["Child WR"]),
        ({"q": "neglect", "year": "2014"}, ["Child WR"]),
    ],
)
def test_filters_narrow_the_results_and_combine_with_each_other(
    client, review_index, reviews, params, expected
):
    assert titles(client.get(review_index.url, params)) == expected


def test_result_count_is_in_a_status_element_that_screen_readers_announce(client, review_index, reviews):
    response = client.get(review_index.url, {"q": "neglect", "type": "scr"})

    html = response.content.decode()
    assert '<p class="results-count" role="status">1 result for “neglect”: Serious Case Reviews</p>' in html
    assert "<title>1 result for “neglect”: Serious Case Reviews – " in html


def test_no_results_says_so_and_suggests_what_to_try(client, review_index, reviews):
    html = client.get(review_index.url, {"q": "zebra"}).content.decode()

    assert 'role="status">No results for “zebra”</p>' in html
    assert "Try fewer or different words, or remove a filter." in html


def test_the_form_shows_the_search_it_ran_and_offers_to_clear_it(client, review_index, reviews):
    html = client.get(review_index.url, {"q": "neglect", "type": "scr", "theme": "neglect"}).content.decode()

    assert 'name="q" value="neglect"' in html
    assert '<option value="scr" selected>' in html
    assert '<option value="neglect" selected>' in html
    assert f'<a class="review-search__clear" href="{review_index.url}">Clear search and filters</a>' in html


def test_results_pages_link_to_each_other_keeping_the_search(client, review_index, neglect):
    for number in range(query_string.RESULTS_PER_PAGE + 5):
        SCRPageFactory(parent=review_index, title=f"Child {number:02}", themes=[neglect])

    first = client.get(review_index.url, {"theme": "neglect"})
    second = client.get(review_index.url, {"theme": "neglect", "page": "2"})

    assert len(titles(first)) == query_string.RESULTS_PER_PAGE
    assert 'href="?theme=neglect&amp;page=2" rel="next"' in first.content.decode()
    assert len(titles(second)) == 5
    assert 'href="?theme=neglect" rel="prev"' in second.content.decode()
    assert "Page 2 of 2" in second.content.decode()


def test_a_search_or_filter_page_only_asks_not_to_be_indexed_and_names_no_canonical(
    client, review_index, reviews
):
    for params in ({"q": "neglect"}, {"type": "scr"}):
        html = client.get(review_index.url, params).content.decode()

        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' not in html and "og:url" not in html


def test_the_unfiltered_list_names_itself_as_canonical_and_may_be_indexed(client, review_index, reviews):
    html = client.get(review_index.url).content.decode()

    assert f'<link rel="canonical" href="{review_index.full_url}">' in html
    assert "noindex" not in html


def test_the_introduction_follows_the_lists_of_reviews(client, review_index, reviews):
    html = client.get(review_index.url).content.decode()

    assert html.index('id="scr-heading"') < html.index(review_index.introduction[:20])


def test_the_filters_are_folded_away_and_open_only_when_a_value_was_dropped(client, review_index, reviews):
    folded = client.get(review_index.url, {"type": "scr", "year": "2018"}).content.decode()
    opened = client.get(review_index.url, {"year": "abc"}).content.decode()

    assert '<details class="review-search__filters">' in folded
    assert "Filter by type, year or theme (2 applied)" in folded
    assert '<details class="review-search__filters" open>' in opened


def test_pages_taken_down_or_never_published_never_appear_in_results(client, review_index, reviews, neglect):
    CSPRPageFactory(parent=review_index, title="Draft about neglect", themes=[neglect], published=False)
    take_down(reviews["child_wr"])

    response = client.get(review_index.url, {"q": "neglect"})

    assert titles(response) == ["Young Person A", "Young Person A: Learning on a Page"]


def test_a_theme_added_when_publishing_an_edit_is_searchable_at_once(
    client, review_index, reviews, safe_sleep
):
    """Wagtail indexes a page before its themes are saved; the review indexes itself again after."""
    review = CSPRPage.objects.get(pk=reviews["young_person_a"].pk)
    review.themes = [safe_sleep]
    review.save_revision().publish()

    found_by_new_theme = titles(client.get(review_index.url, {"q": "safe sleep"}))
    found_by_old_theme = titles(client.get(review_index.url, {"q": "neglect"}))

    assert "Young Person A" in found_by_new_theme
    assert "Young Person A: Learning on a Page" in found_by_new_theme
    assert "Young Person A" not in found_by_old_theme


def test_renaming_a_theme_in_the_admin_makes_its_reviews_findable_by_the_new_name(
    client, admin_client, review_index, reviews, neglect
):
    response = admin_client.post(
        reverse("wagtailsnippets_reviews_theme:edit", args=[neglect.pk]),
        {"name": "Chronic neglect", "slug": neglect.slug},
    )

    assert response.status_code == 302
    found = titles(client.get(review_index.url, {"q": "chronic"}))
    assert "Young Person A" in found
    assert "Young Person A: Learning on a Page" in found


def test_index_head_links_to_the_atom_feed_and_its_text_to_the_page_on_how_to_follow(client, review_index):
    html = client.get(review_index.url).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" title="New reviews" '
        'href="/child-safeguarding-practice-reviews/feed/">'
    ) in html
    assert (
        '<a href="/child-safeguarding-practice-reviews/follow/">Follow new reviews in a feed reader</a>'
        in html
    )
    assert '<a href="/child-safeguarding-practice-reviews/feed/">' not in html


def test_a_review_restricted_to_logged_in_users_is_not_listed(client, review_index, reviews):
    from wagtail.models import PageViewRestriction

    baby_f = SCRPage.objects.get(pk=reviews["baby_f"].pk)
    # Straight to the database: the publication window refuses making an in-window review private.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=baby_f, restriction_type=PageViewRestriction.LOGIN)]
    )

    sections = client.get(review_index.url).context
    results = client.get(review_index.url, {"type": "scr"})

    assert [review.title for review in sections["scr_reviews"]] == ["Child WR"]
    assert titles(results) == ["Child WR"]
