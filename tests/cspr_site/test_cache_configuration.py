"""The site, its home page and its settings are found once per generation, and a change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from cspr_site.models import PartnershipSettings
from reviews import remembered
from tests.cspr_site.factories import InformationPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(home_page):
    PartnershipSettings.for_site(Site.objects.get())
    return InformationPageFactory(parent=home_page, title="Accessibility statement")


def test_a_second_visit_finds_the_site_and_settings_without_asking_the_database(client, statement):
    client.get(statement.url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(statement.url).status_code == 200

    tables = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_site" not in tables
    assert "cspr_site_partnershipsettings" not in tables


def test_the_partnership_name_changed_in_settings_shows_at_once(client, statement):
    assert "Safeguarding Children Partnership" in client.get(statement.url).content.decode()

    settings = PartnershipSettings.for_site(Site.objects.get())
    settings.partnership_name = "Riverside Safeguarding Partnership"
    settings.save()

    assert "Riverside Safeguarding Partnership" in client.get(statement.url).content.decode()


def test_a_new_home_page_for_the_site_is_served_at_once(client, statement, home_page):
    site = Site.objects.get()
    assert client.get("/").context["page"].pk == home_page.pk
    other_home = InformationPageFactory(parent=home_page.get_parent(), title="New home")

    site.root_page = other_home
    site.save()

    assert client.get("/").context["page"].pk == other_home.pk


def test_a_page_made_private_is_refused_to_visitors_at_once(client, statement):
    assert client.get(statement.url).status_code == 200

    PageViewRestriction.objects.create(page=statement, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(statement.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_while_no_page_is_private_a_visit_asks_nothing_about_privacy(client, statement):
    client.get(statement.url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(statement.url).status_code == 200

    assert "wagtailcore_pageviewrestriction" not in " ".join(
        query["sql"] for query in queries.captured_queries
    )


def test_a_page_published_after_a_visit_is_found_at_once(client, statement, home_page):
    assert client.get("/cookies/").status_code == 404

    cookies = InformationPageFactory(parent=home_page, title="Cookies", slug="cookies")

    assert client.get("/cookies/").context["page"].pk == cookies.pk


def test_a_published_new_address_is_served_at_once_and_the_old_one_no_longer(client, statement):
    old_address = statement.url
    assert client.get(old_address).status_code == 200

    statement.slug = "accessibility"
    statement.save_revision().publish()

    assert client.get("/accessibility/").context["page"].pk == statement.pk
    assert client.get(old_address).status_code in (301, 302, 404)


def test_a_second_visit_routes_to_a_page_in_one_query(client, statement):
    client.get(statement.url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(statement.url).status_code == 200

    assert len(queries) == 1


def test_a_host_the_site_does_not_answer_for_is_refused_and_nothing_is_kept_for_it(
    client, statement, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    response = client.get(statement.url, headers={"host": "made-up.example"})

    assert response.status_code == 400
    assert not [key for key in remembered._kept if "made-up.example" in str(key)]
