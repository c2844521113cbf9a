"""A Word file is read as Word reads it: through its relationships, every text part, what a reader sees.

Through the real import screen: properties are left out and named, parts renamed or hidden in
notes are still read, text nobody could see is refused, listed names are found in every part
whatever their apostrophes, hyphens or accents, numbered recommendations keep their anchors, and
a file beyond the limits is refused saying which.
"""

import pytest
from django.test import Client

from reviews.documents import disclosure_records, untrusted, word_import
from tests.reviews import word_files
from tests.reviews.test_web_report_import import errors_of, post_word_file

pytestmark = pytest.mark.django_db


def draft_report(page):
    page.refresh_from_db()
    return page.get_latest_revision_as_object().report_body


def test_a_file_naming_its_authors_is_imported_without_its_properties_and_says_what_was_left_out(
    admin_client, in_window_review, messages_of
):
    response = post_word_file(admin_client, in_window_review, word_files.report_with_properties())

    assert response.status_code == 302
    (message,) = messages_of(admin_client.get(response["Location"]))
    assert (
        "Left out of the import, as they never appear on the page: the file’s properties (author, " in message
    )
    assert "last modified by" in message and "manager" in message and "company" in message
    assert "Jo Bloggs" not in message and "Anytown" not in message
    body = str(draft_report(in_window_review).raw_data)
    assert "Jo Bloggs" not in body and "Anytown" not in body and "draft 4" not in body


def test_the_main_part_is_found_through_the_relationships_not_by_its_usual_name(
    admin_client, in_window_review
):
    response = post_word_file(
        admin_client, in_window_review, word_files.report_whose_main_part_has_another_name()
    )

    errors = errors_of(response)
    assert any(error.startswith("It has tracked changes (1 insertion).") for error in errors), errors
    assert any(error.startswith("It has hidden text (1 place).") for error in errors), errors
    assert not draft_report(in_window_review)


def test_hidden_text_in_notes_kept_under_another_name_is_refused(admin_client, in_window_review):
    response = post_word_file(
        admin_client, in_window_review, word_files.report_with_hidden_text_in_notes_named_otherwise()
    )

    assert [error.split(".")[0] for error in errors_of(response)] == ["It has hidden text (1 place)"]


def test_notes_mammoth_would_read_by_their_usual_name_are_checked_too(admin_client, in_window_review):
    response = post_word_file(
        admin_client, in_window_review, word_files.report_with_hidden_notes_named_but_not_related()
    )

    assert [error.split(".")[0] for error in errors_of(response)] == ["It has hidden text (1 place)"]


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (word_files.report_with_white_text, "It has text in the colour of what is behind it"),
        (word_files.report_with_white_one_point_text, "It has text smaller than 2 pt"),
    ],
    ids=["white text", "white one-point text"],
)
def test_text_a_reader_of_the_document_cannot_see_is_refused(
    admin_client, in_window_review, make_file, message
):
    response = post_word_file(admin_client, in_window_review, make_file())

    assert any(error.startswith(message) for error in errors_of(response)), errors_of(response)
    assert not draft_report(in_window_review)


def test_white_words_on_a_black_table_header_are_read_and_imported(admin_client, in_window_review):
    response = post_word_file(
        admin_client, in_window_review, word_files.report_with_white_text_in_a_black_table_header()
    )

    assert response.status_code == 302
    assert [block.block_type for block in draft_report(in_window_review)].count("table") == 1


@pytest.mark.parametrize(
    ("listed", "written", "in_footnote"),
    [
        ("Jessica", "Jessica’s", True),
        ("Jessica", "Jessica's", False),
        ("Zoë Smith-Jones", "ZOE SMITH JONES’", False),
        ("O'Brien-Kaur", "the O’Brien–Kaur family", True),
    ],
    ids=["curly possessive in a footnote", "straight possessive", "accent and hyphen", "apostrophe and dash"],
)
def test_a_listed_name_is_found_in_any_part_whatever_its_apostrophes_hyphens_or_accents(
    admin_client, in_window_review, superuser, listed, written, in_footnote
):
    disclosure_records.add_protected_name(in_window_review, listed, superuser)

    response = post_word_file(
        admin_client, in_window_review, word_files.report_naming(written, in_footnote=in_footnote)
    )

    (problem,) = errors_of(response)
    assert problem.startswith("It contains 1 name listed for this review")
    assert listed.split()[0][:3] not in problem
    assert not draft_report(in_window_review)


def test_numbered_findings_and_a_list_under_recommendations_become_numbered_blocks_with_anchors(
    admin_client, in_window_review
):
    post_word_file(admin_client, in_window_review, word_files.report_with_numbered_recommendations())
    in_window_review.refresh_from_db()
    in_window_review.get_latest_revision().publish()

    blocks = [(block.block_type, block.value) for block in draft_report(in_window_review)]
    html = Client().get(f"{in_window_review.url}report/").content.decode()

    numbered = [(value["kind"], value["number"]) for kind, value in blocks if kind == "numbered"]
    assert numbered == [("finding", 2), ("recommendation", 1), ("recommendation", 2), ("recommendation", 3)]
    for anchor in ("finding-2", "recommendation-1", "recommendation-2", "recommendation-3"):
        assert f'id="{anchor}"' in html
    assert "Health visitors should see every baby at home." in html
    # A numbered list under any other heading stays a list.
    assert "<li>Agencies will report back in six months.</li>" in html


def test_a_file_with_more_parts_than_the_limit_is_refused(admin_client, in_window_review, monkeypatch):
    monkeypatch.setattr(word_import, "MAX_PARTS", 5)

    response = post_word_file(admin_client, in_window_review, word_files.clean_report())

    assert errors_of(response) == [word_import.word_package.TOO_LARGE]


def test_a_file_that_takes_longer_to_convert_than_the_limit_is_refused_naming_the_limit(
    admin_client, in_window_review, monkeypatch
):
    monkeypatch.setattr(
        word_import,
        "LIMITS",
        untrusted.Limits(
            cpu_seconds=1,
            memory_bytes=word_import.LIMITS.memory_bytes,
            output_bytes=word_import.LIMITS.output_bytes,
        ),
    )

    response = post_word_file(
        admin_client, in_window_review, word_files.report_with_many_tiny_paragraphs(60_000)
    )

    (problem,) = errors_of(response)
    assert problem.startswith(
        "The file could not be imported: reading it took more than the limit of 1 second of processor time."
    )
    assert not draft_report(in_window_review)
