"""The report as a web page at `<review>/report/`: contents, anchors, the PDF beside it, gone with it."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_factories import ImageFactory

from reviews.models import CSPRPage
from reviews.window.actions import WithdrawPageAction
from reviews.window.invariant import breaches
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory, report_body_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(review_index):
    return CSPRPageFactory(parent=review_index, title="Young Person A", report_body=report_body_data(2))


def test_the_report_page_lists_every_section_and_links_to_each_heading(client, review):
    response = client.get(f"{review.url}report/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="#section-1-what-happened">Section 1: what happened</a>' in html
    assert '<h2 id="section-1-what-happened">Section 1: what happened</h2>' in html
    assert '<h3 id="learning-in-period-2">Learning in period 2</h3>' in html
    assert '<a href="#footnotes">Footnotes</a>' in html
    assert 'id="recommendation-2"' in html


def test_a_wide_table_scrolls_in_its_own_labelled_keyboard_region(client, review):
    html = client.get(f"{review.url}report/").content.decode()
    assert 'role="region" tabindex="0" aria-label="Contacts with the family (scrolls sideways)"' in html
    assert '<th scope="col"' in html


def test_the_report_page_offers_the_pdf_and_says_how_long_it_stays(client, review):
    response = client.get(f"{review.url}report/")
    html = response.content.decode()
    assert review.report.url in html
    assert "Available on this site" in html
    assert f'<a href="{review.url}">Young Person A</a>' in html  # the breadcrumbs lead back to the review


def test_the_review_page_links_the_web_report_before_the_pdf(client, review):
    html = client.get(review.url).content.decode()
    assert html.index(f"{review.url}report/") < html.index(review.report.url)
    assert "Read the report" in html


def test_a_review_without_a_web_report_has_no_report_page_or_link(client, review_index):
    review = SCRPageFactory(parent=review_index)
    assert client.get(f"{review.url}report/").status_code == 404
    assert "Read the report" not in client.get(review.url).content.decode()


def test_headings_with_the_same_words_get_different_ids(client, review_index):
    body = [
        {"type": "heading", "value": {"text": "Findings", "level": "h2"}},
        {"type": "heading", "value": {"text": "Findings", "level": "h2"}},
        {"type": "heading", "value": {"text": "Contents", "level": "h2"}},
    ]
    review = CSPRPageFactory(parent=review_index, report_body=body)
    html = client.get(f"{review.url}report/").content.decode()
    assert 'id="findings"' in html and 'id="findings-2"' in html
    assert 'id="contents-2"' in html


def test_anchors_stay_the_same_when_text_before_them_changes(client, review):
    before = client.get(f"{review.url}report/").content.decode()
    assert 'id="recommendation-2"' in before
    review.report_body.insert(0, ("text", review.report_body[1].value))
    review.save_revision().publish()
    after = Client().get(f"{review.url}report/").content.decode()
    assert 'id="recommendation-2"' in after and 'id="section-2-what-happened"' in after


def test_a_withdrawn_review_answers_gone_at_its_report_address_too(review, administrator_user):
    address = f"{review.url}report/"
    WithdrawPageAction(review, administrator_user, reason="A court order requires it.").execute()
    assert Client().get(address).status_code == 410


def test_the_report_page_costs_the_same_queries_for_5_and_200_sections(
    client, review_index, django_assert_num_queries
):
    images = ImageFactory.create_batch(200, width=4, height=4)
    short = CSPRPageFactory(parent=review_index, report_body=report_body_data(5, images[:5]))
    long = CSPRPageFactory(parent=review_index, report_body=report_body_data(200, images))
    for review in (short, long):
        client.get(f"{review.url}report/")  # the first view makes the images' renditions
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{short.url}report/").status_code == 200
    with django_assert_num_queries(len(queries)):
        assert client.get(f"{long.url}report/").status_code == 200


def test_after_a_slug_change_the_old_report_address_leads_to_the_new_one(admin_client, review):
    old = f"{review.url}report/"
    data = querydict_from_html(
        admin_client.get(f"/admin/pages/{review.pk}/edit/").content.decode(), form_id="page-edit-form"
    )
    data["slug"], data["action-publish"] = "young-person-a-2025", "action-publish"
    assert admin_client.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302
    Redirect.objects.all().delete()

    response = Client().get(old)

    assert response.status_code == 301
    assert response["Location"] == f"{CSPRPage.objects.get(pk=review.pk).url}report/"
    assert breaches(CSPRPage.objects.get(pk=review.pk)) == []


def test_the_window_check_notices_a_report_address_that_stopped_answering(review):
    # The live row lost its report (a direct database change): the address now answers 404.
    CSPRPage.objects.filter(pk=review.pk).update(report_body=[])
    found = breaches(review)
    assert [breach.what for breach in found] == [
        f"Its address {review.get_full_url()}report/ answers 404 instead of the page."
    ]


def test_an_edit_posted_without_the_report_editor_keeps_the_report(admin_client, review):
    data = querydict_from_html(
        admin_client.get(f"/admin/pages/{review.pk}/edit/").content.decode(), form_id="page-edit-form"
    )
    assert "report_body-count" not in data  # the block editor adds its fields with JavaScript
    data["title"], data["action-publish"] = "Young Person A (revised)", "action-publish"

    assert admin_client.post(f"/admin/pages/{review.pk}/edit/", data).status_code == 302

    review.refresh_from_db()
    assert review.title == "Young Person A (revised)"
    assert len(review.report_body) == len(report_body_data(2))


def test_editors_can_preview_a_draft_report_as_readers_will_see_it(review):
    draft = review.get_latest_revision_as_object()
    draft.report_body = [{"type": "heading", "value": {"text": "Draft section", "level": "h2"}}]

    response = draft.make_preview_request(preview_mode="report")

    assert ("report", "Report as a web page") in draft.preview_modes
    assert '<h2 id="draft-section">Draft section</h2>' in response.render().content.decode()


def test_a_heading_with_a_recommendations_words_never_takes_its_anchor(client, review_index):
    body = [
        {"type": "heading", "value": {"text": "Recommendation 4", "level": "h2"}},
        {
            "type": "numbered",
            "value": {"kind": "recommendation", "number": 4, "text": "<p>Record bruises.</p>"},
        },
    ]
    review = CSPRPageFactory(parent=review_index, report_body=body)

    html = client.get(f"{review.url}report/").content.decode()

    assert '<h2 id="recommendation-4-2">Recommendation 4</h2>' in html
    assert '<div class="numbered numbered--recommendation" id="recommendation-4">' in html
