"""What an editor sees in the page editor, in Chromium."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from reviews.editorial.groups import EDITORS_GROUP
from reviews.models import ReviewIndexPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def editor_cookie(site, django_user_model):
    """A signed-in session of a member of the Editors group, made before the browser starts (it owns
    the test thread's event loop from then on, where Django refuses database queries)."""
    editor = django_user_model.objects.create_user(username="editor", email="editor@example.org")
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client = Client()
    client.force_login(editor)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": site,
    }


@pytest.fixture
def add_page_url(site):
    index = ReviewIndexPage.objects.get()
    return lambda app_label, model_name: f"{site}/admin/pages/add/{app_label}/{model_name}/{index.pk}/"


@pytest.fixture
def editor_page(editor_cookie, add_page_url, page):
    page.context.add_cookies([editor_cookie])
    return page


@pytest.mark.parametrize(
    ("app_label", "model_name"),
    [("reviews", "csprpage"), ("reviews", "scrpage"), ("learning", "learningpage")],
)
def test_typing_a_new_pages_title_fills_in_its_slug(editor_page, add_page_url, app_label, model_name):
    editor_page.goto(add_page_url(app_label, model_name))

    editor_page.locator("#id_title").press_sequentially("Child Q and Sibling")

    expect(editor_page.locator("#id_slug")).to_have_value("child-q-and-sibling")
