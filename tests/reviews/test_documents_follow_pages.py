"""A document downloads for the public only while a live, public page shows it."""

import pytest
from django.test import Client
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from reviews.window.actions import WithdrawPageAction
from tests.cspr_site.factories import InformationPageFactory, PdfDocumentFactory
from tests.learning.factories import LearningPageFactory
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


def anonymous_status(document):
    return Client().get(document.url).status_code


@pytest.fixture
def withdrawn_review(review_index, administrator):
    """A live review with its response and a Learning on a Page PDF, then withdrawn by an administrator."""
    review = CSPRPageFactory(parent=review_index, title="Child W", response_document=PdfDocumentFactory())
    learning = LearningPageFactory(parent=review_index, review=review, pdf_version=PdfDocumentFactory())
    assert [anonymous_status(d) for d in (review.report, review.response_document, learning.pdf_version)] == [
        200,
        200,
        200,
    ]
    WithdrawPageAction(review, administrator, "A court order requires removal.").execute()
    review.refresh_from_db()
    learning.refresh_from_db()
    return review, learning


def test_a_live_reviews_report_downloads_for_anyone(in_window_review):
    response = Client().get(in_window_review.report.url)

    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")


def test_a_drafts_report_is_not_found_by_a_visitor_who_guesses_its_address(review_index):
    draft = CSPRPageFactory(parent=review_index, published=False)

    assert anonymous_status(draft.report) == 404


def test_a_document_no_page_uses_is_not_found(db):
    assert anonymous_status(PdfDocumentFactory()) == 404


def test_staff_who_manage_documents_still_open_a_drafts_report(review_index, editor_user, client_for):
    draft = CSPRPageFactory(parent=review_index, published=False)

    assert client_for(editor_user).get(draft.report.url).status_code == 200


def test_every_document_of_a_withdrawn_review_answers_gone_with_its_notice(withdrawn_review):
    review, learning = withdrawn_review

    for document in (review.report, review.response_document, learning.pdf_version):
        response = Client().get(document.url)
        assert response.status_code == 410
        assert "is no longer on this site" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"
    assert "Child W" in Client().get(review.report.url).content.decode()


def test_the_report_of_a_review_taken_down_after_its_year_answers_gone(ended_window_review, admin_client):
    admin_client.post(f"/admin/pages/{ended_window_review.pk}/unpublish/", {})

    ended_window_review.refresh_from_db()
    assert not ended_window_review.live
    assert anonymous_status(ended_window_review.report) == 410


def test_a_document_linked_from_a_pages_text_downloads_until_that_page_is_made_private(home_page):
    document = PdfDocumentFactory()
    page = InformationPageFactory(
        parent=home_page, body=f'<p><a linktype="document" id="{document.pk}">Minutes</a></p>'
    )
    assert anonymous_status(document) == 200

    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

    assert anonymous_status(document) == 404


def test_a_document_linked_only_by_an_alias_of_a_private_page_stays_private(home_page):
    document = PdfDocumentFactory()
    source = InformationPageFactory(
        parent=home_page, body=f'<p><a linktype="document" id="{document.pk}">Minutes</a></p>'
    )
    alias = source.create_alias(parent=home_page, update_slug="minutes-again")
    assert anonymous_status(document) == 200

    # Wagtail shows an alias only to whoever may see its source, wherever the alias stands.
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)

    assert Client().get(alias.url).status_code == 302
    assert anonymous_status(document) == 404


def test_a_report_shared_with_a_live_review_still_downloads_after_another_is_withdrawn(
    review_index, administrator
):
    shared = PdfDocumentFactory()
    CSPRPageFactory(parent=review_index, title="Kept", report=shared)
    gone = CSPRPageFactory(parent=review_index, title="Gone", report=shared)

    WithdrawPageAction(gone, administrator, "A court order.").execute()

    assert anonymous_status(shared) == 200


class RecordingCDN(BaseBackend):
    """A CDN that writes down what it was asked to purge."""

    purged = []

    def purge(self, url):
        self.purged.append(url)


def test_withdrawal_purges_the_document_addresses_from_the_cdn(settings, in_window_review, administrator):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingCDN"}}
    RecordingCDN.purged = []

    WithdrawPageAction(in_window_review, administrator, "A court order.").execute()

    assert f"http://localhost{in_window_review.report.url}" in RecordingCDN.purged
