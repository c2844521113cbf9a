"""The Atom feed: newly published reviews for feed readers, without anything taken down."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from reviews.finding.feed import FEED_LENGTH
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED_URL = "/child-safeguarding-practice-reviews/feed/"


def read_feed(client):
    response = client.get(FEED_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return ET.fromstring(response.content)


def entry_titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_feed_lists_reviews_and_learning_on_a_page_newest_first(client, review_index):
    neglect = ThemeFactory(name="Neglect")
    young_person_a = CSPRPageFactory(
        parent=review_index,
        title="Young Person A",
        publication_date=datetime.date(2024, 9, 12),
        search_description="A practice review about exploitation.",
        themes=[neglect],
    )
    LearningPageFactory(parent=review_index, review=young_person_a)
    SCRPageFactory(parent=review_index, title="Child A & B", publication_date=datetime.date(2015, 7, 21))

    feed = read_feed(client)

    assert feed.findtext(f"{ATOM}title") == "New reviews from the Safeguarding Children Partnership"
    assert entry_titles(feed) == ["Young Person A", "Young Person A: Learning on a Page", "Child A & B"]
    first = next(feed.iter(f"{ATOM}entry"))
    assert first.find(f"{ATOM}link").get("href") == young_person_a.full_url
    assert first.findtext(f"{ATOM}summary") == "A practice review about exploitation."
    assert first.findtext(f"{ATOM}published") == "2024-09-12T00:00:00+01:00"
    assert first.findtext(f"{ATOM}id") == f"tag:localhost,2025:page/{young_person_a.pk}"
    assert [category.get("term") for category in first.iter(f"{ATOM}category")] == ["Neglect"]


def test_an_entry_without_a_search_description_is_summarised_from_its_text(client, review_index):
    review = SCRPageFactory(
        parent=review_index, summary="<p>Baby F &amp; a parent slept on a <b>sofa</b>.</p>"
    )
    LearningPageFactory(
        parent=review_index, review=review, key_learning="<ul><li>Talk about safer sleep.</li></ul>"
    )

    summaries = [entry.findtext(f"{ATOM}summary") for entry in read_feed(client).iter(f"{ATOM}entry")]

    assert summaries == ["Baby F & a parent slept on a sofa.", "Talk about safer sleep."]


def test_feed_holds_the_twenty_newest(client, review_index):
    for day in range(1, FEED_LENGTH + 3):
        SCRPageFactory(
            parent=review_index, title=f"Review {day:02}", publication_date=datetime.date(2016, 1, day)
        )

    titles = entry_titles(read_feed(client))

    assert len(titles) == FEED_LENGTH
    assert titles[0] == f"Review {FEED_LENGTH + 2:02}"


def test_taken_down_and_draft_pages_are_not_in_the_feed(client, review_index):
    gone = SCRPageFactory(parent=review_index, title="Child WR")
    SCRPageFactory(parent=review_index, title="Draft", published=False)
    SCRPageFactory(parent=review_index, title="Harry")
    type(gone).objects.filter(pk=gone.pk).update(live_since=timezone.now() - datetime.timedelta(days=800))
    gone.refresh_from_db()
    gone.unpublish()

    assert entry_titles(read_feed(client)) == ["Harry"]


def test_feed_links_back_to_the_reviews_list_and_to_itself(client, review_index):
    feed = read_feed(client)

    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links.pop("help") == "http://localhost/child-safeguarding-practice-reviews/follow/"
    assert links == {"alternate": review_index.full_url, "self": f"http://localhost{FEED_URL}"}


def test_the_feed_carries_its_stylesheet_and_a_link_to_the_page_on_how_to_follow(client, review_index):
    response = client.get(FEED_URL)
    feed = ET.fromstring(response.content)

    prologue = response.content.decode().split("<feed")[0]
    assert '<?xml-stylesheet href="/static/reviews/feed.xsl" media="screen" type="text/xsl"?>' in prologue
    help_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "help"]
    assert [link.get("href") for link in help_link] == [
        "http://localhost/child-safeguarding-practice-reviews/follow/"
    ]


def test_the_feeds_stylesheet_is_served_as_xml_and_shows_the_entries_without_inline_style():
    from django.contrib.staticfiles import finders

    stylesheet = open(finders.find("reviews/feed.xsl"), encoding="utf-8").read()

    assert 'xsl:for-each select="atom:entry"' in stylesheet
    assert "style=" not in stylesheet and "<style" not in stylesheet and "<script" not in stylesheet
    assert '<link rel="stylesheet" href="/static/css/site.css"/>' in stylesheet


def test_the_page_on_how_to_follow_gives_the_feeds_address_to_copy_and_plain_steps(client, review_index):
    response = client.get("/child-safeguarding-practice-reviews/follow/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Follow new reviews</h1>" in html
    assert (
        '<input class="field__input" type="text" id="feed-address" '
        'value="http://localhost/child-safeguarding-practice-reviews/feed/" readonly>'
    ) in html
    assert "Open your feed reader" in html
    assert f'<a href="{review_index.url}">Child Safeguarding Practice Reviews</a>' in html  # breadcrumb


def test_the_page_on_how_to_follow_answers_only_reading(client, review_index):
    assert client.post("/child-safeguarding-practice-reviews/follow/").status_code == 405
