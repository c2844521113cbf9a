"""`check_publication_windows` finds what no guard stopped, tells administrators once, else is quiet."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Collection

from reviews.models import WindowCheck
from reviews.window.invariant import breaches

pytestmark = pytest.mark.django_db


def run_check():
    out, err = StringIO(), StringIO()
    try:
        call_command("check_publication_windows", stdout=out, stderr=err)
    except CommandError as failed:
        return False, out.getvalue(), err.getvalue() + str(failed)
    return True, out.getvalue(), err.getvalue()


def raw_sql(statement, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_the_check_is_quiet_when_every_review_in_its_window_is_public(
    in_window_review, in_window_learning_page, administrator_user, mailoutbox
):
    held, out, err = run_check()

    assert held and out == "" and err == ""
    assert mailoutbox == []
    assert WindowCheck.objects.get().breaches == []


def test_the_check_finds_a_review_taken_down_by_a_raw_sql_update(
    in_window_review, administrator_user, mailoutbox
):
    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", False, in_window_review.pk)

    held, _out, err = run_check()

    assert not held
    assert "“Young Person A”: It is not live." in err
    assert [message.to for message in mailoutbox] == [[administrator_user.email]]
    assert "Young Person A" in mailoutbox[0].body
    assert WindowCheck.objects.get().breaches[0]["page_id"] == in_window_review.pk


def test_the_check_finds_a_privacy_restriction_written_behind_every_guard(review_index, in_window_review):
    raw_sql(
        "INSERT INTO wagtailcore_pageviewrestriction (page_id, restriction_type, password)"
        " VALUES (%s, %s, %s)",
        review_index.pk,
        "login",
        "",
    )

    found = breaches(in_window_review)

    assert [breach.what for breach in found] == [
        f"“{review_index.title}” is private (Private, accessible to any logged-in users).",
        f"Its address {in_window_review.get_full_url()} answers 302 instead of the page.",
        # A document follows its page: with the page private, the public cannot download it either.
        f"Its report “{in_window_review.report.title}” answers 404 at {in_window_review.report.url}.",
    ]


def test_the_check_finds_a_report_made_private_by_a_fixture_load(in_window_review, tmp_path):
    root = Collection.get_first_root_node()
    fixture = tmp_path / "private.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "wagtailcore.collectionviewrestriction",
                    "pk": 900,
                    "fields": {
                        "collection": root.pk,
                        "restriction_type": "login",
                        "password": "",
                        "groups": [],
                    },
                }
            ]
        )
    )

    call_command("loaddata", str(fixture), stdout=StringIO())

    found = breaches(in_window_review)
    assert any("is in a private collection" in breach.what for breach in found)


def test_administrators_are_emailed_when_the_problems_change_not_on_every_run(
    in_window_review, administrator_user, mailoutbox
):
    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", False, in_window_review.pk)

    run_check()
    run_check()
    assert len(mailoutbox) == 1

    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", True, in_window_review.pk)
    assert run_check()[0]
    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", False, in_window_review.pk)
    run_check()
    assert len(mailoutbox) == 2


def test_administrators_see_a_warning_on_the_dashboard_while_anything_is_broken(
    in_window_review, administrator_user, editor_user, client_for
):
    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", False, in_window_review.pk)
    run_check()

    dashboard = client_for(administrator_user).get("/admin/").content.decode()
    assert "Reviews that must be public are not" in dashboard
    assert "Young Person A</a>: It is not live." in dashboard
    assert (
        "Reviews that must be public are not" not in client_for(editor_user).get("/admin/").content.decode()
    )

    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", True, in_window_review.pk)
    run_check()
    assert (
        "Reviews that must be public are not"
        not in client_for(administrator_user).get("/admin/").content.decode()
    )


def test_a_review_withdrawn_on_purpose_is_not_a_problem(in_window_review, administrator_user, client_for):
    client_for(administrator_user).post(
        f"/admin/reviews/withdraw/{in_window_review.pk}/",
        {"reason": "A court order requires it.", "confirm": "on"},
    )

    assert run_check()[0]


def test_a_mail_that_could_not_be_sent_is_tried_again_on_the_next_run(
    in_window_review, administrator_user, mailoutbox, settings
):
    raw_sql("UPDATE wagtailcore_page SET live = %s WHERE id = %s", False, in_window_review.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    held, _out, err = run_check()

    assert not held and "It is not live." in err
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_check()
    assert len(mailoutbox) == 1
