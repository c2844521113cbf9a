"""The alerts' pages in Chromium at phone and desktop widths: axe-core, the keyboard, no sideways scroll."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.cache import cache

from tests.browser.conftest import page_of_size
from tests.browser.test_pages_in_a_browser import describe
from tests.learning.alerts.conftest import link_to

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOLLOW = "/child-safeguarding-practice-reviews/follow/"
SIZES = {"phone": (375, 667), "desktop": (1280, 900)}


def assert_accessible(page, what):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{what}: {describe(results.response['violations'])}"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{what} scrolls sideways"


@pytest.mark.parametrize("size", SIZES)
def test_the_follow_page_and_every_page_of_signing_up_confirming_managing_and_leaving_pass_axe(
    browser, site, size
):
    cache.clear()
    page = next(page_of_size(browser, *SIZES[size]))

    page.goto(site + FOLLOW)
    assert_accessible(page, "the follow page")

    page.get_by_role("button", name="Sign up for alerts").click()
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page, "the follow page with its errors")

    page.get_by_label("Your e-mail address").fill("practitioner@example.org")
    page.get_by_label("A weekly digest").check()
    page.get_by_role("button", name="Sign up for alerts").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Check your e-mail"
    assert_accessible(page, "check your e-mail")

    # The site's mail stays in memory in tests; the database is out of reach once the browser runs.
    confirm = link_to(mail.outbox[-1].body, "/confirm/")
    page.goto(confirm)
    assert_accessible(page, "confirm")
    page.get_by_role("button", name="Confirm and start my alerts").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your alerts are on"
    assert_accessible(page, "confirmed")
    page.goto(confirm)
    assert_accessible(page, "already confirmed")

    page.get_by_role("link", name="Change your choices").click()
    assert_accessible(page, "manage")
    page.get_by_label("Only the themes I choose").check()
    page.get_by_role("button", name="Save my choices").click()
    assert_accessible(page, "manage with its errors")
    page.get_by_label("Neglect").check()
    page.get_by_role("button", name="Save my choices").click()
    assert page.get_by_role("status").inner_text() == "Your choices are saved."
    assert_accessible(page, "manage, saved")

    page.get_by_role("link", name="Stop all alerts").click()
    assert_accessible(page, "unsubscribe")
    page.get_by_role("button", name="Stop my alerts").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You will get no more alerts"
    assert_accessible(page, "unsubscribed")

    page.goto(f"{site}{FOLLOW}confirm/not-a-real-link/")
    assert_accessible(page, "a link that does not work")

    cache.set("alerts:sign-up:127.0.0.1", 5, 3600)
    page.goto(site + FOLLOW)
    page.get_by_label("Your e-mail address").fill("another@example.org")
    page.get_by_role("button", name="Sign up for alerts").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Too many sign-ups from your connection"
    assert_accessible(page, "too many sign-ups")
    page.context.close()


def test_a_keyboard_user_signs_up_without_meeting_the_hidden_field(page, site):
    cache.clear()
    page.goto(site + FOLLOW)
    page.get_by_label("Your e-mail address").focus()
    page.keyboard.type("keyboard@example.org")

    reached = []
    for _step in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()")
        reached.append(focused)
        if focused == "Sign up for alerts":
            break

    assert "website" not in reached
    assert reached[-1] == "Sign up for alerts"
    page.keyboard.press("Enter")
    page.wait_for_url("**/check-your-email/")
    assert mail.outbox[-1].to == ["keyboard@example.org"]
