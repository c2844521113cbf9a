"""Takedown dates: only administrators set them, and never inside the window."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, PageLogEntry
from wagtail.test.utils.form_data import querydict_from_html

from reviews.editorial.groups import ADMINISTRATORS_GROUP
from reviews.window import rules

pytestmark = pytest.mark.django_db


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@pytest.fixture
def staff_editor(django_user_model, home_page):
    """A member of staff who may edit and publish pages but not schedule takedowns."""
    group = Group.objects.create(name="Staff editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    user = django_user_model.objects.create_user(username="editor", email="editor@example.org")
    user.groups.add(group)
    return user


@pytest.fixture
def partnership_administrator(django_user_model, home_page):
    user = django_user_model.objects.create_user(username="administrator", email="admin2@example.org")
    user.groups.add(Group.objects.get(name=ADMINISTRATORS_GROUP))
    return user


def test_a_takedown_date_inside_the_window_is_refused_next_to_the_field(admin_client, in_window_review):
    too_early = in_window_review.earliest_takedown - datetime.timedelta(days=30)
    data = edit_form(admin_client, in_window_review)
    data["expire_at"] = local_input(too_early)
    data["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert response.status_code == 200
    errors = response.context["form"].errors["expire_at"]
    assert errors == [rules.stay_public_message(in_window_review)]
    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is None
    assert in_window_review.live


def test_saving_a_draft_with_a_takedown_date_inside_the_window_is_refused_too(admin_client, in_window_review):
    data = edit_form(admin_client, in_window_review)
    data["expire_at"] = local_input(in_window_review.earliest_takedown - datetime.timedelta(days=1))

    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert "This review must stay public until at least" in str(response.context["form"].errors["expire_at"])
    assert in_window_review.get_latest_revision().content.get("expire_at") is None


def test_an_administrator_can_schedule_the_takedown_for_the_end_of_the_window(
    client, partnership_administrator, in_window_review
):
    client.force_login(partnership_administrator)
    takedown = in_window_review.earliest_takedown + datetime.timedelta(minutes=1)
    data = edit_form(client, in_window_review)
    data["expire_at"] = local_input(takedown)
    data["action-publish"] = "action-publish"

    response = client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert response.status_code == 302
    in_window_review.refresh_from_db()
    assert in_window_review.expire_at == takedown.replace(second=0, microsecond=0)
    entry = PageLogEntry.objects.get(page=in_window_review, action="reviews.takedown.scheduled")
    assert entry.user == partnership_administrator


def test_the_earliest_takedown_shown_to_an_administrator_is_accepted_when_entered(
    client, partnership_administrator, in_window_review
):
    client.force_login(partnership_administrator)
    html = client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()
    shown = rules.format_moment(in_window_review.earliest_takedown)
    assert f"Earliest allowed: {shown}." in html
    data = querydict_from_html(html, form_id="page-edit-form")
    data["expire_at"] = local_input(in_window_review.earliest_takedown)
    data["action-publish"] = "action-publish"

    response = client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert response.status_code == 302
    in_window_review.refresh_from_db()
    assert rules.format_moment(in_window_review.expire_at) == shown


def test_an_administrator_can_clear_a_takedown_date_and_it_is_logged(admin_client, in_window_review):
    in_window_review.expire_at = in_window_review.earliest_takedown + datetime.timedelta(days=30)
    in_window_review.save_revision().publish()
    data = edit_form(admin_client, in_window_review)
    data["expire_at"] = ""
    data["action-publish"] = "action-publish"

    admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is None
    assert PageLogEntry.objects.filter(page=in_window_review, action="reviews.takedown.cleared").exists()


def test_staff_without_the_permission_do_not_see_the_takedown_field(client, staff_editor, in_window_review):
    client.force_login(staff_editor)

    data = edit_form(client, in_window_review)

    assert "expire_at" not in data
    assert "go_live_at" in data


def test_a_takedown_date_posted_by_staff_without_the_permission_is_refused_not_dropped(
    client, staff_editor, in_window_review
):
    client.force_login(staff_editor)
    data = edit_form(client, in_window_review)
    data["title"] = "Young Person A (edited)"
    data["expire_at"] = local_input(in_window_review.earliest_takedown + datetime.timedelta(days=400))
    data["action-publish"] = "action-publish"

    response = client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert response.status_code == 200
    assert "Only partnership administrators can set, change or clear a takedown date" in str(
        response.context["form"].non_field_errors()
    )
    in_window_review.refresh_from_db()
    assert in_window_review.title == "Young Person A"
    assert in_window_review.expire_at is None


def test_the_editor_shows_live_since_and_the_earliest_takedown(admin_client, in_window_review):
    html = admin_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()

    assert "Live since" in html
    assert in_window_review.earliest_takedown.strftime("%-d %B %Y") in html


def test_saving_the_schedule_of_a_live_page_sets_its_takedown_date_at_once_and_nothing_else(
    client, partnership_administrator, in_window_review, messages_of
):
    client.force_login(partnership_administrator)
    takedown = in_window_review.earliest_takedown + datetime.timedelta(days=30)
    data = edit_form(client, in_window_review)
    data["title"] = "Young Person A (draft wording)"
    data["expire_at"] = local_input(takedown)

    response = client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)  # "Save schedule"

    assert response.status_code == 302
    in_window_review.refresh_from_db()
    assert in_window_review.expire_at == takedown.replace(second=0, microsecond=0)
    assert in_window_review.title == "Young Person A"
    assert in_window_review.has_unpublished_changes
    assert (
        f"“Young Person A (draft wording)” will be taken down on {rules.format_moment(takedown)}."
        in " ".join(messages_of(response))
    )
    entry = PageLogEntry.objects.get(page=in_window_review, action="reviews.takedown.scheduled")
    assert entry.user == partnership_administrator


def test_clearing_the_takedown_date_of_a_live_page_applies_at_once(admin_client, in_window_review):
    in_window_review.expire_at = in_window_review.earliest_takedown + datetime.timedelta(days=30)
    in_window_review.save_revision().publish()
    data = edit_form(admin_client, in_window_review)
    data["expire_at"] = ""

    admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is None


def test_a_too_early_takedown_date_is_refused_in_the_banner_at_the_top(
    admin_client, in_window_review, messages_of
):
    data = edit_form(admin_client, in_window_review)
    data["expire_at"] = local_input(in_window_review.earliest_takedown - datetime.timedelta(days=1))

    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", data)

    assert response.status_code == 200
    assert f"The takedown date was not saved. {rules.stay_public_message(in_window_review)}" in messages_of(
        response
    )
    in_window_review.refresh_from_db()
    assert in_window_review.expire_at is None


def test_the_schedule_dialog_of_a_live_page_says_the_takedown_date_applies_when_saved(
    admin_client, in_window_review
):
    html = admin_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()

    assert "Saving the schedule sets the takedown date on the live page at once" in html
    assert "Schedule to publish&quot; option" not in html and 'the "Schedule to publish" option' not in html
