"""What a partnership administrator sees of the disclosure check, in Chromium."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from reviews.models import ReviewIndexPage
from tests.reviews import disclosure_corpus as corpus
from tests.reviews.factories import SCRPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def draft_hiding_text(site, django_user_model):
    """A Serious Case Review draft whose report has words under a black box, and an administrator."""
    user = django_user_model.objects.create_user(
        username="partnershipadmin", email="admin@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="Partnership administrators"))
    report = get_document_model().objects.create(
        title="Child S full report", file=ContentFile(corpus.text_under_black_box(), name="child-s.pdf")
    )
    return SCRPageFactory(
        parent=ReviewIndexPage.objects.get(), title="Child S", report=report, published=False
    )


def test_an_administrator_reads_the_finding_in_the_editor_and_accepts_it_with_a_reason(
    draft_hiding_text, site, page
):
    # The draft is made before the browser starts: Playwright's event loop forbids database calls.
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", "partnershipadmin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{site}/admin/pages/{draft_hiding_text.pk}/edit/")

    panel = page.locator(".help-block", has_text="Disclosure check.")
    assert "Page 1: text under a box." in panel.inner_text()
    assert "Jane Smith lives at 12 Oak Road" in panel.inner_text()

    panel.get_by_role("link", name="Accept with a reason…").click()
    page.fill("textarea[name=reason]", "The box covers a heading repeated on the next page.")
    page.get_by_role("button", name="Accept this finding").click()

    accepted = page.locator(".help-block", has_text="Disclosure check.").inner_text()
    assert "Accepted by" in accepted
    assert "The box covers a heading repeated on the next page." in accepted
