"""What a keyboard user sees: every element that takes focus keeps its text readable."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

REVIEWS = "/child-safeguarding-practice-reviews/"
PAGES = [
    "/",
    REVIEWS,
    f"{REVIEWS}?q=neglect&type=scr",
    f"{REVIEWS}young-person-a/",
    f"{REVIEWS}young-person-a-learning-on-a-page/",
    "/accessibility-statement/",
]
# WCAG 2.2 success criterion 1.4.3: normal text needs 4.5:1 against what is behind it.
MINIMUM_CONTRAST = 4.5

# The focused element's text colour against the first opaque background behind it, as WCAG
# computes contrast; returns a description so that a failure names what failed.
FOCUSED_CONTRAST = """() => {
  const element = document.activeElement;
  const channels = (colour) => colour.match(/[\\d.]+/g).map(Number);
  const luminance = (colour) => {
    const [r, g, b] = channels(colour).slice(0, 3).map((value) => {
      const c = value / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let behind = element;
  let background = getComputedStyle(behind).backgroundColor;
  while (behind && (channels(background)[3] === 0)) {
    behind = behind.parentElement;
    background = behind ? getComputedStyle(behind).backgroundColor : "rgb(255, 255, 255)";
  }
  const text = getComputedStyle(element).color;
  const [lighter, darker] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return {
    name: element.tagName + " " + (element.innerText || element.id || "").trim().slice(0, 40),
    text, background, ratio: (lighter + 0.05) / (darker + 0.05),
    isBody: element === document.body,
  };
}"""


def focused_elements(page, limit=80):
    """Press Tab until focus has been round the page once, describing each element on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_CONTRAST)
        if focused["isBody"] or (seen and focused["name"] == seen[0]["name"]):
            break
        seen.append(focused)
    return seen


@pytest.mark.parametrize("path", PAGES)
def test_every_element_the_keyboard_reaches_keeps_its_text_at_4_5_to_1_or_more(page, site, path):
    page.goto(site + path)

    focused = focused_elements(page)

    assert len(focused) >= 4  # the skip link, the header, the footer at least
    unreadable = [
        f"{item['name']}: {item['text']} on {item['background']} ({item['ratio']:.2f}:1)"
        for item in focused
        if item["ratio"] < MINIMUM_CONTRAST
    ]
    assert unreadable == []


def test_a_focused_header_link_shows_dark_text_on_the_yellow_focus_colour(page, site):
    page.goto(site + REVIEWS)
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the partnership's name, in the header

    focused = page.evaluate(FOCUSED_CONTRAST)

    assert "Safeguarding Children Partnership" in focused["name"]
    assert focused["background"] == "rgb(255, 221, 0)"
    assert focused["text"] == "rgb(11, 12, 12)"
