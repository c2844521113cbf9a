"""Takedown dates belong to partnership administrators; editors and moderators neither see nor set them."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from reviews.window import rules
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


def edit_page_and_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    return html, querydict_from_html(html, form_id="page-edit-form")


@pytest.mark.parametrize("role", ["editor_user", "moderator_user"])
def test_editors_and_moderators_neither_see_nor_set_a_takedown_date(review_index, client_for, request, role):
    user = request.getfixturevalue(role)
    review = CSPRPageFactory(parent=review_index, title="Young Person A")
    client = client_for(user)

    html, data = edit_page_and_form(client, review)

    assert 'name="expire_at"' not in html
    assert "expire_at" not in data

    data["expire_at"] = timezone.localtime(review.earliest_takedown + datetime.timedelta(days=10)).strftime(
        "%Y-%m-%d %H:%M"
    )
    response = client.post(f"/admin/pages/{review.pk}/edit/", data)

    assert response.status_code == 200
    assert "Only partnership administrators can set, change or clear a takedown date" in str(
        response.context["form"].non_field_errors()
    )
    review.refresh_from_db()
    assert review.expire_at is None


def test_an_administrator_opens_a_review_from_the_report_and_schedules_its_takedown(
    review_index, administrator_user, client_for
):
    review = CSPRPageFactory(parent=review_index, title="Young Person A")
    administrator = client_for(administrator_user)

    report = administrator.get("/admin/reports/publication-windows/").content.decode()
    edit_url = f"/admin/pages/{review.pk}/edit/"
    assert re.search(rf'href="{edit_url}"[^>]*>\s*Young Person A', report)

    html, data = edit_page_and_form(administrator, review)
    earliest = rules.format_moment(review.earliest_takedown)
    help_text = re.search(r'id="[^"]*expire_at-helptext"[^>]*>\s*<div class="help">([^<]*)</div>', html)
    assert help_text and help_text[1].startswith(f"Earliest allowed: {earliest}.")

    takedown = timezone.localtime(review.earliest_takedown + datetime.timedelta(days=1)).replace(
        second=0, microsecond=0
    )
    data["expire_at"] = takedown.strftime("%Y-%m-%d %H:%M")
    data["action-publish"] = "action-publish"
    assert administrator.post(edit_url, data).status_code == 302

    review.refresh_from_db()
    assert review.expire_at == takedown
