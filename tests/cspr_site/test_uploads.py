"""Only real PDFs get into the document library, through every upload view, within the size limit."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from pypdf import PdfWriter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction
from wagtail.test.utils.form_data import querydict_from_html

from tests.cspr_site.factories import InformationPageFactory, PdfDocumentFactory
from tests.pdfs import make_pdf

pytestmark = pytest.mark.django_db

EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
WEB_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
NOT_A_PDF = "is not a PDF, although its name ends in .pdf"

Document = get_document_model()


def encrypted_pdf():
    writer = PdfWriter(clone_from=BytesIO(make_pdf()))
    writer.encrypt("secret-password")
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(admin_client, name, content):
    form = querydict_from_html(
        admin_client.get("/admin/documents/add/").content.decode(), form_id="w-editor-form"
    )
    form["title"] = "Full report"
    return admin_client.post(
        "/admin/documents/add/", {**form.dict(), "file": SimpleUploadedFile(name, content)}
    )


def file_errors(response):
    return [str(error) for error in response.context["form"].errors.get("file", [])]


def test_a_real_pdf_is_accepted(admin_client):
    response = upload(admin_client, "report.pdf", make_pdf(pages=3))

    assert response.status_code == 302, file_errors(response)
    document = Document.objects.get(title="Full report")
    assert document.file_extension == "pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", EXECUTABLE, NOT_A_PDF),
        ("report.pdf", WEB_PAGE, NOT_A_PDF),
        ("report.pdf", b"%PDF-1.7\n" + b"junk that is no PDF at all\n" * 20, NOT_A_PDF),
        ("report.pdf", encrypted_pdf(), "needs a password to open"),
        ("setup.exe", EXECUTABLE, "is not a PDF. Reports must be uploaded as PDF files"),
        ("report.html", WEB_PAGE, "is not a PDF. Reports must be uploaded as PDF files"),
        ("report.exe", make_pdf(), "is not a PDF. Reports must be uploaded as PDF files"),
    ],
    ids=[
        "renamed executable",
        "renamed web page",
        "pdf header only",
        "password",
        "exe",
        "html",
        "wrong name",
    ],
)
def test_anything_but_a_readable_pdf_is_refused_with_a_clear_message(admin_client, name, content, message):
    response = upload(admin_client, name, content)

    assert response.status_code == 200
    errors = file_errors(response)
    assert len(errors) == 1, errors
    assert message in errors[0] and name in errors[0]
    assert not Document.objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=2_000)
def test_a_file_over_the_size_limit_is_refused(admin_client):
    response = upload(admin_client, "report.pdf", make_pdf() + b"\n%" + b"x" * 4_000)

    assert "This file is too big" in " ".join(file_errors(response))
    assert not Document.objects.exists()


def test_the_size_limit_comes_from_the_settings(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 30 * 1024 * 1024
    assert settings.WAGTAILDOCS_EXTENSIONS == ["pdf"]


def multiple_upload(admin_client, name, content):
    collection = Collection.get_first_root_node()
    return admin_client.post(
        "/admin/documents/multiple/add/",
        {"collection": collection.pk, "files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()


def test_the_multiple_uploader_accepts_a_pdf(admin_client):
    result = multiple_upload(admin_client, "report.pdf", make_pdf())

    assert result["success"] is True
    assert Document.objects.count() == 1


@pytest.mark.parametrize(("name", "content"), [("report.pdf", EXECUTABLE), ("page.html", WEB_PAGE)])
def test_the_multiple_uploader_refuses_anything_else(admin_client, name, content):
    result = multiple_upload(admin_client, name, content)

    assert result["success"] is False
    assert "is not a PDF" in result["error_message"]
    assert not Document.objects.exists()


def test_replacing_a_reports_file_with_something_else_is_refused(admin_client):
    document = PdfDocumentFactory(title="Full report")
    url = f"/admin/documents/edit/{document.pk}/"
    form = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")

    response = admin_client.post(url, {**form.dict(), "file": SimpleUploadedFile("report.pdf", WEB_PAGE)})

    assert NOT_A_PDF in " ".join(file_errors(response))
    document.refresh_from_db()
    with document.open_file() as file:
        assert file.read(5) == b"%PDF-"


def test_editing_a_reports_details_does_not_need_the_file_again(admin_client):
    document = PdfDocumentFactory(title="Full report")
    url = f"/admin/documents/edit/{document.pk}/"
    form = querydict_from_html(admin_client.get(url).content.decode(), form_id="w-editor-form")
    form["title"] = "Full report (corrected)"

    assert admin_client.post(url, form).status_code == 302
    document.refresh_from_db()
    assert document.title == "Full report (corrected)"


def test_documents_are_served_by_wagtail_with_its_protective_headers(home_page):
    document = PdfDocumentFactory()
    InformationPageFactory(
        parent=home_page, body=f'<p><a linktype="document" id="{document.pk}">Report</a></p>'
    )

    response = Client().get(document.url)

    assert document.url == f"/documents/{document.pk}/{document.filename}"
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.getvalue().startswith(b"%PDF-")


def test_svg_images_cannot_be_uploaded(admin_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form = querydict_from_html(
        admin_client.get("/admin/images/add/").content.decode(), form_id="w-editor-form"
    )

    response = admin_client.post(
        "/admin/images/add/", {**form.dict(), "title": "Logo", "file": SimpleUploadedFile("logo.svg", svg)}
    )

    assert response.status_code == 200
    assert "Not a supported image format" in " ".join(response.context["form"].errors["file"])
    assert not get_image_model().objects.exists()


def test_pages_cannot_be_protected_with_a_shared_password(admin_client, home_page):
    page = InformationPageFactory(parent=home_page)

    admin_client.post(
        f"/admin/pages/{page.pk}/privacy/",
        {"restriction_type": "password", "password": "a-shared-secret"},
    )

    assert not PageViewRestriction.objects.exists()


def test_collections_cannot_be_protected_with_a_shared_password(admin_client):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    url = f"/admin/collections/{collection.pk}/privacy/"

    dialog = admin_client.get(url).json()["html"]
    admin_client.post(url, {"restriction_type": "password", "password": "a-shared-secret"})

    assert 'value="password"' not in dialog
    assert not CollectionViewRestriction.objects.exists()


def huge_png(width=10_000, height=10_000):
    """A small file (a few hundred KB) that declares a picture needing about 900 MB to resize."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_an_image_declaring_ten_thousand_pixels_square_is_refused_with_the_limit(admin_client):
    form = querydict_from_html(
        admin_client.get("/admin/images/add/").content.decode(), form_id="w-editor-form"
    )
    content = huge_png()
    assert len(content) < 1024 * 1024

    response = admin_client.post(
        "/admin/images/add/",
        {**form.dict(), "title": "Banner", "file": SimpleUploadedFile("banner.png", content)},
    )

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["file"])
    assert "This file has too many pixels (100000000). Maximum pixels 25000000." in errors
    assert not get_image_model().objects.exists()


def test_the_multiple_image_uploader_refuses_it_too(admin_client):
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {
            "collection": Collection.get_first_root_node().pk,
            "files[]": SimpleUploadedFile("banner.png", huge_png()),
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()

    assert response["success"] is False
    assert "too many pixels" in response["error_message"]
    assert not get_image_model().objects.exists()


def test_image_limits_come_from_the_settings(settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 25_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
