"""The demo loader gives a fresh site content to browse and never disturbs what is there."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, Site

from cspr_site.models import HomePage, InformationPage
from learning.models import LearningPage
from reviews.models import CSPRPage, ReviewIndexPage, SCRPage, Theme

SCR_TITLES = {"Child WR", "Child A & B", "Harry", "Baby F", "Child G"}

pytestmark = pytest.mark.django_db


def load_demo_content():
    output = StringIO()
    call_command("load_demo_content", stdout=output)
    return output.getvalue()


def content_counts():
    return {
        "pages": Page.objects.count(),
        "documents": get_document_model().objects.count(),
        "themes": Theme.objects.count(),
        "revisions": Revision.objects.count(),
    }


def test_loads_the_reviews_index_reviews_and_learning_page():
    load_demo_content()

    index = ReviewIndexPage.objects.get(slug="child-safeguarding-practice-reviews")
    assert index.live
    assert index.get_url() == "/child-safeguarding-practice-reviews/"

    cspr = CSPRPage.objects.live().get()
    assert cspr.title == "Young Person A"
    assert set(SCRPage.objects.live().values_list("title", flat=True)) == SCR_TITLES
    assert SCRPage.objects.count() == len(SCR_TITLES)

    learning_page = LearningPage.objects.live().get(slug="young-person-a-learning-on-a-page")
    assert learning_page.reviewed_page == cspr

    for review in [cspr, *SCRPage.objects.all()]:
        assert review.themes.exists()
        with review.report.open_file() as report:
            assert report.read(4) == b"%PDF"


def test_running_twice_adds_nothing():
    load_demo_content()
    before = content_counts()

    output = load_demo_content()

    assert content_counts() == before
    assert "Pages: 0 created" in output


def test_leaves_pages_an_editor_has_changed_alone():
    load_demo_content()
    harry = SCRPage.objects.get(slug="harry")
    harry.title = "Harry (revised report)"
    harry.save_revision().publish()

    load_demo_content()

    harry.refresh_from_db()
    assert harry.title == "Harry (revised report)"
    assert harry.live


def test_default_site_serves_the_home_page():
    load_demo_content()

    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_every_demo_page_renders_and_every_report_downloads(client):
    load_demo_content()

    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert {type(page) for page in pages} == {
        HomePage,
        InformationPage,
        ReviewIndexPage,
        CSPRPage,
        SCRPage,
        LearningPage,
    }
    for page in pages:
        assert client.get(page.url).status_code == 200, page.url
    for document in get_document_model().objects.all():
        response = client.get(document.url)
        assert response.status_code == 200, document.url
        # The public gets the cleaned copy (no document information) as a whole response.
        assert b"".join(response).startswith(b"%PDF")


def test_index_lists_the_six_demo_reviews_in_their_sections_with_the_learning_page(client):
    load_demo_content()

    response = client.get("/child-safeguarding-practice-reviews/")

    assert [review.title for review in response.context["cspr_reviews"]] == ["Young Person A"]
    assert {review.title for review in response.context["scr_reviews"]} == SCR_TITLES
    assert 'href="/child-safeguarding-practice-reviews/young-person-a-learning-on-a-page/"' in (
        response.content.decode()
    )


def test_young_person_a_has_a_web_version_of_the_report_marked_as_a_sample(client):
    load_demo_content()
    review = CSPRPage.objects.get(slug="young-person-a")

    response = client.get(f"{review.url}report/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "This is a sample report written for demonstration." in html
    assert 'id="recommendation-4"' in html
    assert f'href="{review.url}report/"' in client.get(review.url).content.decode()


def test_the_accessibility_statement_says_what_the_regulations_ask_for(client):
    load_demo_content()

    statement = client.get("/accessibility-statement/").content.decode()

    assert "Compliance status" in statement and "partially compliant" in statement
    assert "This statement was prepared on 1 December 2026" in statement
    assert "last reviewed on" in statement
    assert "in another format" in statement and "reply within 5 working days" in statement
    assert "Enforcement procedure" in statement
    assert "Equality Advisory and Support Service (EASS)" in statement


def test_every_page_links_the_accessibility_statement_privacy_notice_and_contact_page(client):
    load_demo_content()

    footer = client.get("/child-safeguarding-practice-reviews/").content.decode().split("<footer")[1]

    for address, title in [
        ("/accessibility-statement/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/contact/", "Contact the partnership"),
    ]:
        assert f'<a href="{address}">{title}</a>' in footer
        assert client.get(address).status_code == 200


def test_the_demo_partnership_has_a_childrens_services_contact_that_reaches_nobody_real(client):
    load_demo_content()

    footer = client.get("/").content.decode().split("<footer")[1]

    assert '<a href="tel:01632960100">01632 960100</a>' in footer  # Ofcom's range for drama


def test_the_list_introduction_carries_the_three_facts_of_the_reference_page():
    load_demo_content()

    introduction = ReviewIndexPage.objects.get().introduction

    assert "Child Safeguarding Practice Review Panel" in introduction
    assert "three safeguarding partners" in introduction
    assert "Local areas no longer carry out Serious Case Reviews" in introduction
    assert "Working Together to Safeguard Children 2023" in introduction


def test_the_list_introductions_help_text_asks_editors_for_the_same_facts(admin_client):
    load_demo_content()
    index = ReviewIndexPage.objects.get()

    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[index.pk])).content.decode()

    assert "rests nationally with the Child Safeguarding Practice Review Panel" in html
    assert "no longer carry out Serious Case Reviews" in html
    assert "Working Together to Safeguard Children 2023" in html
