"""The disclosure check in the page editor (a page form mixin, imported by the page models)."""

from reviews.documents import disclosure_records
from reviews.window import queries
from reviews.window.forms import PublicationWindowPageForm


class DisclosureCheckFormMixin:
    """Publishing or approving from the editor is refused beside the document the check has not cleared.

    The editor keeps what they typed; the save that makes the page live refuses too, for every
    other path (see `receivers`).
    """

    def clean(self):
        cleaned_data = super().clean()
        if self.is_publishing() or self.is_approving():
            for name in queries.document_field_names(type(self.instance)):
                document = cleaned_data.get(name)
                if name in self.fields and name not in self.errors and document is not None and document.file:
                    problem = disclosure_records.document_problem(document, self.instance)
                    if problem:
                        self.add_error(name, disclosure_records.refusal_message([problem]))
        return cleaned_data


class DisclosureCheckedPageForm(DisclosureCheckFormMixin, PublicationWindowPageForm):
    """The window page form, with the disclosure check on publishing and approving."""
