"""Following new reviews: the list leads to plain steps, and the feed itself opens as a page."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEWS = "/child-safeguarding-practice-reviews/"


def test_the_lists_feed_link_leads_to_steps_with_the_address_to_copy(page, site):
    page.goto(site + REVIEWS)

    page.get_by_role("link", name="Follow new reviews in a feed reader").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Follow new reviews"
    address = page.get_by_label("Copy the feed's address")
    assert address.input_value() == f"{site}{REVIEWS}feed/"


def test_the_feed_opened_in_a_browser_is_shown_through_its_stylesheet_within_the_security_policy(page, site):
    console = []
    page.on("console", lambda message: console.append(message.text))
    loaded = []
    page.on("response", lambda response: loaded.append((response.url.removeprefix(site), response.status)))

    response = page.goto(f"{site}{REVIEWS}feed/")

    assert "content-security-policy" in response.headers
    assert ("/static/reviews/feed.xsl", 200) in loaded
    assert ("/static/css/site.css", 200) in loaded
    assert page.get_by_role("heading", level=1).inner_text().startswith("New reviews from the")
    assert page.get_by_role("link", name="Young Person A", exact=True).count() == 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")
    # Chromium's own notice that XSLT is deprecated trips the policy with its inline style; what
    # the site sends must load untouched.
    assert [text for text in console if text.startswith("Refused to")] == []
    page.get_by_role("link", name="How to follow new reviews").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Follow new reviews"
