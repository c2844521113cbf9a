"""Importing a report from Word: a clean .docx becomes a draft; review marks and names are refused."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Revision

from reviews.documents import disclosure_records, word_import
from reviews.documents.word_import import blocks_from_html
from tests.reviews import word_files

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def import_url(page):
    return f"/admin/reviews/import-word-report/{page.pk}/"


def post_word_file(client, page, content, name="report.docx"):
    return client.post(import_url(page), {"file": SimpleUploadedFile(name, content, content_type=DOCX)})


def errors_of(response):
    return [str(error) for error in response.context["form"].errors["file"]]


def test_the_editor_offers_the_word_import_in_the_actions_menu(admin_client, in_window_review):
    html = admin_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode()
    assert import_url(in_window_review) in html
    assert admin_client.get(import_url(in_window_review)).status_code == 200


def test_a_clean_word_report_becomes_a_new_draft_and_nothing_is_published(admin_client, in_window_review):
    revisions_before = Revision.objects.for_instance(in_window_review).count()

    response = post_word_file(admin_client, in_window_review, word_files.clean_report())

    assert response.status_code == 302
    in_window_review.refresh_from_db()
    assert not in_window_review.report_body  # the live page is unchanged
    assert in_window_review.has_unpublished_changes
    assert Revision.objects.for_instance(in_window_review).count() == revisions_before + 1
    draft = in_window_review.get_latest_revision_as_object()
    types = [block.block_type for block in draft.report_body]
    assert types == [
        "heading",
        "text",
        "heading",
        "text",
        "table",
        "heading",
        "numbered",
        "image",
        "footnotes",
    ]
    image = draft.report_body[7].value
    assert image["alt_text"] == "A timeline of the agencies' contacts with the family"
    assert get_image_model().objects.filter(pk=image["image"].pk).exists()


def test_a_published_word_report_renders_with_its_contents_anchors_table_and_footnote(
    admin_client, in_window_review
):
    post_word_file(admin_client, in_window_review, word_files.clean_report())
    in_window_review.refresh_from_db()
    in_window_review.get_latest_revision().publish()

    html = Client().get(f"{in_window_review.url}report/").content.decode()

    assert '<a href="#introduction">Introduction</a>' in html
    assert '<h3 id="bruising-in-non-mobile-babies">Bruising in non-mobile babies</h3>' in html
    assert 'id="recommendation-4"' in html and ">Recommendation 4</a>" in html
    assert "<li>Health visiting</li>" in html
    assert '<th scope="col"' in html and "Agency" in html
    assert '<sup><a href="#footnote-1">[1]</a></sup>' in html
    assert '<li id="footnote-1"><p>Working Together to Safeguard Children sets out the duty.' in html
    assert 'alt="A timeline of the agencies&#x27; contacts with the family"' in html


@pytest.mark.parametrize(
    ("make_file", "message"),
    [
        (word_files.report_with_tracked_change, "It has tracked changes (1 insertion). Accept or reject"),
        (word_files.report_with_comment, "It has 1 comment. Delete them in Word"),
        (word_files.report_with_hidden_text, "It has hidden text (1 place)."),
        (word_files.report_with_image_without_alt_text, "Image 1 has no alternative text."),
    ],
    ids=["tracked change", "comment", "hidden text", "image without alternative text"],
)
def test_a_word_report_with_something_to_resolve_is_refused_with_what_to_do(
    admin_client, in_window_review, make_file, message
):
    revisions_before = Revision.objects.for_instance(in_window_review).count()
    images_before = get_image_model().objects.count()

    response = post_word_file(admin_client, in_window_review, make_file())

    assert response.status_code == 200
    assert any(error.startswith(message) for error in errors_of(response)), errors_of(response)
    assert message.split(" (")[0].split(".")[0] in response.content.decode()
    assert Revision.objects.for_instance(in_window_review).count() == revisions_before
    assert get_image_model().objects.count() == images_before


def test_every_problem_is_listed_at_once(admin_client, in_window_review):
    document = word_files.report()
    document.add_comment(document.paragraphs[1].runs, text="Check", author="Reviewer")
    document.add_paragraph().add_run("The family's real surname").font.hidden = True
    response = post_word_file(admin_client, in_window_review, word_files.saved(document))
    assert len(errors_of(response)) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"%PDF-1.4", "Import a Word document ending .docx."),
        ("report.docx", b"not a zip at all", "This is not a Word document."),
    ],
    ids=["another kind of file", "a file named .docx that is not one"],
)
def test_a_file_that_is_not_a_word_document_is_refused_clearly(
    admin_client, in_window_review, name, content, message
):
    response = post_word_file(admin_client, in_window_review, content, name=name)
    assert response.status_code == 200
    assert errors_of(response)[0].startswith(message)


def test_someone_who_cannot_edit_the_review_cannot_import_into_it(
    client_for, django_user_model, in_window_review
):
    reader = django_user_model.objects.create_user(username="reader", email="reader@example.org")
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))

    response = post_word_file(client_for(reader), in_window_review, word_files.clean_report())

    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's answer to a refusal
    in_window_review.refresh_from_db()
    assert not in_window_review.get_latest_revision_as_object().report_body


def test_links_to_places_inside_the_word_file_keep_their_text_but_not_the_link():
    html = '<p><a href="#_Toc12">Introduction</a> and <a href="https://example.org/">a guide</a></p>'

    blocks = blocks_from_html(html)

    assert blocks == [
        {"type": "text", "value": '<p>Introduction and <a href="https://example.org/">a guide</a></p>'}
    ]


def test_a_link_that_would_run_script_is_removed_and_a_web_link_kept(admin_client, in_window_review):
    def introduction_after_importing(address):
        post_word_file(admin_client, in_window_review, word_files.report_with_link(address))
        in_window_review.refresh_from_db()
        return in_window_review.get_latest_revision_as_object().report_body[1].value.source

    dangerous = introduction_after_importing("javascript:alert(1)")
    safe = introduction_after_importing("https://example.org/guidance")

    assert "javascript" not in dangerous and "the guidance" in dangerous
    assert '<a href="https://example.org/guidance">the guidance</a>' in safe


def test_a_file_that_unpacks_to_more_than_the_limit_is_refused(admin_client, in_window_review, monkeypatch):
    monkeypatch.setattr(word_import, "MAX_UNPACKED_BYTES", 10_000)

    response = post_word_file(admin_client, in_window_review, word_files.clean_report())

    assert errors_of(response) == [
        "This file is too large to import once unpacked. Import the report without its attachments."
    ]


def test_a_word_report_naming_someone_listed_for_the_review_is_refused_without_echoing_the_name(
    admin_client, in_window_review, superuser
):
    disclosure_records.add_protected_name(in_window_review, "Health visiting", superuser)

    response = post_word_file(admin_client, in_window_review, word_files.clean_report())

    assert response.status_code == 200
    (problem,) = [error for error in errors_of(response) if "names that must not appear" in error]
    assert "It contains 1 name listed for this review" in problem
    assert "Health" not in problem
    in_window_review.refresh_from_db()
    assert not in_window_review.get_latest_revision_as_object().report_body
