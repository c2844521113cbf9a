"""The disclosure check on its own: every finding in the corpus is found, every control stays clean,
and the cleaned copy leaves the baggage out while its pages look the same."""

import io

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from reviews.documents import disclosure
from reviews.documents.pdf import read_pdf
from tests.reviews import disclosure_corpus as corpus


@pytest.mark.parametrize(("name", "expected"), [(name, kind) for name, (_b, kind) in corpus.FINDINGS.items()])
def test_each_file_of_the_corpus_gives_its_finding_on_its_page(name, expected):
    builder, _kind = corpus.FINDINGS[name]

    findings = disclosure.check_pdf(builder()).findings

    assert [(finding.kind, finding.page) for finding in findings] == [(expected, 1)]


@pytest.mark.parametrize("name", corpus.FINDINGS)
def test_the_finding_quotes_the_hidden_words_for_staff(name):
    builder, _kind = corpus.FINDINGS[name]

    (finding,) = disclosure.check_pdf(builder()).findings

    assert "jane smith lives at 12 oak road" in finding.excerpt.casefold()


@pytest.mark.parametrize("name", corpus.CONTROLS)
def test_clean_controls_give_no_finding(name):
    assert disclosure.check_pdf(corpus.CONTROLS[name]()).findings == []


def test_a_box_drawn_before_the_text_hides_nothing_but_one_drawn_after_it_does():
    header = disclosure.check_pdf(corpus.table_with_black_header_cells()).findings
    redaction = disclosure.check_pdf(corpus.text_under_black_box()).findings

    assert header == []
    assert [finding.kind for finding in redaction] == [disclosure.COVERED]


def test_a_listed_name_is_found_by_its_hashes_and_the_finding_never_holds_the_name():
    terms = {
        7: disclosure.term_hashes("Jane  SMITH"),
        8: disclosure.term_hashes("Oakfield"),
        9: disclosure.term_hashes("Tom Jones"),
    }

    findings = disclosure.check_pdf(corpus.child_named_in_the_text(), terms).findings

    assert [(finding.kind, finding.page, finding.term) for finding in findings] == [
        (disclosure.PROTECTED_NAME, 1, "7"),
        (disclosure.PROTECTED_NAME, 1, "8"),
    ]
    assert all("jane" not in repr(finding).casefold() for finding in findings)


def test_names_are_compared_without_accents_case_or_apostrophes():
    assert disclosure.term_hashes("Zoë O’Brien") == disclosure.term_hashes("zoe obrien")
    assert disclosure.term_hashes("Zoë O’Brien")[0] in disclosure.text_hashes("Later, ZOE O'BRIEN moved.")


def test_the_stored_hashes_depend_on_the_site_secret(settings):
    before = disclosure.term_hashes("Jane Smith")
    settings.SECRET_KEY = "another-site-secret-" + "x" * 40

    assert disclosure.term_hashes("Jane Smith") != before


def test_the_cleaned_copy_leaves_out_metadata_attachments_comments_forms_and_actions():
    cleaned, removed = disclosure.clean_pdf(corpus.with_hidden_baggage())

    assert removed == [
        "document information (Author, Creator, Producer, Title, Subject)",
        "XMP metadata",
        "1 embedded file",
        "an action run when the file is opened (OpenAction)",
        "1 comment or other annotation",
        "1 form field (their values kept on the page)",
        "JavaScript",
        "an action that starts another program (Launch)",
    ]
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Info" not in pdf.trailer
        assert "/Metadata" not in pdf.Root
        assert "/OpenAction" not in pdf.Root
        assert "/AcroForm" not in pdf.Root
        assert len(pdf.attachments) == 0
        assert "/Annots" not in pdf.pages[0].obj
    assert b"Jane Smith" not in cleaned
    assert b"Unredacted notes" not in cleaned


def _rendered(data):
    document = pdfium.PdfDocument(data)
    return [page.render(scale=1, may_draw_forms=False, draw_annots=False).to_pil() for page in document]


@pytest.mark.parametrize("name", ["demo-report", "black-table-header", "scanned-with-ocr"])
def test_the_cleaned_copy_looks_the_same_page_for_page(name):
    original = corpus.CONTROLS[name]()

    cleaned, _removed = disclosure.clean_pdf(original)

    for before, after in zip(_rendered(original), _rendered(cleaned), strict=True):
        assert ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox() is None


def test_the_cleaned_copy_drops_the_earlier_versions_kept_by_incremental_updates():
    cleaned, _removed = disclosure.clean_pdf(corpus.earlier_version_with_removed_text())

    assert disclosure.earlier_revisions(cleaned) == []
    assert disclosure.check_pdf(cleaned).findings == []


def test_an_aes_encrypted_report_that_opens_without_a_password_is_read():
    reader = read_pdf(io.BytesIO(corpus.encrypted_without_password()))

    assert len(reader.pages) == 1


def test_a_file_that_is_not_a_pdf_is_reported_as_unreadable():
    with pytest.raises(disclosure.DisclosureCheckError):
        disclosure.check_pdf(b"<!DOCTYPE html><html></html>")
