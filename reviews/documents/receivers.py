"""Reading an uploaded report once, when it is saved: its details and its disclosure check.

And the disclosure check's last line: a window page cannot go live (editor, bulk action,
workflow, scheduler or code) while a document it attaches has an unresolved blocking finding.
"""

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.signals import page_unpublished

from reviews.documents import disclosure_records, inspection
from reviews.documents.models import DisclosureCheck
from reviews.documents.serving import documents_linked_by
from reviews.window import guards, queries


class DisclosureRefusal(guards.PublicationWindowError):
    """A page would go live with a document the disclosure check has not cleared.

    A kind of the window's refusal, so the scheduler skips the page and the admin shows the reason.
    """


def _file_was_saved(raw, update_fields):
    return not raw and (update_fields is None or "file" in update_fields)


def record_pdf_details(sender, instance, raw=False, update_fields=None, **kwargs):
    """Inspect a new or replaced file once (pages, tags, title, language); forget it if unreadable."""
    if _file_was_saved(raw, update_fields):
        inspection.record(instance)


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


def purge_documents_of_unpublished_page(sender, instance, **kwargs):
    """A CDN must not keep serving the report of a page that came down (its document addresses)."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    site = instance.get_site()
    if site is None:
        return
    batch = PurgeBatch()
    batch.add_urls(f"{site.root_url}{document.url}" for document in documents_linked_by(instance))
    batch.purge()


def connect():
    document_model = get_document_model()
    post_save.connect(record_pdf_details, sender=document_model, dispatch_uid="reviews.pdf")
    post_save.connect(check_uploaded_file, sender=document_model, dispatch_uid="reviews.disclosure.upload")
    post_delete.connect(delete_cleaned_copy, sender=DisclosureCheck, dispatch_uid="reviews.disclosure.delete")
    pre_save.connect(refuse_going_live_with_disclosures, dispatch_uid="reviews.disclosure.going_live")
    page_unpublished.connect(purge_documents_of_unpublished_page, dispatch_uid="reviews.documents.purge")
