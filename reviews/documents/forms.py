"""The document form used across the admin (loaded by Wagtail through WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

import logging
from pathlib import PurePath

from django.core.exceptions import ValidationError
from wagtail.documents.forms import BaseDocumentForm

from reviews.documents import disclosure, inspection
from reviews.window import queries

logger = logging.getLogger(__name__)


def pdf_refusal(upload):
    """Why this upload is not a PDF the disclosure check can read whole, in words for the editor, or None.

    Read by the one inspection, in a separate process (`inspection`): the extension proves nothing.
    """
    name = PurePath(upload.name).name
    if PurePath(name).suffix.lower() != ".pdf":
        return f"“{name}” is not a PDF. Reports must be uploaded as PDF files (ending .pdf)."
    upload.seek(0)
    try:
        inspection.inspect(upload.read())
    except disclosure.DisclosureCheckError as unreadable:
        logger.info("Refused upload %r: %s", name, unreadable.reason)
        if unreadable.reason == "password":
            return f"“{name}” needs a password to open. Upload a copy that anyone can open."
        if unreadable.reason == "no_pages":
            return f"“{name}” has no pages."
        if unreadable.reason == "not_a_pdf":
            return (
                f"“{name}” is not a PDF, although its name ends in .pdf. Save or export the report as a "
                "PDF and upload that file."
            )
        return f"“{name}” cannot be checked for hidden text. {unreadable}"
    finally:
        upload.seek(0)
    return None


class ReportDocumentForm(BaseDocumentForm):
    """The document form: only real PDFs, and no report of an in-window review made private."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            if self.instance.pk:
                message = queries.document_file_refusal(self.instance)
                if message:
                    raise ValidationError(message, code="published")
            message = pdf_refusal(upload)
            if message:
                raise ValidationError(message, code="not_a_pdf")
        return upload

    def add_error(self, field, error):
        # Once the upload is refused, Wagtail's model check sees no file and would add
        # "File extension “” is not allowed" under the refusal that explains what is wrong.
        if field is None and hasattr(error, "error_dict") and self.has_error("file"):
            error.error_dict.pop("file", None)
            if not error.error_dict:
                return
        super().add_error(field, error)

    def clean_collection(self):
        collection = self.cleaned_data.get("collection")
        if collection and self.instance.pk:
            message = queries.document_collection_refusal(self.instance, collection)
            if message:
                raise ValidationError(message)
        return collection
