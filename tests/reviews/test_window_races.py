"""A privacy change and a move under way at the same moment cannot together hide an in-window review.

Each check reads the tree and then writes, so two people (or a person and a script) could each pass
their check before the other commits. These tests hold one transaction open in a thread while the
other change runs, the way two admin requests overlap on a real server.
"""

import threading
import time

import pytest
from django.db import connection, transaction
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from tests.reviews.factories import ReviewIndexPageFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are PostgreSQL's; SQLite lets one writer at a time in by itself",
    ),
]


def in_a_thread(work):
    """Run `work` on its own database connection, keeping what it returned or raised."""
    outcome = {}

    def run():
        try:
            outcome["result"] = work()
        except Exception as error:  # the test reads what was raised
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def wait_until_blocked_or_done(thread, seconds=20):
    """Wait until the thread has finished or another connection is waiting for a row lock."""
    deadline = time.monotonic() + seconds
    while thread.is_alive() and time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)


@pytest.fixture
def staff_area(home_page):
    """A second reviews section, where a review may be moved: only privacy could hide it there."""
    return ReviewIndexPageFactory(parent=home_page, slug="staff-area", title="Staff area")


def test_a_move_under_way_while_a_page_is_made_private_is_refused(
    staff_area, in_window_review, superuser, assert_still_public
):
    restricted, release = threading.Event(), threading.Event()

    def make_private():
        with transaction.atomic():
            PageViewRestriction.objects.create(page=staff_area, restriction_type=PageViewRestriction.LOGIN)
            restricted.set()
            release.wait(30)

    def move_review():
        client = Client()
        client.force_login(superuser)
        return client.post(f"/admin/pages/{in_window_review.pk}/move/{staff_area.pk}/confirm/")

    privacy, _ = in_a_thread(make_private)
    assert restricted.wait(30)
    move, moved = in_a_thread(move_review)
    wait_until_blocked_or_done(move)
    release.set()
    privacy.join(30)
    move.join(30)

    assert "error" not in moved, moved
    assert Page.objects.get(pk=in_window_review.pk).get_parent().pk != staff_area.pk
    assert_still_public(in_window_review)


def test_making_a_page_private_while_a_review_moves_under_it_is_refused(
    staff_area, in_window_review, superuser, assert_still_public
):
    moved, release = threading.Event(), threading.Event()

    def move_review():
        with transaction.atomic():
            Page.objects.get(pk=in_window_review.pk).move(staff_area, pos="last-child")
            moved.set()
            release.wait(30)

    def make_private():
        client = Client()
        client.force_login(superuser)
        return client.post(f"/admin/pages/{staff_area.pk}/privacy/", {"restriction_type": "login"})

    move, _ = in_a_thread(move_review)
    assert moved.wait(30)
    privacy, made_private = in_a_thread(make_private)
    wait_until_blocked_or_done(privacy)
    release.set()
    move.join(30)
    privacy.join(30)

    assert not PageViewRestriction.objects.filter(page=staff_area).exists(), made_private
    assert Page.objects.get(pk=in_window_review.pk).get_parent().pk == staff_area.pk
    assert_still_public(in_window_review)
