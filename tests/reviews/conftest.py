import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from reviews.editorial.groups import ADMINISTRATORS_GROUP
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory


@pytest.fixture
def in_window_review(review_index):
    """A review published today: it must stay public for another year."""
    return CSPRPageFactory(parent=review_index, title="Young Person A")


@pytest.fixture
def ended_window_review(review_index):
    """A review that went live two years ago: its window is over."""
    review = CSPRPageFactory(parent=review_index, title="Child WR")
    type(review).objects.filter(pk=review.pk).update(live_since=timezone.now() - datetime.timedelta(days=730))
    review.refresh_from_db()
    return review


@pytest.fixture
def in_window_learning_page(review_index, in_window_review):
    return LearningPageFactory(parent=review_index, review=in_window_review)


@pytest.fixture
def assert_still_public():
    """The page is still live, and an anonymous visitor can read it at its address."""

    def check(page):
        page.refresh_from_db()
        assert page.live
        assert Client().get(page.url).status_code == 200

    return check


@pytest.fixture
def messages_of():
    from django.contrib.messages import get_messages

    def read(response):
        return [str(message).strip() for message in get_messages(response.wsgi_request)]

    return read


def _member_of(django_user_model, group_name, username):
    """A real member of staff: in one of the groups the migrations create, with no other rights."""
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", first_name=username.capitalize()
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor_user(django_user_model):
    return _member_of(django_user_model, "Editors", "editor")


@pytest.fixture
def moderator_user(django_user_model):
    return _member_of(django_user_model, "Moderators", "moderator")


@pytest.fixture
def second_moderator_user(django_user_model):
    return _member_of(django_user_model, "Moderators", "secondmoderator")


@pytest.fixture
def administrator_user(django_user_model):
    return _member_of(django_user_model, "Partnership administrators", "partnershipadmin")


@pytest.fixture
def client_for():
    """A separate logged-in admin client per person, so one test can play several roles."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def make_administrator(django_user_model):
    """A partnership administrator with a name, an e-mail address and no other rights."""

    def make(username, **fields):
        fields = {"email": f"{username}@example.org", "first_name": username.title(), **fields}
        user = django_user_model.objects.create_user(username=username, **fields)
        user.groups.add(Group.objects.get(name=ADMINISTRATORS_GROUP))
        return user

    return make


@pytest.fixture
def administrator(make_administrator):
    return make_administrator("ada")


@pytest.fixture
def administrator_client(administrator):
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def editor_client(django_user_model):
    """A member of Wagtail's own Editors group: may edit every page, but not withdraw."""
    editor = django_user_model.objects.create_user(username="eddie", email="eddie@example.org")
    editor.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(editor)
    return client


# After every test of the publication window, the promise itself is checked: whatever the test
# tried, every page inside its window is still live, public and complete for an anonymous visitor.
WINDOW_TEST_MODULES = {
    "test_publication_window_rule",
    "test_window_documents",
    "test_window_late_schedule",
    "test_window_races",
    "test_window_scheduler_privacy_move",
    "test_window_state",
    "test_window_takedown_dates",
    "test_window_unpublish_and_delete",
    "test_withdrawal",
}


@pytest.fixture(autouse=True)
def the_window_still_holds_afterwards(request):
    checked = request.module.__name__.rpartition(".")[2] in WINDOW_TEST_MODULES
    if checked:
        request.getfixturevalue("db")
    yield
    if checked:
        from reviews.window.invariant import all_breaches

        assert [f"{breach.page.title}: {breach.what}" for breach in all_breaches()] == []
