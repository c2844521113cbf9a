"""A scheduled publication reached late still goes live; one that cannot go live is not kept quiet."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from reviews.models import SCRPage
from reviews.window import rules
from reviews.window.models import HeldPublication
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory
from tests.reviews.workflow_steps import approve, edit_form

pytestmark = pytest.mark.django_db


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def run_scheduler():
    out, err = StringIO(), StringIO()
    call_command("publish_on_schedule", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def schedule_with_the_earliest_takedown(administrator, moderator, review, go_live_at):
    """An administrator sets a go-live time and the earliest takedown it allows; a moderator approves."""
    data = edit_form(administrator, review)
    data["go_live_at"] = local_input(go_live_at)
    data["expire_at"] = local_input(rules.end_of_year_on_site(go_live_at))
    data["action-submit"] = "Submit"
    response = administrator.post(f"/admin/pages/{review.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert approve(moderator, review).status_code == 302
    review.refresh_from_db()
    assert not review.live and review.scheduled_revision is not None


def as_if_due_days_ago(review, days, takedown_later_by=datetime.timedelta(0)):
    """Put the approved schedule that many days in the past, as if the scheduler had been stopped since.

    The takedown date keeps its place against that go-live time: the earliest allowed, as approved,
    or later by the given time.
    """
    revision = review.scheduled_revision
    go_live_at = (timezone.now() - datetime.timedelta(days=days)).replace(second=0, microsecond=0)
    expire_at = rules.end_of_year_on_site(go_live_at) + takedown_later_by
    revision.approved_go_live_at = go_live_at
    revision.content.update(go_live_at=go_live_at, expire_at=expire_at)
    revision.save()
    for model in (Page, type(review)):
        model.objects.filter(pk=review.pk).update(go_live_at=go_live_at, expire_at=expire_at)
    return expire_at


@pytest.fixture
def scheduled_review(review_index, administrator_user, moderator_user, client_for):
    review = SCRPageFactory(parent=review_index, title="Baby F", published=False)
    go_live_at = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    schedule_with_the_earliest_takedown(
        client_for(administrator_user), client_for(moderator_user), review, go_live_at
    )
    return review


def test_a_review_reached_three_days_late_goes_live_with_its_takedown_moved_to_the_earliest_allowed(
    scheduled_review, administrator_user, client_for, smtp_server
):
    approved_takedown = as_if_due_days_ago(scheduled_review, 3)

    out, _err = run_scheduler()

    review = SCRPage.objects.get(pk=scheduled_review.pk)
    assert review.live
    assert review.expire_at == rules.end_of_year_on_site(review.live_since) == review.earliest_takedown
    assert review.expire_at - approved_takedown > datetime.timedelta(days=2, hours=23)
    old, new = rules.format_moment(approved_takedown), rules.format_moment(review.expire_at)
    assert f"moved from {old} to {new}" in out
    administrator = client_for(administrator_user)
    history = administrator.get(f"/admin/pages/{review.pk}/history/").content.decode()
    assert f"Takedown date moved from {old} to {new}" in history
    assert edit_form(administrator, review)["expire_at"] == local_input(review.expire_at)
    [mail] = smtp_server.to(administrator_user.email)
    assert "Baby F" in mail["Subject"]
    assert old in mail.get_content() and new in mail.get_content()


def test_the_moved_takedown_is_mailed_once_and_the_review_stays_live_on_later_runs(
    scheduled_review, administrator_user, smtp_server
):
    as_if_due_days_ago(scheduled_review, 3)

    run_scheduler()
    moved_to = SCRPage.objects.get(pk=scheduled_review.pk).expire_at
    run_scheduler()

    review = SCRPage.objects.get(pk=scheduled_review.pk)
    assert review.live and review.expire_at == moved_to
    assert len(smtp_server.to(administrator_user.email)) == 1


def test_a_takedown_still_after_the_year_is_kept_as_it_was_approved(scheduled_review, smtp_server):
    approved_takedown = as_if_due_days_ago(scheduled_review, 3, takedown_later_by=datetime.timedelta(days=4))

    run_scheduler()

    review = SCRPage.objects.get(pk=scheduled_review.pk)
    assert review.live
    assert review.expire_at == approved_takedown
    assert not smtp_server.messages


@pytest.fixture
def learning_due_before_its_review(review_index):
    """A Learning on a Page whose go-live time has passed while its review is still a draft."""
    review = CSPRPageFactory(parent=review_index, title="Child S", published=False)
    learning = LearningPageFactory(
        parent=review_index, review=review, published=False, title="Child S: learning"
    )
    revision = learning.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return learning


def test_a_publication_that_cannot_go_live_is_on_the_administrators_dashboard_and_mailed_once(
    learning_due_before_its_review, administrator_user, editor_user, client_for, smtp_server
):
    run_scheduler()
    run_scheduler()

    dashboard = client_for(administrator_user).get("/admin/").content.decode()
    assert "Scheduled publications that did not go live" in dashboard
    assert "Child S: learning" in dashboard
    assert "cannot go live before its review “Child S” is published" in dashboard
    [mail] = smtp_server.to(administrator_user.email)
    assert "did not go live" in mail["Subject"]
    assert "Child S: learning" in mail.get_content()
    assert (
        "Scheduled publications that did not go live"
        not in client_for(editor_user).get("/admin/").content.decode()
    )


def test_a_held_publication_leaves_the_dashboard_once_it_goes_live(
    learning_due_before_its_review, administrator_user, client_for, smtp_server
):
    run_scheduler()
    review = learning_due_before_its_review.review
    review.save_revision().publish()

    run_scheduler()

    learning_due_before_its_review.refresh_from_db()
    assert learning_due_before_its_review.live
    assert not HeldPublication.objects.exists()
    assert "did not go live" not in client_for(administrator_user).get("/admin/").content.decode()


def test_a_mail_that_could_not_be_sent_is_sent_on_the_next_run(
    learning_due_before_its_review, administrator_user, smtp_server, settings
):
    listening_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 9  # nothing listens there

    run_scheduler()
    assert HeldPublication.objects.get().emailed is False

    settings.EMAIL_PORT = listening_port
    run_scheduler()
    run_scheduler()

    assert len(smtp_server.to(administrator_user.email)) == 1


def test_a_revision_that_breaks_unexpectedly_is_held_and_the_others_still_go_live(
    review_index, learning_due_before_its_review, smtp_server
):
    broken = SCRPageFactory(parent=review_index, title="Child K", published=False)
    broken_revision = broken.save_revision()
    ready = SCRPageFactory(parent=review_index, title="Child L", published=False)
    ready_revision = ready.save_revision()
    due = timezone.now() - datetime.timedelta(minutes=5)
    Revision.objects.filter(pk__in=[broken_revision.pk, ready_revision.pk]).update(approved_go_live_at=due)
    # Code that wrote a revision by hand left out what every page has.
    Revision.objects.filter(pk=broken_revision.pk).update(content={"title": "Child K"})

    _out, err = run_scheduler()

    assert SCRPage.objects.get(pk=ready.pk).live
    assert not SCRPage.objects.get(pk=broken.pk).live
    assert "Not published: Child K" in err
    held = HeldPublication.objects.get(revision=broken_revision)
    assert "unexpected error" in held.reason


def schedule_by_code(page, due):
    """A revision approved for `due` with the earliest takedown that go-live time allowed."""
    expire_at = rules.end_of_year_on_site(due)
    page.go_live_at, page.expire_at = due, expire_at
    revision = page.save_revision(clean=False)
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=due)
    return expire_at


def test_a_learning_page_due_before_its_late_review_waits_for_it_and_keeps_a_takedown_date(
    review_index, smtp_server
):
    review = CSPRPageFactory(parent=review_index, title="Child T", published=False)
    learning = LearningPageFactory(
        parent=review_index, review=review, published=False, title="Child T: learning"
    )
    now = timezone.now().replace(second=0, microsecond=0)
    schedule_by_code(learning, now - datetime.timedelta(days=4))
    schedule_by_code(review, now - datetime.timedelta(days=3))

    run_scheduler()

    for page in (review, learning):
        page.refresh_from_db()
        assert page.live
        assert page.expire_at == rules.end_of_year_on_site(page.live_since), page.title
    assert not HeldPublication.objects.exists()
