"""Every address a review was published at keeps answering in its year, whatever redirects are deleted."""

import pytest
from django.db import transaction
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.test.utils.form_data import querydict_from_html

from reviews.models import CSPRPage
from reviews.window.guards import PublicationWindowError
from reviews.window.invariant import breaches
from tests.reviews.factories import CSPRPageFactory, ReviewIndexPageFactory

pytestmark = pytest.mark.django_db


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def publish_with_slug(client, page, slug):
    data = edit_form(client, page)
    data["slug"] = slug
    data["action-publish"] = "action-publish"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def delete_every_redirect(client):
    for redirect in Redirect.objects.all():
        assert client.post(f"/admin/redirects/{redirect.pk}/delete/").status_code == 302
    assert not Redirect.objects.exists()


def test_after_a_slug_change_the_old_address_still_leads_to_the_review_when_its_redirect_is_deleted(
    admin_client, in_window_review
):
    old_url = in_window_review.url
    assert publish_with_slug(admin_client, in_window_review, "young-person-a-2025").status_code == 302
    delete_every_redirect(admin_client)

    response = Client().get(old_url)

    assert response.status_code == 301
    assert response["Location"] == CSPRPage.objects.get(pk=in_window_review.pk).url
    assert breaches(CSPRPage.objects.get(pk=in_window_review.pk)) == []


def test_after_a_move_the_old_address_still_leads_to_the_review_when_its_redirect_is_deleted(
    admin_client, home_page, in_window_review
):
    old_url = in_window_review.url
    archive = ReviewIndexPageFactory(parent=home_page, title="Older reviews", slug="older-reviews")
    assert (
        admin_client.post(f"/admin/pages/{in_window_review.pk}/move/{archive.pk}/confirm/").status_code == 302
    )
    delete_every_redirect(admin_client)

    response = Client().get(old_url)

    assert response.status_code == 301
    assert response["Location"] == "/older-reviews/young-person-a/"


def test_a_redirect_made_by_hand_cannot_send_the_old_address_elsewhere(admin_client, in_window_review):
    old_url = in_window_review.url
    publish_with_slug(admin_client, in_window_review, "young-person-a-2025")
    Redirect.objects.filter(old_path=old_url.rstrip("/")).update(redirect_link="https://elsewhere.example/")

    response = Client().get(old_url)

    assert response["Location"] == CSPRPage.objects.get(pk=in_window_review.pk).url


def test_another_review_cannot_take_the_old_address_in_the_editor(
    admin_client, review_index, in_window_review
):
    publish_with_slug(admin_client, in_window_review, "young-person-a-2025")
    newcomer = CSPRPageFactory(parent=review_index, title="Child Q", slug="child-q")

    response = publish_with_slug(admin_client, newcomer, "young-person-a")

    assert response.status_code == 200
    assert "links to it must keep working until at least" in str(response.context["form"].errors["slug"])
    assert CSPRPage.objects.get(pk=newcomer.pk).slug == "child-q"


def test_code_cannot_give_another_page_the_old_address(admin_client, review_index, in_window_review):
    publish_with_slug(admin_client, in_window_review, "young-person-a-2025")
    newcomer = CSPRPageFactory(parent=review_index, title="Child Q", slug="child-q")
    newcomer.slug = "young-person-a"

    with pytest.raises(PublicationWindowError), transaction.atomic():
        newcomer.save()

    assert Client().get("/child-safeguarding-practice-reviews/young-person-a/").status_code == 301


def test_the_check_finds_an_old_address_taken_behind_every_guard(
    admin_client, review_index, in_window_review
):
    publish_with_slug(admin_client, in_window_review, "young-person-a-2025")
    newcomer = CSPRPageFactory(parent=review_index, title="Child Q", slug="child-q")
    CSPRPage.objects.filter(pk=newcomer.pk).update(slug="young-person-a", url_path=in_window_review.url_path)

    found = breaches(CSPRPage.objects.get(pk=in_window_review.pk))

    assert [breach.what for breach in found] == [
        "Its earlier address http://localhost/child-safeguarding-practice-reviews/young-person-a/ "
        "answers 200, not a redirect to it."
    ]
