"""Reading an uploaded report once, when it is saved: its page count and its disclosure check.

And the disclosure check's last line: a window page cannot go live (editor, bulk action,
workflow, scheduler or code) while a document it attaches has an unresolved blocking finding.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.documents import get_document_model
from wagtail.models import Page

from reviews.documents import disclosure_records
from reviews.documents.models import DisclosureCheck, PdfDetails
from reviews.documents.pdf import count_pages
from reviews.window import guards, queries


class DisclosureRefusal(guards.PublicationWindowError):
    """A page would go live with a document the disclosure check has not cleared.

    A kind of the window's refusal, so the scheduler skips the page and the admin shows the reason.
    """


def _file_was_saved(raw, update_fields):
    return not raw and (update_fields is None or "file" in update_fields)


def record_pdf_details(sender, instance, raw=False, update_fields=None, **kwargs):
    """Count the pages of a document whose file was uploaded or replaced; forget them if unreadable."""
    if not _file_was_saved(raw, update_fields):
        return
    page_count = count_pages(instance)
    if page_count is None:
        PdfDetails.objects.filter(document=instance).delete()
    else:
        PdfDetails.objects.update_or_create(document=instance, defaults={"page_count": page_count})


def check_uploaded_file(sender, instance, raw=False, update_fields=None, **kwargs):
    """Run the disclosure check on a new or replaced file (in the background when it is long)."""
    if _file_was_saved(raw, update_fields):
        check = DisclosureCheck.objects.filter(document=instance).first()
        if check is None or not check.is_current(instance):
            disclosure_records.request_check(instance)


def delete_cleaned_copy(sender, instance, **kwargs):
    """The cleaned copy goes with its document (or its check), not left behind in storage."""
    if instance.cleaned_file:
        instance.cleaned_file.delete(save=False)


def _goes_live_with_new_documents(page, update_fields):
    """Whether this save makes the page live, or changes a document of a live page."""
    fields = queries.document_field_names(type(page))
    if update_fields is not None and "live" not in update_fields and not set(fields) & set(update_fields):
        return False
    stored = type(page).objects.filter(pk=page.pk).values("live", *(f"{name}_id" for name in fields)).first()
    if not stored or not stored["live"]:
        return True
    return any(getattr(page, f"{name}_id") != stored[f"{name}_id"] for name in fields)


def refuse_going_live_with_disclosures(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page) or not instance.live:
        return
    page = instance if queries.is_window_model(type(instance)) else None
    if page is None:
        if not queries.is_window_model(instance.specific_class):
            return
        page = instance.specific_class.objects.get(pk=instance.pk)
        page.live = True
    if not _goes_live_with_new_documents(page, update_fields):
        return
    message = disclosure_records.going_live_refusal(page)
    if message:
        guards.log_refusal(page, None, "disclosure check", message)
        raise DisclosureRefusal(message)


def connect():
    document_model = get_document_model()
    post_save.connect(record_pdf_details, sender=document_model, dispatch_uid="reviews.pdf")
    post_save.connect(check_uploaded_file, sender=document_model, dispatch_uid="reviews.disclosure.upload")
    post_delete.connect(delete_cleaned_copy, sender=DisclosureCheck, dispatch_uid="reviews.disclosure.delete")
    pre_save.connect(refuse_going_live_with_disclosures, dispatch_uid="reviews.disclosure.going_live")
