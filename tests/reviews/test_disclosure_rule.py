"""The rule on its own, file by file: what a reader cannot see is found, what no page draws is left out
of the public copy, and what the check cannot read whole is refused saying why."""

import pytest

from reviews.documents import disclosure
from tests.reviews import disclosure_corpus as corpus
from tests.reviews.test_disclosure_what_a_reader_sees import raw_bytes_hold


@pytest.mark.parametrize("name", corpus.HIDDEN)
def test_each_way_of_hiding_words_gives_one_finding_quoting_them(name):
    builder, kind = corpus.HIDDEN[name]

    findings = disclosure.check_pdf(builder()).findings

    assert [(finding.kind, finding.page) for finding in findings] == [(kind, 1)]
    assert findings[0].excerpt == corpus.SECRET


@pytest.mark.parametrize("name", corpus.REMOVED)
def test_words_no_page_draws_are_not_in_the_rebuilt_copy(name):
    original = corpus.REMOVED[name]()

    result = disclosure.check_pdf(original)

    assert result.findings == []
    assert raw_bytes_hold(original, corpus.SECRET)
    assert not raw_bytes_hold(result.cleaned, corpus.SECRET)


@pytest.mark.parametrize("name", corpus.REFUSED)
def test_a_file_the_check_cannot_read_whole_is_refused_with_the_reason(name):
    builder, words = corpus.REFUSED[name]

    with pytest.raises(disclosure.DisclosureCheckError, match=words):
        disclosure.check_pdf(builder())


@pytest.mark.parametrize("name", corpus.MORE_CONTROLS)
def test_legitimate_pages_give_no_finding(name):
    assert disclosure.check_pdf(corpus.MORE_CONTROLS[name]()).findings == []


def test_the_public_copy_is_judged_too_so_a_cover_removed_by_cleaning_is_found():
    # The black square annotation hides the words in the file; the public copy leaves the
    # annotation out, so there the words would show: the file must be refused, not cleaned.
    result = disclosure.check_pdf(corpus.text_under_black_square_annotation())

    assert [finding.kind for finding in result.findings] == [disclosure.COVERED]
    assert "1 comment or other annotation" in result.removed


def test_content_in_a_layer_switched_off_is_left_out_of_the_public_copy():
    cleaned, removed = disclosure.clean_pdf(corpus.text_in_a_layer_switched_off())

    assert "what is drawn in layers switched off (on 1 page)" in removed
    assert not raw_bytes_hold(cleaned, corpus.SECRET)
