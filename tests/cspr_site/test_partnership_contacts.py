"""Where a worried parent finds children's services, and the footer's links about the website."""

import pytest
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import querydict_from_html

from cspr_site.models import PartnershipSettings
from tests.cspr_site.factories import InformationPageFactory
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(home_page):
    partnership = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    partnership.childrens_services_phone = "01632 960100"
    partnership.childrens_services_out_of_hours_phone = "01632 960200"
    partnership.childrens_services_url = "https://www.example.org/report-a-worry"
    partnership.save()
    return partnership


def settings_address():
    site = Site.objects.get(is_default_site=True)
    return reverse("wagtailsettings:edit", args=["cspr_site", "partnershipsettings", site.pk])


def test_every_page_footer_gives_the_childrens_services_numbers_and_web_address(client, contacts):
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]

    assert "Worried about a child?" in footer
    assert '<a href="tel:01632960100">01632 960100</a>' in footer
    assert '<a href="tel:01632960200">01632 960200</a>' in footer
    assert "Evenings, weekends and bank holidays" in footer
    assert 'href="https://www.example.org/report-a-worry"' in footer
    assert 'call <a href="tel:999">999</a>' in footer


def test_the_contact_is_beside_every_review_and_learning_on_a_page(client, contacts, review_index):
    cspr = CSPRPageFactory(parent=review_index)
    pages = [cspr, SCRPageFactory(parent=review_index), LearningPageFactory(parent=review_index, review=cspr)]

    for page in pages:
        main = client.get(page.url).content.decode().split("<footer")[0]
        assert 'aria-labelledby="' in main and "-worried-heading" in main, page.url
        assert '<a href="tel:01632960100">01632 960100</a>' in main, page.url


def test_without_a_contact_the_footer_still_says_where_to_turn(client, home_page):
    footer = client.get("/").content.decode().split("<footer")[1]

    assert "Contact your local children's social care team." in footer
    assert "tel:01632" not in footer


def test_a_phone_number_that_is_not_a_number_is_refused_in_the_admin_with_a_reason(admin_client, home_page):
    form = querydict_from_html(admin_client.get(settings_address()).content.decode(), form_id="w-editor-form")
    form["childrens_services_phone"] = "call the council"

    response = admin_client.post(settings_address(), form)

    assert response.status_code == 200
    assert "Enter a phone number of digits and spaces" in response.content.decode()
    assert PartnershipSettings.objects.get().childrens_services_phone == ""


def test_an_administrator_sets_the_contact_and_footer_pages_in_partnership_settings(admin_client, home_page):
    privacy = InformationPageFactory(parent=home_page, title="Privacy notice")
    form = querydict_from_html(admin_client.get(settings_address()).content.decode(), form_id="w-editor-form")
    form["childrens_services_phone"] = "+44 1632 960100"
    form["privacy_page"] = str(privacy.pk)

    response = admin_client.post(settings_address(), form)

    assert response.status_code == 302
    footer = admin_client.get("/").content.decode().split("<footer")[1]
    assert '<a href="tel:+441632960100">+44 1632 960100</a>' in footer
    assert f'<a href="{privacy.url}">Privacy notice</a>' in footer


def test_the_footer_links_the_chosen_pages_in_order_and_skips_one_taken_offline(client, home_page):
    accessibility = InformationPageFactory(parent=home_page, title="Accessibility statement")
    privacy = InformationPageFactory(parent=home_page, title="Privacy notice")
    contact = InformationPageFactory(parent=home_page, title="Contact us")
    partnership = PartnershipSettings.for_site(Site.objects.get(is_default_site=True))
    partnership.accessibility_page, partnership.privacy_page, partnership.contact_page = (
        accessibility,
        privacy,
        contact,
    )
    partnership.save()
    privacy.unpublish()

    footer = client.get("/").content.decode().split("<footer")[1]

    assert '<nav aria-label="About this website">' in footer
    assert footer.index(f'href="{accessibility.url}"') < footer.index(f'href="{contact.url}"')
    assert f'href="{privacy.url}"' not in footer
