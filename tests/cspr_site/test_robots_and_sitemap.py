"""robots.txt and sitemap.xml tell search engines what is public, and nothing that was taken down."""

import datetime

import pytest
from django.utils import timezone

from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

pytestmark = pytest.mark.django_db


def test_robots_txt_allows_everything_and_points_to_the_sitemap(client, home_page):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "",
        "Sitemap: http://localhost/sitemap.xml",
    ]


def test_sitemap_lists_live_reviews_and_learning_but_not_taken_down_pages(client, review_index):
    review = CSPRPageFactory(parent=review_index, title="Young Person A")
    learning = LearningPageFactory(parent=review_index, review=review)
    gone = SCRPageFactory(parent=review_index, title="Child WR")
    type(gone).objects.filter(pk=gone.pk).update(live_since=timezone.now() - datetime.timedelta(days=800))
    gone.refresh_from_db()
    gone.unpublish()

    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"<loc>{review.full_url}</loc>" in sitemap
    assert f"<loc>{learning.full_url}</loc>" in sitemap
    assert f"<loc>{review_index.full_url}</loc>" in sitemap
    assert "child-wr" not in sitemap
    assert client.get(gone.url).status_code == 410
