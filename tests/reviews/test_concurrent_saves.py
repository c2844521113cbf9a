"""Saves that overlap, such as the editor's autosave and "Save schedule", are safe and never answer 500."""

import datetime

import pytest
from django.utils import timezone

from tests.reviews.workflow_steps import edit_form

pytestmark = pytest.mark.django_db


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def autosave(client, page, data):
    return client.post(f"/admin/pages/{page.pk}/edit/", data, headers={"accept": "application/json"})


def test_an_autosave_sent_after_save_schedule_from_an_older_form_is_answered_not_failed(
    administrator_client, in_window_review
):
    """The autosave's form was loaded before the schedule was saved: it is out of date."""
    takedown = in_window_review.earliest_takedown + datetime.timedelta(days=3)
    stale = edit_form(administrator_client, in_window_review)
    schedule = stale.copy()
    schedule["expire_at"] = local_input(takedown)

    assert administrator_client.post(f"/admin/pages/{in_window_review.pk}/edit/", schedule).status_code == 302
    response = autosave(administrator_client, in_window_review, stale)

    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is not None


def test_save_schedule_sent_after_an_autosave_keeps_the_date_and_the_autosaved_content(
    administrator_client, in_window_review
):
    takedown = in_window_review.earliest_takedown + datetime.timedelta(days=3)
    form = edit_form(administrator_client, in_window_review)
    form["expire_at"] = ""
    form["title"] = "Young Person A (autosaved)"

    autosaved = autosave(administrator_client, in_window_review, form)
    assert autosaved.status_code == 200, autosaved.content
    form["expire_at"] = local_input(takedown)
    form["overwrite_revision_id"] = str(autosaved.json()["revision_id"])
    response = administrator_client.post(f"/admin/pages/{in_window_review.pk}/edit/", form)

    assert response.status_code == 302
    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is not None
    assert in_window_review.get_latest_revision().content["title"] == "Young Person A (autosaved)"
