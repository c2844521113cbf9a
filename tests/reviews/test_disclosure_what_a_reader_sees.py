"""The disclosure check judged by what a reader sees, through the real upload, editor and download.

Every file of the corpus that hides words from its reader, whatever hides them, is refused; every
file that keeps words where no page draws them publishes with a public copy that holds none of
them, in any revision or object, read from the raw bytes; files the check cannot read whole are
refused at upload saying why; the legitimate controls publish.
"""

import io
import re
import zlib

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.test.utils.form_data import querydict_from_html

from reviews.documents import disclosure, disclosure_records
from reviews.documents.models import DisclosureCheck
from reviews.models import CSPRPage
from tests.reviews import disclosure_corpus as corpus
from tests.reviews.factories import CSPRPageFactory
from tests.reviews.test_disclosure_publishing import (
    REFUSED,
    panel_of,
    publish_from_the_editor,
    refusal_beside,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_with(review_index, admin_client):
    """A CSPR draft whose report is this file, uploaded through the admin."""

    def make(name, data):
        return CSPRPageFactory(
            parent=review_index, published=False, report=upload(admin_client, name, data), title="Child Q"
        )

    return make


def raw_bytes_hold(data, words):
    """Whether the words are anywhere in the file: as text, hex or UTF-16, raw or in any inflated stream.

    Read from the bytes, not through a PDF library, so no revision or unreferenced object escapes.
    """
    encoded = words.encode("latin-1")
    forms = {encoded, words.encode("utf-16-be"), encoded.hex().encode(), encoded.hex().upper().encode()}
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            chunks.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return any(form in chunk for chunk in chunks for form in forms)


def public_copy(document):
    response = Client().get(document.url)
    assert response.status_code == 200
    return response.content if not response.streaming else b"".join(response.streaming_content)


@pytest.mark.parametrize("name", corpus.HIDDEN)
def test_words_hidden_from_the_reader_in_any_way_are_found_and_stop_publishing(
    name, admin_client, draft_with
):
    builder, kind = corpus.HIDDEN[name]
    review = draft_with(name, builder())

    panel = panel_of(admin_client, review)
    response = publish_from_the_editor(admin_client, review)

    assert f"Page 1: {disclosure_records.KIND_LABELS[kind]}" in panel
    assert corpus.SECRET in panel
    assert REFUSED in refusal_beside(response, "report")
    assert not CSPRPage.objects.get(pk=review.pk).live


def test_the_raw_bytes_helper_finds_the_words_in_the_file_they_are_hidden_in():
    # The proof below is only worth something if it sees the words where they are.
    for builder in corpus.REMOVED.values():
        assert raw_bytes_hold(builder(), corpus.SECRET)


@pytest.mark.parametrize("name", corpus.REMOVED)
def test_words_no_page_draws_are_left_out_of_the_public_copy_which_publishes(
    name, admin_client, draft_with, review_index
):
    original = corpus.REMOVED[name]()
    review = draft_with(name, original)

    publish_from_the_editor(admin_client, review)
    review.refresh_from_db()
    downloaded = public_copy(review.report)

    assert review.live
    assert raw_bytes_hold(original, corpus.SECRET)
    assert not raw_bytes_hold(downloaded, corpus.SECRET)
    assert disclosure.earlier_revisions(downloaded) == []
    for key in (b"/PieceInfo", b"/AF", b"/EmbeddedFile"):
        assert key not in downloaded
    with pikepdf.open(io.BytesIO(downloaded)) as pdf:
        assert len(pdf.pages) == 1


def test_the_panel_says_private_data_and_associated_files_are_left_out(admin_client, draft_with):
    private = draft_with("private", corpus.private_application_data())

    panel = panel_of(admin_client, private)

    assert "private application data (PieceInfo, in 2 places)" in panel


def test_the_public_gets_a_rebuilt_copy_even_when_nothing_needed_removing(admin_client, draft_with):
    original = corpus.unreferenced_object_with_the_words()
    review = draft_with("unreferenced", original)

    publish_from_the_editor(admin_client, review)
    review.refresh_from_db()

    assert DisclosureCheck.objects.get(document=review.report).removed == []
    assert public_copy(review.report) != original


@pytest.mark.parametrize("name", corpus.REFUSED)
def test_a_file_the_check_cannot_read_whole_is_refused_at_upload_saying_why(name, admin_client):
    builder, words = corpus.REFUSED[name]
    form = querydict_from_html(
        admin_client.get("/admin/documents/add/").content.decode(), form_id="w-editor-form"
    )
    form["title"] = "Full report"

    response = admin_client.post(
        "/admin/documents/add/", {**form.dict(), "file": SimpleUploadedFile(f"{name}.pdf", builder())}
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert words in errors and "cannot be checked for hidden text" in errors
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize("name", corpus.MORE_CONTROLS)
def test_legitimate_reports_publish(name, admin_client, draft_with):
    review = draft_with(name, corpus.MORE_CONTROLS[name]())

    panel = panel_of(admin_client, review)
    publish_from_the_editor(admin_client, review)

    assert "Nothing hidden was found in 1 page" in panel
    assert CSPRPage.objects.get(pk=review.pk).live


def test_a_listed_name_is_found_in_a_pdf_whatever_its_apostrophe_or_hyphen(admin_client, draft_with):
    review = draft_with("named", corpus.name_with_a_possessive())
    admin_client.post(f"/admin/reviews/disclosure/{review.pk}/names/", {"names": "Jessica\nOakfield Smith"})

    response = publish_from_the_editor(admin_client, review)

    assert "a listed name or term on page 1" in refusal_beside(response, "report")
    findings = DisclosureCheck.objects.get(document=review.report).findings.filter(
        kind=disclosure.PROTECTED_NAME
    )
    assert findings.count() == 2
    assert not CSPRPage.objects.get(pk=review.pk).live
