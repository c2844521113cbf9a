"""Existing pages get a live-since date, and every installation has a Partnership administrators group."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import PageLogEntry

from reviews.editorial.groups import ADMINISTRATORS_GROUP
from reviews.models import CSPRPage
from reviews.window import rules
from reviews.window.backfill import backfill_live_since
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


def at(days_ago):
    return timezone.now() - datetime.timedelta(days=days_ago)


def log(page, action, days_ago):
    PageLogEntry.objects.create(
        page=page, action=action, content_type=page.content_type, label=page.title, timestamp=at(days_ago)
    )


def test_backfill_takes_the_last_time_a_page_went_from_not_live_to_live(review_index):
    review = CSPRPageFactory(parent=review_index)
    CSPRPage.objects.filter(pk=review.pk).update(live_since=None)
    PageLogEntry.objects.filter(page=review).delete()
    log(review, "wagtail.publish", days_ago=900)
    log(review, "wagtail.publish", days_ago=800)  # an edit published while live
    log(review, "wagtail.unpublish", days_ago=500)
    log(review, "wagtail.publish.scheduled", days_ago=100)
    log(review, "wagtail.publish", days_ago=50)  # another edit

    backfill_live_since(apps, "reviews", "CSPRPage")

    review.refresh_from_db()
    assert abs(review.live_since - at(100)) < datetime.timedelta(minutes=1)


def test_backfill_falls_back_to_the_first_publication_without_a_log(review_index):
    review = CSPRPageFactory(parent=review_index)
    CSPRPage.objects.filter(pk=review.pk).update(live_since=None, first_published_at=at(400))
    PageLogEntry.objects.filter(page=review).delete()

    backfill_live_since(apps, "reviews", "CSPRPage")

    review.refresh_from_db()
    assert abs(review.live_since - at(400)) < datetime.timedelta(minutes=1)


def test_the_partnership_administrators_group_can_schedule_takedowns_and_withdraw(django_user_model):
    group = Group.objects.get(name=ADMINISTRATORS_GROUP)
    user = django_user_model.objects.create_user(username="administrator")
    user.groups.add(group)

    assert user.has_perm(rules.TAKEDOWN_PERMISSION)
    assert user.has_perm(rules.WITHDRAW_PERMISSION)
    assert user.has_perm("wagtailadmin.access_admin")


def test_other_staff_cannot_schedule_takedowns(django_user_model):
    user = django_user_model.objects.create_user(username="editor")
    user.groups.add(Group.objects.get(name="Editors"))

    assert not user.has_perm(rules.TAKEDOWN_PERMISSION)
