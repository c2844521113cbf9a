"""`load_demo_content --with-demo-users` gives one account per editorial role, with passwords shown once."""

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import WorkflowPage

from reviews.models import CSPRPage, ReviewIndexPage

pytestmark = pytest.mark.django_db

ROLES = {
    "demo-editor": "Editors",
    "demo-moderator": "Moderators",
    "demo-administrator": "Partnership administrators",
}


def load(*args):
    output = StringIO()
    call_command("load_demo_content", *args, stdout=output)
    return output.getvalue()


def printed_passwords(output):
    return dict(re.findall(r"^  (demo-[a-z]+) \([^)]*\): (\S+)$", output, re.M))


def test_demo_users_are_created_only_when_asked_for():
    load()

    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_each_demo_user_is_in_its_group_and_signs_in_with_the_password_printed_once():
    output = load("--with-demo-users")

    passwords = printed_passwords(output)
    assert set(passwords) == set(ROLES)
    for username, group_name in ROLES.items():
        user = get_user_model().objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group_name]
        assert not user.is_superuser and not user.is_staff
        assert user.check_password(passwords[username])
        assert len(passwords[username]) >= 16


def test_passwords_are_generated_afresh_and_never_repeated():
    first = printed_passwords(load("--with-demo-users"))
    get_user_model().objects.filter(username__startswith="demo-").delete()

    second = printed_passwords(load("--with-demo-users"))

    assert len(set(first.values())) == 3
    assert set(first.values()).isdisjoint(second.values())


def test_running_again_leaves_existing_users_and_their_passwords_alone():
    passwords = printed_passwords(load("--with-demo-users"))

    output = load("--with-demo-users")

    assert printed_passwords(output) == {}
    assert "Demo users: 0 created, 3 already present" in output
    for username, password in passwords.items():
        assert get_user_model().objects.get(username=username).check_password(password)


def test_the_demo_reviews_index_goes_through_the_review_publication_workflow():
    load()

    index = ReviewIndexPage.objects.get()
    assert WorkflowPage.objects.get(page=index).workflow.name == "Review publication"
    assert CSPRPage.objects.live().get().panel_notified_on is not None
