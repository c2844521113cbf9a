"""Every installation gets the same three roles and the "Review publication" workflow on its reviews index."""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.actions.publish_page_revision import PublishPagePermissionError
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
)

from reviews.editorial.finish import publish_approved_page
from reviews.models import ModeratorApprovalTask, ReviewIndexPage, StatutoryNoticeTask
from tests.reviews.factories import ReviewIndexPageFactory, SCRPageFactory

# The name the workflow migration gives it; renaming it must not break anything.
WORKFLOW_NAME = "Review publication"

pytestmark = pytest.mark.django_db

EXPECTED = {
    "Editors": {
        "permissions": {"wagtailadmin.access_admin", "reviews.add_theme", "reviews.change_theme"},
        "pages": {"add_page", "change_page"},
        "collections": {"add_document", "choose_document", "add_image", "choose_image"},
    },
    "Moderators": {
        "permissions": {"wagtailadmin.access_admin", "reviews.add_theme", "reviews.change_theme"},
        "pages": {"add_page", "change_page", "lock_page", "unlock_page"},
        "collections": {
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        },
    },
    "Partnership administrators": {
        "permissions": {
            "wagtailadmin.access_admin",
            "reviews.add_theme",
            "reviews.change_theme",
            "reviews.delete_theme",
            "reviews.schedule_takedown",
            "reviews.withdraw_review",
        },
        "pages": {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
        "collections": {
            "add_document",
            "change_document",
            "choose_document",
            "add_image",
            "change_image",
            "choose_image",
        },
    },
}


@pytest.mark.parametrize("group_name", EXPECTED)
def test_each_role_has_exactly_its_documented_permissions(group_name):
    group = Group.objects.get(name=group_name)
    page_permissions = GroupPagePermission.objects.filter(group=group).select_related("page", "permission")
    collection_permissions = GroupCollectionPermission.objects.filter(group=group).select_related(
        "collection", "permission"
    )

    assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == EXPECTED[
        group_name
    ]["permissions"]
    assert {p.permission.codename for p in page_permissions} == EXPECTED[group_name]["pages"]
    assert {p.page.depth for p in page_permissions} == {1}, "granted on the whole page tree"
    assert {p.permission.codename for p in collection_permissions} == EXPECTED[group_name]["collections"]
    assert {p.collection.depth for p in collection_permissions} == {1}, "granted on every collection"


def test_only_administrators_can_publish_directly_and_set_takedown_dates(
    review_index, editor_user, moderator_user, administrator_user
):
    draft = SCRPageFactory(parent=review_index, published=False)

    assert [draft.permissions_for_user(user).can_publish() for user in (editor_user, moderator_user)] == [
        False,
        False,
    ]
    assert draft.permissions_for_user(administrator_user).can_publish()
    assert [
        user.has_perm("reviews.schedule_takedown")
        for user in (editor_user, moderator_user, administrator_user)
    ] == [False, False, True]


def test_the_review_publication_workflow_checks_the_notice_then_a_moderator_approves():
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    tasks = [task.specific for task in workflow.tasks]

    assert workflow.active
    assert [(type(task), task.name) for task in tasks] == [
        (StatutoryNoticeTask, "Statutory notice"),
        (ModeratorApprovalTask, "Moderator approval"),
    ]
    for task in tasks:
        assert set(task.groups.values_list("name", flat=True)) == {"Moderators", "Partnership administrators"}


def test_a_new_reviews_index_is_given_the_workflow(review_index):
    assert WorkflowPage.objects.get(page=review_index).workflow.name == WORKFLOW_NAME
    assert SCRPageFactory(parent=review_index).get_workflow().name == WORKFLOW_NAME


def test_a_new_reviews_index_is_given_the_workflow_even_after_it_was_renamed(home_page):
    Workflow.objects.filter(name=WORKFLOW_NAME).update(name="Publishing reviews")

    index = ReviewIndexPageFactory(parent=home_page)

    assert index.get_workflow().name == "Publishing reviews"


def test_the_migration_assigns_the_workflow_to_a_reviews_index_that_already_exists(home_page):
    migration = importlib.import_module("reviews.migrations.0008_review_publication_workflow")
    migration.remove_workflow(apps, None)
    index = ReviewIndexPageFactory(parent=home_page)
    assert not WorkflowPage.objects.filter(page=index).exists()

    migration.create_workflow(apps, None)

    assert WorkflowPage.objects.get(page=index).workflow.name == WORKFLOW_NAME
    assert ReviewIndexPage.objects.get(pk=index.pk).get_workflow().tasks.count() == 2


def test_approving_publishes_through_the_projects_finish_action():
    assert settings.WAGTAIL_FINISH_WORKFLOW_ACTION == "reviews.editorial.finish.publish_approved_page"
    assert WorkflowState.on_finish is publish_approved_page


def test_only_the_approving_group_may_publish_without_publish_permission(review_index, editor_user):
    """Approving from code as someone outside the step's groups still needs the publish permission."""
    page = SCRPageFactory(parent=review_index, published=False)
    page.save_revision(user=editor_user)
    Workflow.objects.get(name=WORKFLOW_NAME).start(page, editor_user)
    page.refresh_from_db()

    with pytest.raises(PublishPagePermissionError):
        page.current_workflow_task_state.approve(user=editor_user)
