"""What a visitor on a phone meets first: 375 by 667 CSS pixels, with nothing scrolled."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEWS = "/child-safeguarding-practice-reviews/"
SCREEN_HEIGHT = 667
SCREEN_WIDTH = 375
# What people paste into a search box: an address with no spaces to break it at.
PASTED_ADDRESS = "https://www.example.org/reviews/ChildSafeguardingPracticeReviewYoungPersonAFullReport.pdf"


def top_of(page, selector):
    return page.locator(selector).first.bounding_box()["y"]


def test_the_search_box_and_the_newest_review_are_on_the_first_screen(phone, site):
    phone.goto(site + REVIEWS)

    assert top_of(phone, "#search-q") + 44 <= SCREEN_HEIGHT
    first_card = top_of(phone, ".review-card")
    assert first_card < SCREEN_HEIGHT
    assert phone.locator(".review-card").first.inner_text().startswith("Young Person A")


def test_the_explanations_follow_the_reviews_and_keep_the_reference_pages_content(phone, site):
    phone.goto(site + REVIEWS)
    main = phone.locator("main").inner_text()

    assert main.index("Young Person A") < main.index("What a practice review is")
    for fact in (
        "Child Safeguarding Practice Review Panel",
        "three safeguarding partners",
        "no longer",
        "Working Together to Safeguard Children 2023",
        "not a way of blaming",
        "at least one year",
        "NSPCC national case review repository",
        "Learning on a Page",
        "Children Act 2004",
    ):
        assert fact in main, fact


def test_the_result_count_is_on_the_first_screen(phone, site):
    phone.goto(f"{site}{REVIEWS}?q=neglect&type=scr&year=2019")

    count = phone.locator("[role=status]")
    assert "result" in count.inner_text()
    assert count.bounding_box()["y"] + count.bounding_box()["height"] <= SCREEN_HEIGHT


def test_a_pasted_address_in_the_search_does_not_push_the_page_sideways(phone, site):
    phone.goto(f"{site}{REVIEWS}?q={PASTED_ADDRESS}")

    assert PASTED_ADDRESS in phone.locator("[role=status]").inner_text().replace("\n", "")
    assert phone.evaluate("document.documentElement.scrollWidth") <= SCREEN_WIDTH


def test_a_review_on_a_phone_gives_each_fact_the_full_width_and_the_download_before_the_summary(phone, site):
    phone.goto(f"{site}{REVIEWS}young-person-a/")
    main = phone.locator("main")

    for value in phone.locator(".review__facts dd").all():
        assert value.bounding_box()["width"] > 300
    assert main.inner_text().count("Child Safeguarding Practice Review (CSPR)") == 1
    download = phone.get_by_role("link", name="Download the full report as a PDF: Young Person A")
    summary = phone.get_by_role("heading", name="Summary")
    assert download.bounding_box()["y"] < summary.bounding_box()["y"]


def test_a_reviews_themes_read_as_separate_items_of_a_list(phone, site):
    phone.goto(f"{site}{REVIEWS}young-person-a/")

    themes = phone.get_by_role("list").filter(has_text="Exploitation")

    items = themes.get_by_role("listitem").all()
    assert [item.inner_text().split("\n")[0] for item in items] == [
        "Exploitation",
        "Information sharing",
        "Professional curiosity",
    ]
    tops = [item.bounding_box()["y"] for item in items]
    assert tops == sorted(set(tops))  # one a line, never run together
    assert items[0].evaluate("item => getComputedStyle(item).listStyleType") == "disc"


def test_a_worried_parent_finds_childrens_services_beside_the_review_on_a_phone(phone, site):
    phone.goto(f"{site}{REVIEWS}young-person-a/")

    beside = phone.get_by_role("complementary", name="Worried about a child?")

    assert beside.get_by_role("link", name="01632 960100").get_attribute("href") == "tel:01632960100"
    assert beside.bounding_box()["y"] < phone.locator("footer").bounding_box()["y"]
