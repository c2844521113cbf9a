"""What a visitor sees on the reviews index and on each review."""

import datetime

import pytest

from cspr_site.models import PartnershipSettings
from reviews.window import rules
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_index_lists_practice_reviews_and_serious_case_reviews_in_their_own_sections(client, review_index):
    cspr = CSPRPageFactory(parent=review_index, title="Young Person A")
    LearningPageFactory(parent=review_index, review=cspr)
    SCRPageFactory(parent=review_index, title="Child WR")

    response = client.get(review_index.url)

    assert response.status_code == 200
    assert [r.title for r in response.context["cspr_reviews"]] == ["Young Person A"]
    assert [r.title for r in response.context["scr_reviews"]] == ["Child WR"]
    html = response.content.decode()
    cspr_section, scr_section = html.split('id="scr-heading"')
    assert "Young Person A" in cspr_section and "Child WR" not in cspr_section
    assert "Child WR" in scr_section


def test_index_links_each_review_to_its_learning_on_a_page(client, review_index):
    cspr = CSPRPageFactory(parent=review_index, title="Young Person A")
    learning = LearningPageFactory(parent=review_index, review=cspr)

    html = client.get(review_index.url).content.decode()

    assert f'href="{learning.url}"' in html
    assert 'Learning on a Page<span class="visually-hidden"> for Young Person A</span>' in html


def test_index_and_review_list_a_reviews_learning_on_a_page_in_the_same_order(client, review_index):
    cspr = CSPRPageFactory(parent=review_index, title="Young Person A")
    for title in ("Learning for schools", "Learning for health visitors"):
        LearningPageFactory(parent=review_index, review=cspr, title=title)
    by_title = ["Learning for health visitors", "Learning for schools"]

    index = client.get(review_index.url).context["cspr_reviews"]
    review = client.get(cspr.url).context["learning_pages"]

    assert [page.title for page in review] == by_title
    assert [row.slug for row in index[0].listed_learning_pages] == [page.slug for page in review]


def test_index_leaves_out_drafts(client, review_index):
    CSPRPageFactory(parent=review_index, title="Draft review", published=False)

    response = client.get(review_index.url)

    assert "Draft review" not in response.content.decode()


def test_index_links_to_the_national_repository_from_the_site_settings(client, review_index):
    settings = PartnershipSettings.for_site(review_index.get_site())
    settings.nspcc_repository_url = "https://repository.example.org/reviews"
    settings.save()

    html = client.get(review_index.url).content.decode()

    assert 'href="https://repository.example.org/reviews"' in html


@pytest.mark.parametrize("factory", [CSPRPageFactory, SCRPageFactory])
def test_review_page_shows_its_facts_and_report(client, review_index, factory):
    theme = ThemeFactory(name="Neglect")
    review = factory(parent=review_index, title="Child G", themes=[theme])

    response = client.get(review.url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Child G</h1>" in html
    assert review.review_type_label in html
    assert "14 March 2025" in html or "1 June 2016" in html
    assert "Neglect" in html
    assert f'href="{review.report.url}"' in html


def test_review_report_downloads_as_a_pdf(client, review_index):
    review = CSPRPageFactory(parent=review_index)

    response = client.get(review.report.url)

    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")


def test_learning_page_shows_its_three_sections_and_links_back(client, review_index):
    cspr = CSPRPageFactory(parent=review_index, title="Young Person A")
    learning = LearningPageFactory(parent=review_index, review=cspr)

    response = client.get(learning.url)

    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("The child's lived experience", "Key learning", "Learning into practice"):
        assert heading in html
    assert f'href="{cspr.url}"' in html


def test_home_page_renders(client, home_page):
    assert client.get("/").status_code == 200


def test_unknown_address_gets_the_sites_own_not_found_page(client, home_page):
    response = client.get("/no-such-review/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Skip to main content" in response.content.decode()


def test_review_and_learning_pages_say_how_long_they_stay_available(client, review_index):
    cspr = CSPRPageFactory(parent=review_index, title="Young Person A")
    learning = LearningPageFactory(parent=review_index, review=cspr)

    for page in (cspr, learning):
        html = client.get(page.url).content.decode()
        until = page.earliest_takedown.astimezone(rules.PARTNERSHIP_TIME_ZONE)
        assert f"until at least {until:%-d %B %Y}" in html


def test_a_long_section_shows_the_newest_reviews_and_links_to_all_of_them(client, review_index):
    for day in range(1, 13):
        SCRPageFactory(
            parent=review_index, title=f"Child {day}", publication_date=datetime.date(2016, 1, day)
        )

    response = client.get(review_index.url)

    shown = [review.title for review in response.context["scr_reviews"]]
    assert shown == [f"Child {day}" for day in range(12, 2, -1)]
    assert '<a href="?type=scr">See all 12 Serious Case Reviews</a>' in response.content.decode()
    assert len(client.get(review_index.url + "?type=scr").context["results"]) == 12


def test_each_section_counts_and_shortens_its_own_kind_and_keeps_learning_links(client, review_index):
    csprs = [
        CSPRPageFactory(
            parent=review_index, title=f"Young Person {day}", publication_date=datetime.date(2021, 3, day)
        )
        for day in range(1, 13)
    ]
    LearningPageFactory(parent=review_index, review=csprs[-1])
    for day in range(1, 4):
        SCRPageFactory(
            parent=review_index, title=f"Child {day}", publication_date=datetime.date(2016, 1, day)
        )

    response = client.get(review_index.url)
    html = response.content.decode()

    assert [review.title for review in response.context["cspr_reviews"]] == [
        f"Young Person {day}" for day in range(12, 2, -1)
    ]
    assert [review.title for review in response.context["scr_reviews"]] == ["Child 3", "Child 2", "Child 1"]
    assert '<a href="?type=cspr">See all 12 Child Safeguarding Practice Reviews</a>' in html
    assert "See all 3 Serious Case Reviews" not in html
    assert 'Learning on a Page<span class="visually-hidden"> for Young Person 12</span>' in html


@pytest.mark.parametrize("query", [{}, {"q": "child"}, {"type": "cspr"}])
def test_every_card_links_to_the_address_wagtail_gives_the_page(client, review_index, query):
    cspr = CSPRPageFactory(parent=review_index, title="Child A", slug="child-a-2024")
    learning = LearningPageFactory(parent=review_index, review=cspr, slug="child-a-learning")

    html = client.get(review_index.url, query).content.decode()

    assert f'<a href="{cspr.url}">Child A</a>' in html
    assert cspr.url == f"{review_index.url}child-a-2024/"
    if not query:
        assert f'<a href="{learning.url}">Learning on a Page' in html


def test_related_reviews_link_to_the_address_wagtail_gives_each(client, review_index):
    neglect = ThemeFactory(name="Neglect")
    review = CSPRPageFactory(parent=review_index, title="Child A", themes=[neglect])
    related = SCRPageFactory(parent=review_index, title="Child B", themes=[neglect])

    html = client.get(review.url).content.decode()

    assert f'<a href="{related.url}">Child B</a>' in html
