"""The report as a web page in Chromium: accessible at phone and desktop widths, every heading reachable."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from reviews.models import CSPRPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REPORT = "/child-safeguarding-practice-reviews/young-person-a/report/"
WIDE_TABLE = {
    "type": "table",
    "value": {
        "data": [
            [f"Column heading {number}" for number in range(1, 9)],
            [f"{number}" for number in range(1, 9)],
        ],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": "A table wider than a phone",
    },
}


def describe(violations):
    return "\n".join(
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in violations
    )


@pytest.fixture
def report_with_a_wide_table(site):
    """The demo report, with a table far wider than a phone's screen added to it."""
    review = CSPRPage.objects.get(slug="young-person-a")
    review.report_body.append(("table", WIDE_TABLE["value"]))
    review.save_revision().publish()
    return site + REPORT


@pytest.mark.parametrize("width", [375, 1280])
def test_the_report_page_has_no_accessibility_violations(report_with_a_wide_table, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(report_with_a_wide_table)

    results = Axe().run(page)

    assert results.violations_count == 0, describe(results.response["violations"])
    context.close()


def test_the_report_reflows_at_320_pixels_and_only_the_wide_table_scrolls(report_with_a_wide_table, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(report_with_a_wide_table)

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    region = page.get_by_role("region", name="A table wider than a phone (scrolls sideways)")
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    # Chromium may scroll smoothly: wait for the region to move rather than read it at once.
    page.wait_for_function("element => element.scrollLeft > 0", arg=region.element_handle(), timeout=5000)
    context.close()


def test_every_heading_of_the_report_is_reachable_from_the_contents(page, site):
    page.goto(site + REPORT)
    heading_ids = page.eval_on_selector_all(".web-report__body :is(h2, h3, h4)", "hs => hs.map(h => h.id)")
    contents_targets = page.eval_on_selector_all(
        "nav.contents a", "links => links.map(a => a.getAttribute('href').slice(1))"
    )

    assert heading_ids and all(heading_ids)
    assert sorted(heading_ids) == sorted(contents_targets)
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Recommendations").click()
    assert page.evaluate("location.hash") == "#recommendations"
    assert page.evaluate("document.querySelector(':target').textContent") == "Recommendations"


def test_the_report_page_has_no_duplicate_ids(page, site):
    page.goto(site + REPORT)

    ids = page.eval_on_selector_all("[id]", "elements => elements.map(element => element.id)")

    assert "recommendation-4" in ids
    assert len(ids) == len(set(ids))
