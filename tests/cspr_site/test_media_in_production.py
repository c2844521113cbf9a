"""With the production settings, a web report's images load for visitors, only while the report is public."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail_factories import ImageFactory

from reviews.window.actions import WithdrawPageAction
from tests.cspr_site import production_settings
from tests.reviews.factories import CSPRPageFactory, report_body_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production():
    with production_settings.production_responses() as values:
        yield values


def visitor():
    """An anonymous visitor reaching the site over HTTPS, as production expects."""
    return Client(headers={"x-forwarded-proto": "https"})


@pytest.fixture
def image():
    # Wagtail keeps renditions in the cache; one kept from an earlier test would name a file
    # whose database row was rolled back.
    cache.clear()
    return ImageFactory(title="Timeline of contacts", width=40, height=30)


def image_addresses(client, review):
    response = client.get(f"{review.url}report/")
    assert response.status_code == 200
    return re.findall(r'<img[^>]+src="([^"]+)"', response.content.decode())


def test_a_visitor_sees_the_images_of_a_published_web_report(review_index, image):
    review = CSPRPageFactory(parent=review_index, report_body=report_body_data(1, [image]))

    [address] = image_addresses(visitor(), review)
    response = visitor().get(address)

    assert address.startswith("/media/images/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    with image.get_rendition("max-1200x1200").file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_images_of_a_withdrawn_review_are_gone_with_it(review_index, image, superuser):
    review = CSPRPageFactory(parent=review_index, report_body=report_body_data(1, [image]))
    [address] = image_addresses(visitor(), review)

    WithdrawPageAction(review, superuser, "A court order requires it.").execute()

    assert visitor().get(address).status_code in (404, 410)


def test_the_images_of_a_draft_are_not_served_before_it_is_published(review_index, image, admin_client):
    draft = CSPRPageFactory(parent=review_index, published=False, report_body=report_body_data(1, [image]))
    rendition = image.get_rendition("max-1200x1200")

    assert visitor().get(rendition.url).status_code == 404
    staff = admin_client.get(rendition.url, secure=True)
    assert staff.status_code == 200, "staff preview the draft"
    assert not draft.live


def test_originals_and_document_files_are_never_served_from_the_media_folder(review_index, image):
    review = CSPRPageFactory(parent=review_index, report_body=report_body_data(1, [image]))

    for address in (image.file.url, review.report.file.url, "/media/images/not-a-rendition.png"):
        assert address.startswith("/media/")
        assert visitor().get(address).status_code == 404, address
