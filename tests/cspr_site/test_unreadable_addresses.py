"""An address with a NUL byte or a control character is "not found" on every database, never a 500."""

import pytest
from django.test import Client

from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/%00",
    "/child-safeguarding-practice-reviews/%00/",
    "/child-safeguarding-practice-reviews/child-n/%00/",
    "/child-safeguarding-practice-reviews/child-n/report/%00",
    "/child-safeguarding-practice-reviews/%01/",
    "/child-safeguarding-practice-reviews/child-n%7f/",
    "/documents/1/%00.pdf",
    "/documents/%00/report.pdf",
    "/media/images/chart%00.png",
    "/static/styles%00.css",
]
ADMIN_ADDRESSES = ["/admin/pages/%00/", "/admin/documents/edit/%00/"]
# Query strings are read as plain text by the views (a NUL in a search is a space).
QUERY_STRINGS = [
    "/child-safeguarding-practice-reviews/?q=%00",
    "/child-safeguarding-practice-reviews/?theme%00=neglect",
    "/child-safeguarding-practice-reviews/feed/?q=a%00b",
    "/sitemap.xml?page=%00",
    "/admin/pages/search/?q=%00",
    "/admin/documents/?q=%00",
    "/admin/pages/?q=%00",
    "/admin/reports/publication-windows/?status=%00",
    "/admin/reports/site-history/?q=%00",
    "/admin/login/?next=%00",
]


@pytest.fixture
def review(review_index):
    return CSPRPageFactory(parent=review_index, title="Child N", slug="child-n")


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_visitor_gets_not_found(review, address):
    response = Client().get(address)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("address", ADDRESSES + ADMIN_ADDRESSES)
def test_signed_in_staff_get_not_found_too(review, admin_client, address):
    assert admin_client.get(address).status_code == 404


@pytest.mark.parametrize("address", QUERY_STRINGS)
def test_a_nul_in_a_query_string_is_never_a_server_error(review, admin_client, address):
    for client in (Client(), admin_client):
        assert client.get(address).status_code in (200, 302, 404), address


def test_the_not_found_answer_carries_the_sites_security_headers(review):
    response = Client().get("/child-safeguarding-practice-reviews/%00/")

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "address", ["/child-safeguarding-practice-reviews/child-n/", "/?q=caf%C3%A9%20%E2%80%93"]
)
def test_ordinary_addresses_are_unaffected(review, address):
    assert Client().get(address).status_code == 200
