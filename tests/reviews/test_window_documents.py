"""The report of an in-window review cannot be deleted or made private."""

import pytest
from django.db import transaction
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

from reviews.window.guards import PublicationWindowError

pytestmark = pytest.mark.django_db

REFUSAL = "Published reviews must stay public for at least one year"


@pytest.fixture
def private_collection():
    collection = Collection.get_first_root_node().add_child(name="Internal papers")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def assert_report_downloads(review):
    response = Client().get(review.report.url)
    assert response.status_code == 200
    assert response.getvalue().startswith(b"%PDF")


def test_deleting_the_report_of_an_in_window_review_is_refused(admin_client, in_window_review):
    report = in_window_review.report

    confirmation = admin_client.get(f"/admin/documents/delete/{report.pk}/")
    response = admin_client.post(f"/admin/documents/delete/{report.pk}/")

    assert (
        "One or more references to this document prevent it from being deleted"
        in confirmation.content.decode()
    )
    assert response.status_code == 302
    assert get_document_model().objects.filter(pk=report.pk).exists()
    assert_report_downloads(in_window_review)


def test_bulk_deleting_the_report_of_an_in_window_review_is_refused(admin_client, in_window_review):
    report = in_window_review.report

    admin_client.post(f"/admin/bulk/wagtaildocs/document/delete/?id={report.pk}&next=/admin/documents/")

    assert get_document_model().objects.filter(pk=report.pk).exists()
    assert_report_downloads(in_window_review)


def test_moving_the_report_into_a_private_collection_is_refused_with_the_reason(
    admin_client, in_window_review, private_collection
):
    report = in_window_review.report
    form = querydict_from_html(
        admin_client.get(f"/admin/documents/edit/{report.pk}/").content.decode(), form_id="w-editor-form"
    )
    form["collection"] = str(private_collection.pk)

    response = admin_client.post(f"/admin/documents/edit/{report.pk}/", form)

    assert response.status_code == 200
    assert REFUSAL in str(response.context["form"].errors["collection"])
    report.refresh_from_db()
    assert report.collection_id != private_collection.pk
    assert_report_downloads(in_window_review)


def test_making_the_reports_collection_private_is_refused(admin_client, in_window_review):
    collection = in_window_review.report.collection

    admin_client.post(f"/admin/collections/{collection.pk}/privacy/", {"restriction_type": "login"})

    assert not CollectionViewRestriction.objects.exists()
    assert_report_downloads(in_window_review)


def test_code_cannot_move_the_report_into_a_private_collection(in_window_review, private_collection):
    report = in_window_review.report
    report.collection = private_collection

    with pytest.raises(PublicationWindowError), transaction.atomic():
        report.save()


def test_the_report_of_a_review_whose_window_ended_can_be_made_private(
    admin_client, ended_window_review, private_collection
):
    report = ended_window_review.report
    form = querydict_from_html(
        admin_client.get(f"/admin/documents/edit/{report.pk}/").content.decode(), form_id="w-editor-form"
    )
    form["collection"] = str(private_collection.pk)

    admin_client.post(f"/admin/documents/edit/{report.pk}/", form)

    report.refresh_from_db()
    assert report.collection_id == private_collection.pk


def test_bulk_adding_the_report_to_a_private_collection_is_refused_with_the_reason(
    admin_client, in_window_review, private_collection, messages_of
):
    report = in_window_review.report

    response = admin_client.post(
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={report.pk}&next=https://elsewhere.example/",
        {"collection": str(private_collection.pk)},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/documents/"
    assert any(REFUSAL in message for message in messages_of(response))
    report.refresh_from_db()
    assert report.collection_id != private_collection.pk
    assert_report_downloads(in_window_review)


def test_bulk_adding_other_documents_to_a_private_collection_still_works(
    admin_client, in_window_review, private_collection
):
    other = get_document_model().objects.create(title="Minutes")

    admin_client.post(
        f"/admin/bulk/wagtaildocs/document/add_to_collection/?id={other.pk}",
        {"collection": str(private_collection.pk)},
    )

    other.refresh_from_db()
    assert other.collection_id == private_collection.pk


def test_publishing_a_review_that_links_a_private_document_is_refused_beside_the_field(
    admin_client, in_window_review, private_collection
):
    hidden = get_document_model().objects.create(title="Unredacted draft", collection=private_collection)
    form = querydict_from_html(
        admin_client.get(f"/admin/pages/{in_window_review.pk}/edit/").content.decode(),
        form_id="page-edit-form",
    )
    form["response_document"] = str(hidden.pk)
    form["action-publish"] = "action-publish"

    response = admin_client.post(f"/admin/pages/{in_window_review.pk}/edit/", form)

    assert response.status_code == 200
    errors = str(response.context["form"].errors["response_document"])
    assert "is in the private collection “Internal papers”" in errors
    in_window_review.refresh_from_db()
    assert in_window_review.response_document_id is None
    assert_report_downloads(in_window_review)


def test_code_cannot_point_a_live_review_at_a_private_document(in_window_review, private_collection):
    hidden = get_document_model().objects.create(title="Unredacted draft", collection=private_collection)
    in_window_review.response_document = hidden

    with pytest.raises(PublicationWindowError, match="private collection"), transaction.atomic():
        in_window_review.save()

    in_window_review.refresh_from_db()
    assert_report_downloads(in_window_review)


@pytest.fixture
def reports_collection(in_window_review):
    """The in-window review's report filed in a public collection of its own."""
    collection = Collection.get_first_root_node().add_child(name="Published reports")
    report = in_window_review.report
    report.collection = collection
    report.save()
    return collection


def test_moving_the_reports_collection_under_a_private_one_is_refused(
    admin_client, in_window_review, reports_collection, private_collection
):
    admin_client.post(
        f"/admin/collections/{reports_collection.pk}/",
        {"name": reports_collection.name, "parent": str(private_collection.pk)},
    )

    reports_collection.refresh_from_db()
    assert reports_collection.get_parent().pk == Collection.get_first_root_node().pk
    assert not reports_collection.get_view_restrictions().exists()
    assert_report_downloads(in_window_review)


def test_code_cannot_move_the_reports_collection_under_a_private_one(
    in_window_review, reports_collection, private_collection
):
    reports_collection.refresh_from_db()  # collections are kept in name order: paths shift
    with pytest.raises(PublicationWindowError, match=REFUSAL):
        reports_collection.move(private_collection, "sorted-child")

    assert_report_downloads(in_window_review)


def test_a_collection_of_other_documents_can_still_move_under_a_private_one(
    admin_client, in_window_review, private_collection
):
    drafts = Collection.get_first_root_node().add_child(name="Drafts")
    get_document_model().objects.create(
        title="Draft notes", collection=drafts, file=in_window_review.report.file
    )

    admin_client.post(
        f"/admin/collections/{drafts.pk}/", {"name": "Drafts", "parent": str(private_collection.pk)}
    )

    drafts.refresh_from_db()
    assert drafts.get_parent().pk == private_collection.pk
