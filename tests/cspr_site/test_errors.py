"""In production an error shows the site's own page, never a traceback or the error's text."""

import pytest
from django.test import Client, override_settings
from django.urls import include, path

from tests.cspr_site import production_settings

pytestmark = pytest.mark.django_db

SECRET_DETAIL = "database password is hunter2"


def broken_view(request):
    raise RuntimeError(SECRET_DETAIL)


# This module is also the URLconf of these tests: the site's own URLs plus one view that fails.
urlpatterns = [path("broken/", broken_view), path("", include("cspr_site.urls"))]


@pytest.fixture
def production():
    with production_settings.production_responses(DJANGO_DEBUG="true") as values:
        with override_settings(ROOT_URLCONF=__name__):
            yield values


def test_production_never_turns_debug_on(production):
    assert production["DEBUG"] is False


def test_a_failing_view_shows_the_sites_own_500_page(production, home_page):
    response = Client(raise_request_exception=False).get("/broken/", secure=True)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with this service" in html
    assert "Traceback" not in html and SECRET_DETAIL not in html and "RuntimeError" not in html
    assert "unsafe" not in response["Content-Security-Policy"]


def test_an_unknown_address_shows_the_sites_own_404_page(production, home_page):
    response = Client().get("/no-such-review/", secure=True)

    html = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in html
    assert "Using the URLconf" not in html and "Traceback" not in html
