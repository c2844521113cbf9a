"""Small things on the staff screens: what comes first on the dashboard and in the CSPR form."""

import pytest

from tests.reviews.factories import SCRPageFactory
from tests.reviews.workflow_steps import submit

pytestmark = pytest.mark.django_db


def test_an_editors_dashboard_shows_their_submissions_before_the_reports_to_make_accessible(
    review_index, editor_user, client_for
):
    editor = client_for(editor_user)
    # A review with no web version: the accessibility panel has a row.
    submit(editor, SCRPageFactory(parent=review_index, title="Child D", published=False))

    html = editor.get("/admin/").content.decode()

    assert "Reports not yet accessible" in html
    assert html.index("Your submissions awaiting action") < html.index("Reports not yet accessible")


def test_the_date_the_report_went_to_the_panel_is_asked_beside_the_publication_date(
    review_index, editor_user, client_for
):
    html = (
        client_for(editor_user).get(f"/admin/pages/add/reviews/csprpage/{review_index.pk}/").content.decode()
    )

    notice = html.index('name="panel_notified_on"')
    assert html.index('name="publication_date"') < notice < html.index('name="summary"')
