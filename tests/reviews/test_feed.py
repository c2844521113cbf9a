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
    assert response["Content-Type"].startswith("application/atom+xml")
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
    assert links == {"alternate": review_index.full_url, "self": f"http://localhost{FEED_URL}"}
