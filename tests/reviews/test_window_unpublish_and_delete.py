"""Unpublish and delete, on every admin path, cannot take an in-window review down."""

import pytest
from django.db import transaction
from django.test import Client
from wagtail.models import Page, PageLogEntry

from reviews.models import CSPRPage
from reviews.window.guards import PublicationWindowError

pytestmark = pytest.mark.django_db

REFUSAL = "Published reviews must stay public for at least one year"


def test_unpublishing_an_in_window_review_is_refused_with_the_earliest_date(
    admin_client, in_window_review, assert_still_public, messages_of
):
    url = f"/admin/pages/{in_window_review.pk}/unpublish/"

    response = admin_client.post(url)

    assert response.status_code == 302
    [message] = messages_of(response)
    assert REFUSAL in message
    assert "“Young Person A” until at least" in message
    assert_still_public(in_window_review)
    assert PageLogEntry.objects.filter(page=in_window_review, action="reviews.window.refused").exists()


def test_the_unpublish_confirmation_is_not_offered_inside_the_window(
    admin_client, in_window_review, messages_of
):
    response = admin_client.get(f"/admin/pages/{in_window_review.pk}/unpublish/")

    assert response.status_code == 302
    assert REFUSAL in messages_of(response)[0]


def test_the_editor_action_menu_offers_no_unpublish_or_delete_inside_the_window(
    admin_client, in_window_review
):
    html = admin_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()

    assert f"/admin/pages/{in_window_review.pk}/unpublish/" not in html
    assert f"/admin/pages/{in_window_review.pk}/delete/" not in html
    assert "until" in html and "Publication window" in html


def test_unpublishing_the_reviews_index_with_its_descendants_is_refused(
    admin_client, review_index, in_window_review, assert_still_public, messages_of
):
    response = admin_client.post(f"/admin/pages/{review_index.pk}/unpublish/", {"include_descendants": "on"})

    assert REFUSAL in messages_of(response)[0]
    assert_still_public(review_index)
    assert_still_public(in_window_review)


def test_bulk_unpublish_is_refused_for_in_window_reviews(
    admin_client, review_index, in_window_review, assert_still_public, messages_of
):
    url = f"/admin/bulk/wagtailcore/page/unpublish/?id={in_window_review.pk}&next=/admin/"

    confirmation = admin_client.get(url)
    response = admin_client.post(url, {"include_descendants": "on"})

    assert "Young Person A" in confirmation.content.decode()
    assert response.status_code == 302
    assert REFUSAL in messages_of(response)[0]
    assert_still_public(in_window_review)


def test_bulk_unpublish_of_the_index_with_descendants_is_refused(
    admin_client, review_index, in_window_review, assert_still_public
):
    url = f"/admin/bulk/wagtailcore/page/unpublish/?id={review_index.pk}&next=/admin/"

    admin_client.post(url, {"include_descendants": "on"})

    assert_still_public(review_index)
    assert_still_public(in_window_review)


def test_the_admin_api_refuses_to_unpublish_an_in_window_review(
    admin_client, in_window_review, assert_still_public
):
    response = admin_client.post(
        f"/admin/api/main/pages/{in_window_review.pk}/action/unpublish/",
        {"recursive": True},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert_still_public(in_window_review)


def test_unpublishing_after_the_window_is_allowed_and_the_address_answers_gone(
    admin_client, ended_window_review
):
    response = admin_client.post(f"/admin/pages/{ended_window_review.pk}/unpublish/")

    assert response.status_code == 302
    ended_window_review.refresh_from_db()
    assert not ended_window_review.live
    gone = Client().get(ended_window_review.url)
    assert gone.status_code == 410


def test_deleting_an_in_window_review_is_refused(
    admin_client, in_window_review, assert_still_public, messages_of
):
    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/delete/")

    assert REFUSAL in messages_of(response)[0]
    assert_still_public(in_window_review)


@pytest.mark.parametrize("ancestor", ["review_index", "home_page"])
def test_deleting_an_ancestor_of_an_in_window_review_is_refused(
    request, admin_client, ancestor, in_window_review, assert_still_public, messages_of
):
    ancestor_page = request.getfixturevalue(ancestor)

    response = admin_client.post(f"/admin/pages/{ancestor_page.pk}/delete/")

    assert REFUSAL in messages_of(response)[0]
    assert Page.objects.filter(pk=ancestor_page.pk).exists()
    assert_still_public(in_window_review)


def test_bulk_delete_is_refused_for_in_window_reviews_and_their_ancestors(
    admin_client, review_index, in_window_review, assert_still_public, messages_of
):
    url = f"/admin/bulk/wagtailcore/page/delete/?id={review_index.pk}&id={in_window_review.pk}&next=/admin/"

    response = admin_client.post(url)

    assert REFUSAL in messages_of(response)[0]
    assert_still_public(in_window_review)


def test_the_admin_api_refuses_to_delete_an_in_window_review(
    admin_client, in_window_review, assert_still_public
):
    response = admin_client.post(
        f"/admin/api/main/pages/{in_window_review.pk}/action/delete/", {}, content_type="application/json"
    )

    assert response.status_code == 403
    assert_still_public(in_window_review)


def test_code_cannot_delete_an_in_window_review_even_through_its_ancestor(review_index, in_window_review):
    with pytest.raises(PublicationWindowError), transaction.atomic():
        in_window_review.delete()
    with pytest.raises(PublicationWindowError), transaction.atomic():
        Page.objects.get(pk=review_index.pk).delete()

    assert CSPRPage.objects.filter(pk=in_window_review.pk, live=True).exists()


def test_code_cannot_unpublish_an_in_window_review(in_window_review, assert_still_public):
    with pytest.raises(PublicationWindowError), transaction.atomic():
        in_window_review.unpublish()
    with pytest.raises(PublicationWindowError), transaction.atomic():
        Page.objects.get(pk=in_window_review.pk).unpublish()

    assert_still_public(in_window_review)


def test_deleting_after_the_window_is_allowed(admin_client, ended_window_review):
    admin_client.post(f"/admin/pages/{ended_window_review.pk}/delete/")

    assert not CSPRPage.objects.filter(pk=ended_window_review.pk).exists()


def test_a_taken_down_review_leaves_the_index_and_the_sitemap(
    admin_client, review_index, ended_window_review, in_window_review
):
    admin_client.post(f"/admin/pages/{ended_window_review.pk}/unpublish/")

    index_html = Client().get(review_index.url).content.decode()
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "Child WR" not in index_html
    assert "/child-wr/" not in sitemap
    assert "Young Person A" in index_html
    assert "/young-person-a/" in sitemap


def test_a_learning_on_a_page_is_held_by_the_same_window(
    admin_client, in_window_learning_page, assert_still_public, messages_of
):
    response = admin_client.post(f"/admin/pages/{in_window_learning_page.pk}/unpublish/")

    assert REFUSAL in messages_of(response)[0]
    assert_still_public(in_window_learning_page)


def test_the_page_explorer_lists_in_window_reviews_without_unpublish_or_delete_actions(
    admin_client, review_index, in_window_review, ended_window_review
):
    response = admin_client.get(f"/admin/pages/{review_index.pk}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"/admin/pages/{in_window_review.pk}/unpublish/" not in html
    assert f"/admin/pages/{ended_window_review.pk}/unpublish/" in html
