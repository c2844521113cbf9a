"""Search reads the web report too, and a result says which section of the report matched."""

import pytest

from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

pytestmark = pytest.mark.django_db

BODY = [
    {"type": "heading", "value": {"text": "Introduction", "level": "h2"}},
    {"type": "text", "value": "<p>How the agencies worked together.</p>"},
    {"type": "heading", "value": {"text": "Injuries to babies", "level": "h2"}},
    {"type": "text", "value": "<p>Any bruising in non-mobile babies must lead to a referral.</p>"},
]


def test_words_only_in_a_report_find_the_review_and_name_the_section_that_matched(client, review_index):
    review = CSPRPageFactory(parent=review_index, title="Baby F", report_body=BODY)
    SCRPageFactory(parent=review_index, title="Child WR")

    response = client.get(review_index.url, {"q": "bruising in non-mobile babies"})

    rows = list(response.context["results"].object_list)
    assert [row.title for row in rows] == ["Baby F"]
    assert rows[0].matched_section == ("Injuries to babies", "injuries-to-babies")
    html = response.content.decode()
    assert f'<a href="{review.url}report/#injuries-to-babies">Injuries to babies</a>' in html


def test_a_result_found_by_its_summary_names_no_section(client, review_index):
    CSPRPageFactory(parent=review_index, title="Baby F", report_body=BODY, summary="<p>Neglect at home.</p>")

    response = client.get(review_index.url, {"q": "neglect"})

    rows = list(response.context["results"].object_list)
    assert [row.title for row in rows] == ["Baby F"]
    assert rows[0].matched_section is None
    assert "Found in the report" not in response.content.decode()


def test_a_draft_report_is_not_searchable_until_it_is_published(client, review_index):
    review = CSPRPageFactory(parent=review_index, title="Baby F")
    draft = review.get_latest_revision_as_object()
    draft.report_body = BODY
    draft.save_revision()

    assert list(client.get(review_index.url, {"q": "non-mobile"}).context["results"].object_list) == []
