"""What a person sees: every public page type in Chromium, checked with axe-core."""

from io import BytesIO
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from pypdf import PdfReader

from reviews.models import SCRPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEWS = "/child-safeguarding-practice-reviews/"
PUBLIC_PAGES = {
    "home": "/",
    "reviews index": REVIEWS,
    "practice review": f"{REVIEWS}young-person-a/",
    "serious case review": f"{REVIEWS}child-wr/",
    "learning on a page": f"{REVIEWS}young-person-a-learning-on-a-page/",
    "search results": f"{REVIEWS}?q=information&type=scr",
    "search with a bad value": f"{REVIEWS}?year=abc&theme=nothing",
    "accessibility statement": "/accessibility-statement/",
    "how to follow new reviews": f"{REVIEWS}follow/",
    "not found": "/no-such-page/",
}


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in violations
    )


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_type_has_no_accessibility_violations(page, site, name):
    page.goto(site + PUBLIC_PAGES[name])

    results = Axe().run(page)

    assert results.violations_count == 0, describe(results.response["violations"])


@pytest.fixture
def taken_down_review(site):
    """A review whose year is over, unpublished before the browser starts."""
    review = SCRPage.objects.get(slug="child-g")
    SCRPage.objects.filter(pk=review.pk).update(live_since=review.live_since.replace(year=2020))
    review.refresh_from_db()
    review.unpublish()
    return review


def test_a_taken_down_review_notice_has_no_accessibility_violations(taken_down_review, page, site):
    response = page.goto(site + taken_down_review.url)

    assert response.status == 410
    results = Axe().run(page)
    assert results.violations_count == 0, describe(results.response["violations"])


def test_a_keyboard_user_can_fill_in_and_submit_the_filters(page, site):
    page.goto(site + REVIEWS)
    page.keyboard.press("Tab")  # the skip link
    while page.evaluate("document.activeElement.id") != "search-q":
        page.keyboard.press("Tab")

    page.keyboard.type("neglect")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Search reviews"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Filter by type, year or theme"
    page.keyboard.press("Enter")  # unfolds the filters
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-type"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-year"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-theme"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Apply filters"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert "q=neglect" in page.url
    status = page.locator("[role=status]")
    assert status.count() == 1 and "result" in status.inner_text()


def test_the_site_makes_no_third_party_requests(page, site):
    hosts = set()
    page.on("request", lambda request: hosts.add(urlparse(request.url).netloc))

    for path in PUBLIC_PAGES.values():
        page.goto(site + path)

    assert hosts == {urlparse(site).netloc}


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches_and_moves_focus_to_the_content(page, site):
    page.goto(site + REVIEWS)

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main-content"


@pytest.mark.parametrize("path", [REVIEWS, f"{REVIEWS}young-person-a/"])
def test_pages_reflow_at_320_pixels_without_sideways_scrolling(browser, site, path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    narrow = context.new_page()
    narrow.goto(site + path)

    assert narrow.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_a_learning_on_a_page_prints_on_one_a4_sheet(page, site):
    page.goto(site + PUBLIC_PAGES["learning on a page"])
    page.emulate_media(media="print")

    pdf = page.pdf(format="A4", print_background=False)

    assert len(PdfReader(BytesIO(pdf)).pages) == 1


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["reviews index", "practice review"])
def test_screenshots_of_the_index_and_a_review_at_phone_and_desktop_widths(
    browser, site, screenshot_dir, name, width
):
    context = browser.new_context(viewport={"width": width, "height": 900})
    screen = context.new_page()
    screen.goto(site + PUBLIC_PAGES[name])
    path = screenshot_dir / f"{name.replace(' ', '-')}-{width}.png"

    screen.screenshot(path=str(path), full_page=True)

    assert path.stat().st_size > 1000
    context.close()
