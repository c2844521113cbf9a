"""The editor, its panels and the reports show what is stored: after refusals, schedules, reinstatements."""

import datetime
import re

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from reviews.window import rules
from reviews.window.actions import WithdrawPageAction
from tests.reviews.workflow_steps import edit_form

pytestmark = pytest.mark.django_db


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def scheduled_takedown_shown(html):
    """What the Publication window panel says under "Scheduled takedown"."""
    found = re.search(r"<dt>Scheduled takedown</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert found, "no Publication window panel"
    return " ".join(found.group(1).split())


def save_schedule(client, page, expire_at):
    """What "Save schedule" in the schedule dialog sends: the whole form, saved as a draft."""
    data = edit_form(client, page)
    data["expire_at"] = local_input(expire_at) if expire_at else ""
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_a_refused_takedown_date_is_not_shown_as_scheduled_and_is_refused_in_one_banner(
    administrator_client, in_window_review, messages_of
):
    too_early = in_window_review.earliest_takedown - datetime.timedelta(days=30)

    response = save_schedule(administrator_client, in_window_review, too_early)

    assert response.status_code == 200
    html = response.content.decode()
    assert scheduled_takedown_shown(html) == "None"
    assert f"{too_early:%-d %B %Y}" not in scheduled_takedown_shown(html)
    assert messages_of(response) == [
        f"The takedown date was not saved. {rules.stay_public_message(in_window_review)}"
    ]
    assert "could not be saved due to validation errors" not in html


def test_a_saved_schedule_leaves_no_draft_behind(administrator_client, in_window_review):
    takedown = in_window_review.earliest_takedown + datetime.timedelta(days=1)

    assert save_schedule(administrator_client, in_window_review, takedown).status_code == 302

    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is not None
    assert not in_window_review.has_unpublished_changes
    assert in_window_review.live_revision_id == in_window_review.latest_revision_id
    assert in_window_review.status_string == "live"
    html = administrator_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()
    assert f"{timezone.localtime(takedown):%-d %B %Y}" in scheduled_takedown_shown(html)


def test_a_schedule_saved_with_other_changes_keeps_them_as_a_draft(administrator_client, in_window_review):
    data = edit_form(administrator_client, in_window_review)
    data["expire_at"] = local_input(in_window_review.earliest_takedown + datetime.timedelta(days=1))
    data["title"] = "Young Person A (revised)"

    assert administrator_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data).status_code == 302

    in_window_review.refresh_from_db()
    assert in_window_review.title == "Young Person A"
    assert in_window_review.has_unpublished_changes


def test_after_reinstatement_the_editor_its_panel_and_the_live_page_agree_on_the_takedown_date(
    administrator, administrator_client, in_window_review
):
    takedown = in_window_review.earliest_takedown + datetime.timedelta(days=10)
    assert save_schedule(administrator_client, in_window_review, takedown).status_code == 302
    in_window_review.refresh_from_db()
    WithdrawPageAction(in_window_review, administrator, "A court order requires it.").execute()

    response = administrator_client.post(
        f"/admin/reviews/reinstate/{in_window_review.pk}/",
        {"reason": "The court order was lifted on appeal.", "confirm": "on"},
    )

    assert response.status_code == 302
    in_window_review.refresh_from_db()
    assert in_window_review.live
    assert in_window_review.expire_at is None
    assert in_window_review.get_latest_revision().content["expire_at"] is None
    assert not in_window_review.has_unpublished_changes
    html = administrator_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()
    assert edit_form(administrator_client, in_window_review)["expire_at"] == ""
    assert scheduled_takedown_shown(html).startswith("None – last changed by")
    cleared = PageLogEntry.objects.filter(page=in_window_review, action=rules.TAKEDOWN_CLEARED_ACTION).latest(
        "timestamp"
    )
    assert cleared.user == administrator
    report = administrator_client.get("/admin/reports/publication-windows/").content.decode()
    assert f"{timezone.localtime(takedown):%-d %B %Y}" not in report
