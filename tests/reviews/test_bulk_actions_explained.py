"""Bulk actions are offered only to people who may take them, and a refused page comes with its reason."""

import re

import pytest

from reviews.window.views.bulk_actions import (
    LIVE_FOR_A_PUBLISHER,
    PUBLISH_NEEDS_MODERATION,
    UNPUBLISH_NEEDS_AN_ADMINISTRATOR,
)
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


def offered_bulk_actions(client, parent):
    html = client.get(f"/admin/pages/{parent.pk}/").content.decode()
    return set(re.findall(r'href="/admin/bulk/wagtailcore/page/(\w+)/"', html))


def confirmation(client, action, page):
    response = client.get(f"/admin/bulk/wagtailcore/page/{action}/?id={page.pk}&next=/admin/pages/")
    assert response.status_code == 200
    return response.content.decode()


def test_editors_and_moderators_are_not_offered_publish_or_unpublish(
    review_index, in_window_review, editor_user, moderator_user, client_for
):
    for user in (editor_user, moderator_user):
        offered = offered_bulk_actions(client_for(user), review_index)

        assert "delete" in offered and "move" in offered
        assert not offered & {"publish", "unpublish"}, (user.username, offered)


def test_administrators_are_offered_every_bulk_action(
    review_index, in_window_review, administrator_user, client_for
):
    assert {"publish", "unpublish", "delete", "move"} <= offered_bulk_actions(
        client_for(administrator_user), review_index
    )


@pytest.mark.parametrize("action", ["unpublish", "delete"])
def test_a_refused_takedown_says_the_review_must_stay_public_until_its_date(
    in_window_review, administrator_user, client_for, action
):
    html = confirmation(client_for(administrator_user), action, in_window_review)

    assert "Published reviews must stay public for at least one year" in html
    assert re.search(r"“Young Person A” until at least \d{1,2} \w+ \d{4}", html), html


def test_an_editor_deleting_a_live_review_is_told_only_publishers_delete_live_pages(
    ended_window_review, editor_user, client_for
):
    html = confirmation(client_for(editor_user), "delete", ended_window_review)

    assert LIVE_FOR_A_PUBLISHER in html


def test_an_editor_publishing_through_an_old_link_is_told_to_submit_for_moderation(
    review_index, editor_user, client_for
):
    draft = CSPRPageFactory(parent=review_index, published=False, title="Child Q")

    html = confirmation(client_for(editor_user), "publish", draft)

    assert "Child Q" in html
    assert PUBLISH_NEEDS_MODERATION in html


def test_an_editor_unpublishing_through_an_old_link_is_told_to_ask_an_administrator(
    ended_window_review, editor_user, client_for
):
    html = confirmation(client_for(editor_user), "unpublish", ended_window_review)

    assert UNPUBLISH_NEEDS_AN_ADMINISTRATOR in html
