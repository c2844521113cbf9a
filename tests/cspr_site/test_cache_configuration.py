"""The site, its home page and its settings are found once per generation, and a change shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from cspr_site.models import PartnershipSettings
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
