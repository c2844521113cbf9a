"""Documents and images follow their pages: the public gets one only while a public page shows it.

A document is a file at a guessable address; without this, a draft's report downloads before
anything is published, and a withdrawn review's report keeps downloading after a court order.
The pages that link a document come from Wagtail's reference index, which is built from each
page's stored row: for a live page, its live content, never a draft.
"""

import mimetypes

from django.contrib.contenttypes.models import ContentType
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

from reviews import kinds
from reviews.window import queries

STAFF_DOCUMENT_PERMISSIONS = ["add", "change", "choose"]


def pages_linking(document):
    """Every page whose stored content links the document (its live content, for a live page)."""
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return Page.objects.filter(pk__in=[int(pk) for pk in page_ids if pk.isdigit()]).specific()


def taken_down_page(pages):
    """The page (a review first) whose takedown notice a visitor should read, or None."""
    taken_down = [page for page in pages if queries.is_window_model(type(page)) and page.was_taken_down]
    review_models = tuple(kind.model for kind in kinds.REVIEW_KINDS)
    taken_down.sort(key=lambda page: (not isinstance(page, review_models), -page.taken_down_at.timestamp()))
    return taken_down[0] if taken_down else None


def public_answer(document, request):
    """None to serve the file; otherwise the 404 or 410 an anonymous visitor gets instead."""
    permission_policy = policy_registry.get_by_type(type(document))
    if permission_policy.user_has_any_permission(request.user, STAFF_DOCUMENT_PERMISSIONS):
        return None
    pages = list(pages_linking(document))
    if any(queries.is_public(page) for page in pages):
        return None
    notice_page = taken_down_page(pages)
    if notice_page is not None:
        response = TemplateResponse(request, "reviews/taken_down.html", {"page": notice_page}, status=410)
    else:
        response = TemplateResponse(request, "404.html", {}, status=404)
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-store"
    return response


def documents_linked_by(page):
    """The documents a page's stored content links."""
    document_model = get_document_model()
    document_ids = (
        ReferenceIndex.get_references_for_object(page)
        .filter(to_content_type=ContentType.objects.get_for_model(document_model))
        .values_list("to_object_id", flat=True)
    )
    return document_model.objects.filter(pk__in=[int(pk) for pk in document_ids if pk.isdigit()])


def serve_image(request, name):
    """An image as pages show it (a rendition, under MEDIA_URL/images/), while a public page shows it.

    The one way the site serves uploaded images, in production too: the web server passes these
    addresses here rather than reading the media folder, whose originals may keep camera
    metadata and whose document files must go through the document checks.
    """
    rendition_model = get_image_model().get_rendition_model()
    rendition = rendition_model.objects.filter(file=f"images/{name}").select_related("image").first()
    if rendition is None:
        raise Http404
    refused = public_answer(rendition.image, request)
    if refused is not None:
        return refused
    try:
        image_file = rendition.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(image_file, content_type=mimetypes.guess_type(name)[0])
    # Checked again on every view: a withdrawal takes the image away at once.
    response["Cache-Control"] = "no-cache"
    return response
