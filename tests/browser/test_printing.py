"""A Learning on a Page printed for a team meeting says whose it is, when and where the review is."""

from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from learning.models import LearningPage
from reviews.models import CSPRPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LEARNING_PAGE = "/child-safeguarding-practice-reviews/young-person-a-learning-on-a-page/"


def printed_text(page):
    """The words on the printed sheets, as the PDF Chromium prints holds them, on one line."""
    pdf = PdfReader(BytesIO(page.pdf(format="A4", print_background=False)))
    return " ".join(" ".join(sheet.extract_text() for sheet in pdf.pages).split()), len(pdf.pages)


@pytest.fixture
def expected(site):
    """Read from the database before the browser starts: its event loop forbids queries after."""
    return {
        "review_address": CSPRPage.objects.get(slug="young-person-a").get_full_url(),
        "published": timezone.localtime(LearningPage.objects.get().live_since),
    }


def test_a_printed_learning_on_a_page_names_the_partnership_the_full_reviews_address_and_a_date(
    expected, page, site
):
    review_address, published = expected["review_address"], expected["published"]
    page.goto(site + LEARNING_PAGE)
    page.emulate_media(media="print")

    text, sheets = printed_text(page)

    assert sheets == 1
    assert text.startswith("Safeguarding Children Partnership Learning on a Page")
    assert f"published on its website on {published:%-d %B %Y}" in text
    assert f"The full review: {review_address}" in text.replace(" /", "/")


def test_the_print_only_lines_stay_off_the_screen(page, site):
    page.goto(site + LEARNING_PAGE)

    assert page.locator(".print-only").count() == 2
    assert all(not line.is_visible() for line in page.locator(".print-only").all())
