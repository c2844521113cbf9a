"""The window record (live since, taken down at, how) belongs to the page row, not to its revisions.

Reverting, publishing an old revision, alias updates, copies and code that sets the fields
can no longer rewind a review's year, so it cannot then be unpublished inside it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils.form_data import querydict_from_html

from reviews.models import CSPRPage
from reviews.window import rules
from reviews.window.guards import PublicationWindowError
from reviews.window.invariant import breaches
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def republished_review(review_index):
    """A review first drafted, then published: its first revision holds no live-since date."""
    review = CSPRPageFactory(parent=review_index, title="Child Q", published=False)
    draft = review.save_revision()
    draft.refresh_from_db()
    review.save_revision().publish()
    review.refresh_from_db()
    return review, draft


def stored(review):
    return CSPRPage.objects.get(pk=review.pk)


def test_reverting_to_a_revision_before_the_first_publication_keeps_the_year_through_history(
    admin_client, republished_review
):
    review, draft = republished_review
    live_since = review.live_since
    url = f"/admin/pages/{review.pk}/revisions/{draft.pk}/revert/"
    data = querydict_from_html(admin_client.get(url).content.decode(), form_id="page-edit-form")
    data["action-publish"] = "action-publish"

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert stored(review).get_latest_revision().content["live_since"] is None  # the old one was published
    assert stored(review).live_since == live_since
    assert breaches(stored(review)) == []
    with pytest.raises(PublicationWindowError):
        stored(review).unpublish()


def test_reverting_through_the_admin_api_keeps_the_year(admin_client, republished_review):
    review, draft = republished_review
    live_since = review.live_since

    response = admin_client.post(
        f"/admin/api/main/pages/{review.pk}/action/revert_to_page_revision/",
        {"revision_id": draft.pk},
        content_type="application/json",
    )
    assert response.status_code == 200
    stored(review).get_latest_revision().publish()

    assert stored(review).live_since == live_since
    assert stored(review).live


def test_publishing_an_old_revision_that_carries_an_older_year_keeps_the_current_one(in_window_review):
    old = timezone.now() - datetime.timedelta(days=500)
    in_window_review.live_since = old
    revision = in_window_review.save_revision(clean=False)

    revision.publish()

    assert stored(in_window_review).live_since > old
    assert rules.is_in_window(stored(in_window_review))
    with pytest.raises(PublicationWindowError):
        stored(in_window_review).unpublish()


def test_code_that_sets_the_window_fields_cannot_change_them(in_window_review):
    live_since = in_window_review.live_since
    review = stored(in_window_review)
    review.live_since = timezone.now() - datetime.timedelta(days=800)
    review.taken_down_at = timezone.now()
    review.takedown_kind = rules.TakedownKind.WITHDRAWN

    review.save()

    assert stored(review).live_since == live_since
    assert stored(review).taken_down_at is None
    assert stored(review).takedown_kind == ""


def test_an_alias_keeps_its_own_year_when_the_original_is_published_again(review_index, in_window_review):
    alias = in_window_review.create_alias(update_slug="young-person-a-copy")
    alias_since = stored(alias).live_since
    CSPRPage.objects.filter(pk=in_window_review.pk).update(
        live_since=timezone.now() - datetime.timedelta(days=800)
    )

    stored(in_window_review).save_revision().publish()

    assert stored(alias).live_since == alias_since
    with pytest.raises(PublicationWindowError):
        stored(alias).unpublish()


def test_a_copy_of_a_taken_down_review_starts_without_its_takedown_record(review_index, ended_window_review):
    ended_window_review.unpublish()
    assert stored(ended_window_review).was_taken_down

    copy = stored(ended_window_review).copy(update_attrs={"slug": "child-wr-again", "title": "Child WR"})

    copy = CSPRPage.objects.get(pk=copy.pk)
    assert copy.taken_down_at is None and copy.takedown_kind == "" and copy.live_since is None
    assert Client().get(Page.objects.get(pk=copy.pk).url or "/none/").status_code == 404


def test_a_takedown_date_inside_the_window_arriving_in_a_revision_is_refused_when_published(in_window_review):
    in_window_review.expire_at = timezone.now() + datetime.timedelta(days=30)
    revision = in_window_review.save_revision(clean=False)

    with pytest.raises((PublicationWindowError, ValidationError)) as refused:
        revision.publish()

    assert "must stay public until at least" in str(refused.value)
    assert stored(in_window_review).expire_at is None
    assert stored(in_window_review).live


def test_a_takedown_date_inside_the_window_saved_without_validation_is_refused(in_window_review):
    review = stored(in_window_review)
    review.expire_at = timezone.now() + datetime.timedelta(days=30)

    with pytest.raises(PublicationWindowError, match="must stay public until at least"):
        review.save(clean=False)

    assert stored(in_window_review).expire_at is None


def test_saving_a_draft_of_a_taken_down_review_keeps_its_takedown_record(admin_client, ended_window_review):
    ended_window_review.unpublish()
    gone_url = ended_window_review.url
    assert Client().get(gone_url).status_code == 410
    data = querydict_from_html(
        admin_client.get(f"/admin/pages/{ended_window_review.pk}/edit/").content.decode(),
        form_id="page-edit-form",
    )
    data["title"] = "Child WR (edited)"

    assert admin_client.post(f"/admin/pages/{ended_window_review.pk}/edit/", data).status_code == 302

    review = stored(ended_window_review)
    assert review.takedown_kind == rules.TakedownKind.UNPUBLISHED and review.taken_down_at is not None
    assert Client().get(gone_url).status_code == 410
