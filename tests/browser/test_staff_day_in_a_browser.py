"""A staff day in Chromium: the preview panel, four eyes without lock-outs, and refusals that say why.

Everything the database holds is prepared in fixtures listed before the browser's: once the
browser starts it owns the test thread's event loop, where Django refuses database queries.
"""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from reviews.models import SCRPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def session_cookie(site, user):
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": site,
    }


@pytest.fixture
def demo_scr(site):
    return SCRPage.objects.live().order_by("pk").first()


@pytest.fixture
def superuser_cookie(site, superuser):
    return session_cookie(site, superuser)


def test_the_preview_panel_shows_the_page_inside_the_editor(site, demo_scr, superuser_cookie, page):
    page.context.add_cookies([superuser_cookie])
    console = []
    page.on("console", lambda message: console.append(message.text))

    page.goto(f"{site}/admin/pages/{demo_scr.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()

    # Wagtail loads each preview into a second frame and swaps it in once loaded.
    frame = page.frame_locator("iframe[src*='in_preview_panel=true']").first
    expect(frame.locator("h1")).to_contain_text(demo_scr.title)
    assert not [message for message in console if "frame" in message.lower()], console
