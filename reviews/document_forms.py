"""The document form used across the admin (loaded by Wagtail through WAGTAILDOCS_DOCUMENT_FORM_BASE)."""

from django import forms
from wagtail.documents.forms import BaseDocumentForm

from reviews import publication_window


class ReportDocumentForm(BaseDocumentForm):
    """The document form, refusing to move a report of an in-window review into a private collection."""

    def clean_collection(self):
        collection = self.cleaned_data.get("collection")
        if collection and self.instance.pk:
            message = publication_window.document_collection_refusal(self.instance, collection)
            if message:
                raise forms.ValidationError(message)
        return collection
