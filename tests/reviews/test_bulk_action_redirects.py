"""A refused bulk action sends people back only to an address on this site, whatever `next` says."""

from urllib.parse import quote

import pytest

from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db

OFF_SITE = [
    "https://elsewhere.example/",
    "//elsewhere.example/",
    "/\\elsewhere.example/",
    "https:elsewhere.example",
    "javascript:alert(1)",
]


def refused(client, action, ids, next_url, data):
    query = "&".join(f"id={pk}" for pk in ids)
    return client.post(f"/admin/bulk/wagtailcore/page/{action}/?{query}&next={quote(next_url)}", data)


@pytest.mark.parametrize("next_url", OFF_SITE)
@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_a_refused_takedown_ignores_an_off_site_next(
    admin_client, review_index, in_window_review, action, next_url
):
    response = refused(admin_client, action, [review_index.pk], next_url, {"include_descendants": "on"})

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"


@pytest.mark.parametrize("next_url", OFF_SITE)
def test_a_refused_bulk_publish_ignores_an_off_site_next(admin_client, review_index, next_url):
    review = CSPRPageFactory(parent=review_index, published=False, panel_notified_on=None)

    response = refused(admin_client, "publish", [review.pk], next_url, {"include_descendants": ""})

    assert response.status_code == 302
    assert response["Location"] == "/admin/pages/"


def test_a_refused_bulk_action_keeps_a_next_on_this_site(admin_client, review_index, in_window_review):
    next_url = f"/admin/pages/{review_index.pk}/"

    response = refused(admin_client, "unpublish", [review_index.pk], next_url, {"include_descendants": "on"})

    assert response["Location"] == next_url
