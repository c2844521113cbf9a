"""The scheduler, privacy, moves and address changes cannot hide an in-window review."""

import datetime
import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from treebeard.mp_tree import MP_Node
from wagtail.models import Page, PageLogEntry, PageViewRestriction, Site

from cspr_site.models import HomePage
from reviews.models import CSPRPage, ReviewIndexPage
from reviews.window.guards import PublicationWindowError
from tests.cspr_site.factories import HomePageFactory, InformationPageFactory
from tests.reviews.factories import ReviewIndexPageFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Published reviews must stay public for at least one year"


def write_expiry_behind_validation(page, expire_at):
    type(page).objects.filter(pk=page.pk).update(expire_at=expire_at)
    Page.objects.filter(pk=page.pk).update(expire_at=expire_at)


def test_the_scheduler_keeps_an_in_window_review_live_and_warns(
    in_window_review, assert_still_public, caplog
):
    write_expiry_behind_validation(in_window_review, timezone.now() - datetime.timedelta(hours=1))

    with caplog.at_level(logging.WARNING, logger="reviews"):
        call_command("publish_on_schedule")

    assert_still_public(in_window_review)
    assert "must stay public until at least" in caplog.text
    assert PageLogEntry.objects.filter(page=in_window_review, action="reviews.window.refused").count() == 1


def test_the_scheduler_records_the_refusal_once_a_day(in_window_review):
    write_expiry_behind_validation(in_window_review, timezone.now() - datetime.timedelta(hours=1))

    call_command("publish_on_schedule")
    call_command("publish_on_schedule")

    assert PageLogEntry.objects.filter(page=in_window_review, action="reviews.window.refused").count() == 1


def test_the_scheduler_takes_a_review_down_after_its_window(ended_window_review, home_page):
    write_expiry_behind_validation(ended_window_review, timezone.now() - datetime.timedelta(hours=1))

    call_command("publish_on_schedule")

    ended_window_review.refresh_from_db()
    assert not ended_window_review.live
    assert ended_window_review.expired
    assert ended_window_review.takedown_kind == "expired"
    gone = Client().get(ended_window_review.url)
    assert gone.status_code == 410
    html = gone.content.decode()
    assert "Child WR" in html and "NSPCC national case review repository" in html


def test_the_scheduler_still_publishes_scheduled_revisions(review_index):
    from tests.reviews.factories import CSPRPageFactory

    review = CSPRPageFactory(parent=review_index, published=False, title="Harry")
    review.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = review.save_revision()
    revision.publish()
    # Let the go-live time pass.
    go_live_passed = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = go_live_passed.isoformat()
    revision.approved_go_live_at = go_live_passed
    revision.save()
    assert not CSPRPage.objects.get(pk=review.pk).live

    call_command("publish_on_schedule")

    review.refresh_from_db()
    assert review.live
    assert review.live_since is not None


@pytest.mark.parametrize("restriction_type", ["login", "groups"])
def test_making_an_in_window_review_private_is_refused(
    admin_client, in_window_review, assert_still_public, restriction_type
):
    from django.contrib.auth.models import Group

    data = {"restriction_type": restriction_type, "groups": [Group.objects.first().pk]}

    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/privacy/", data)

    assert REFUSAL in response.json()["html"]
    assert not PageViewRestriction.objects.exists()
    assert_still_public(in_window_review)


def test_the_privacy_dialog_offers_no_shared_password(admin_client, ended_window_review):
    """Wagtail keeps shared page passwords in plain text, so the option is switched off."""
    dialog = admin_client.get(f"/admin/pages/{ended_window_review.pk}/privacy/").json()["html"]

    assert 'value="login"' in dialog
    assert 'value="password"' not in dialog
    assert 'name="password"' not in dialog


@pytest.mark.parametrize("ancestor", ["review_index", "home_page"])
def test_making_an_ancestor_private_is_refused(
    request, admin_client, ancestor, in_window_review, assert_still_public
):
    page = request.getfixturevalue(ancestor)

    response = admin_client.post(f"/admin/pages/{page.pk}/privacy/", {"restriction_type": "login"})

    assert REFUSAL in response.json()["html"]
    assert not PageViewRestriction.objects.exists()
    assert_still_public(in_window_review)


def test_code_cannot_make_an_in_window_review_private(review_index, in_window_review, assert_still_public):
    with pytest.raises(PublicationWindowError), transaction.atomic():
        PageViewRestriction.objects.create(page=review_index, restriction_type=PageViewRestriction.LOGIN)

    assert_still_public(in_window_review)


def test_a_review_whose_window_ended_can_be_made_private(admin_client, ended_window_review):
    admin_client.post(f"/admin/pages/{ended_window_review.pk}/privacy/", {"restriction_type": "login"})

    assert PageViewRestriction.objects.filter(page=ended_window_review).exists()


@pytest.fixture
def private_review_index(home_page):
    index = ReviewIndexPageFactory(parent=home_page, title="Internal reviews", slug="internal")
    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    return index


def test_moving_an_in_window_review_under_a_private_parent_is_refused(
    admin_client, in_window_review, private_review_index, assert_still_public, messages_of
):
    url = f"/admin/pages/{in_window_review.pk}/move/{private_review_index.pk}/confirm/"

    response = admin_client.post(url)

    assert REFUSAL in messages_of(response)[0]
    assert in_window_review.get_parent().specific.slug == "child-safeguarding-practice-reviews"
    assert_still_public(in_window_review)


def test_moving_the_reviews_index_outside_the_site_is_refused(
    admin_client, review_index, in_window_review, assert_still_public, messages_of
):
    off_site_home = HomePageFactory(parent=Page.get_first_root_node(), title="Old site", slug="old-site")
    assert not Site.objects.filter(root_page=off_site_home).exists()

    response = admin_client.post(f"/admin/pages/{review_index.pk}/move/{off_site_home.pk}/confirm/")

    assert REFUSAL in messages_of(response)[0]
    assert review_index.get_parent().specific == HomePage.objects.get(slug="home")
    assert_still_public(in_window_review)


def test_bulk_moving_an_in_window_review_under_a_private_parent_is_refused(
    admin_client, in_window_review, private_review_index, assert_still_public
):
    url = f"/admin/bulk/wagtailcore/page/move/?id={in_window_review.pk}&next=/admin/"

    admin_client.post(url, {"chooser": private_review_index.pk})

    assert in_window_review.get_parent().specific.slug == "child-safeguarding-practice-reviews"
    assert_still_public(in_window_review)


def test_moving_an_in_window_review_to_another_public_index_is_allowed(
    admin_client, home_page, in_window_review
):
    other_index = ReviewIndexPageFactory(parent=home_page, title="Archive", slug="archive")

    admin_client.post(f"/admin/pages/{in_window_review.pk}/move/{other_index.pk}/confirm/")

    in_window_review.refresh_from_db()
    assert in_window_review.get_parent().pk == other_index.pk
    assert Client().get("/archive/young-person-a/").status_code == 200
    assert Client().get("/child-safeguarding-practice-reviews/young-person-a/").status_code == 301


def test_changing_a_review_address_keeps_the_old_address_working(
    admin_client, in_window_review, django_capture_on_commit_callbacks
):
    from wagtail.test.utils.form_data import querydict_from_html

    old_url = in_window_review.url
    form = querydict_from_html(
        admin_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode(),
        form_id="page-edit-form",
    )
    form["slug"] = "young-person-a-2026"
    form["action-publish"] = "action-publish"

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", form)

    in_window_review.refresh_from_db()
    assert in_window_review.url == "/child-safeguarding-practice-reviews/young-person-a-2026/"
    response = Client().get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith("/child-safeguarding-practice-reviews/young-person-a-2026/")
    assert Client().get(response["Location"]).status_code == 200


def test_changing_the_index_address_keeps_every_review_address_working(
    admin_client, review_index, in_window_review, django_capture_on_commit_callbacks
):
    from wagtail.test.utils.form_data import querydict_from_html

    form = querydict_from_html(
        admin_client.get(f"/admin/pages/{review_index.pk}/edit/").content.decode(), form_id="page-edit-form"
    )
    form["slug"] = "practice-reviews"
    form["action-publish"] = "action-publish"

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/pages/{review_index.pk}/edit/", form)

    response = Client().get("/child-safeguarding-practice-reviews/young-person-a/")
    assert response.status_code == 301
    assert response["Location"].endswith("/practice-reviews/young-person-a/")
    assert ReviewIndexPage.objects.get().slug == "practice-reviews"
    assert CSPRPage.objects.get().live


def test_pointing_the_site_at_another_root_is_refused(
    admin_client, home_page, in_window_review, assert_still_public, messages_of
):
    site = Site.objects.get(is_default_site=True)
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")

    response = admin_client.post(
        f"/admin/sites/edit/{site.pk}/",
        {
            "hostname": site.hostname,
            "port": site.port,
            "site_name": "",
            "root_page": other_home.pk,
            "is_default_site": "on",
        },
    )

    assert response.status_code == 302
    assert "Sorry, you do not have permission" in messages_of(response)[0]
    site.refresh_from_db()
    assert site.root_page_id == home_page.pk
    assert_still_public(in_window_review)


def test_deleting_the_site_is_refused(admin_client, home_page, in_window_review, assert_still_public):
    site = Site.objects.get(is_default_site=True)

    confirmation = admin_client.get(f"/admin/sites/delete/{site.pk}/")
    response = admin_client.post(f"/admin/sites/delete/{site.pk}/")

    assert confirmation.status_code == 200
    assert response.status_code == 302
    assert Site.objects.filter(pk=site.pk).exists()
    assert_still_public(in_window_review)


def test_the_move_pages_command_cannot_move_in_window_reviews_out_of_public_view(
    home_page, review_index, in_window_review, assert_still_public
):
    hidden = ReviewIndexPageFactory(parent=home_page, slug="drafts", title="Drafts", published=False)

    with pytest.raises(PublicationWindowError):
        call_command("move_pages", str(review_index.pk), str(hidden.pk), stdout=StringIO())

    assert in_window_review.get_parent().pk == review_index.pk
    assert_still_public(in_window_review)


def test_code_cannot_move_an_in_window_review_under_a_private_page(
    home_page, in_window_review, assert_still_public
):
    private = InformationPageFactory(parent=home_page, title="Staff only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    with pytest.raises(PublicationWindowError):
        in_window_review.move(private, pos="last-child")

    assert_still_public(in_window_review)


def test_code_that_moves_a_page_with_the_tree_library_itself_is_refused(
    home_page, in_window_review, assert_still_public
):
    """Treebeard's own `move` skips Wagtail's move action and its signals; the tree update is still seen."""
    private = InformationPageFactory(parent=home_page, title="Staff only")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    with pytest.raises(PublicationWindowError):
        MP_Node.move(in_window_review, private, pos="last-child")

    assert in_window_review.get_parent().specific_class is ReviewIndexPage
    assert_still_public(in_window_review)


def site_form(site, **changes):
    data = {
        "hostname": site.hostname,
        "port": site.port,
        "site_name": site.site_name or "",
        "root_page": site.root_page_id,
    }
    if site.is_default_site:
        data["is_default_site"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def reached_by_its_hostname(home_page):
    """The partnership's site answers at reviews.example.org; the default site is another tree."""
    partnership = Site.objects.get(root_page=home_page)
    other_home = HomePageFactory(parent=Page.get_first_root_node(), title="Other", slug="other")
    partnership.is_default_site = False
    partnership.hostname = "reviews.example.org"
    partnership.save()
    Site.objects.create(hostname="other.example.org", port=80, root_page=other_home, is_default_site=True)
    return partnership


def reviews_answer_at(host, review):
    return Client().get(review.url, HTTP_HOST=host).status_code == 200


def test_changing_the_hostname_the_reviews_answer_at_is_refused(
    admin_client, reached_by_its_hostname, in_window_review
):
    site = reached_by_its_hostname
    assert reviews_answer_at("reviews.example.org", in_window_review)

    response = admin_client.post(
        f"/admin/sites/edit/{site.pk}/", site_form(site, hostname="reviews.example.com")
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("reviews.example.org", 80)
    assert reviews_answer_at("reviews.example.org", in_window_review)


def test_changing_only_the_port_is_allowed_because_the_hostname_still_finds_the_site(
    admin_client, reached_by_its_hostname, in_window_review
):
    site = reached_by_its_hostname

    admin_client.post(f"/admin/sites/edit/{site.pk}/", site_form(site, port=8080))

    site.refresh_from_db()
    assert site.port == 8080
    assert reviews_answer_at("reviews.example.org", in_window_review)


def test_moving_the_default_site_to_another_address_is_allowed_as_it_still_answers_every_host(
    admin_client, home_page, in_window_review
):
    """Wagtail answers a host no other site names with the default site, the old one included."""
    site = Site.objects.get(is_default_site=True)

    admin_client.post(f"/admin/sites/edit/{site.pk}/", site_form(site, hostname="127.0.0.1", port=8000))

    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    assert reviews_answer_at("localhost", in_window_review)
    assert reviews_answer_at("127.0.0.1:8000", in_window_review)


def test_unticking_default_site_is_refused_while_reviews_answer_only_through_it(
    admin_client, home_page, in_window_review
):
    site = Site.objects.get(is_default_site=True)
    assert reviews_answer_at("reviews.example.org", in_window_review)  # no site names this host

    admin_client.post(f"/admin/sites/edit/{site.pk}/", site_form(site, is_default_site=None))

    assert Site.objects.get(pk=site.pk).is_default_site
    assert reviews_answer_at("reviews.example.org", in_window_review)


def test_a_site_change_that_keeps_every_address_is_allowed(admin_client, home_page, in_window_review):
    site = Site.objects.get(is_default_site=True)

    admin_client.post(f"/admin/sites/edit/{site.pk}/", site_form(site, site_name="Partnership site"))

    assert Site.objects.get(pk=site.pk).site_name == "Partnership site"


def test_a_refused_sites_change_says_which_addresses_and_reviews_stop_it(
    admin_client, reached_by_its_hostname, in_window_review, messages_of
):
    site = reached_by_its_hostname

    response = admin_client.post(
        f"/admin/sites/edit/{site.pk}/", site_form(site, hostname="reviews.example.com")
    )

    shown = messages_of(response)
    assert any(
        "these addresses would no longer show them: reviews.example.org:80" in message
        and "“Young Person A” until at least" in message
        for message in shown
    ), shown
