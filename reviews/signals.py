"""The last line of defence: model signals that hold the publication window for any code path.

The permission tester and admin hooks refuse with a clear message first; these receivers
catch whatever reaches the database anyway (scripts, shell sessions, other apps).
"""

from django.db.models.signals import post_save, pre_delete, pre_save
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction, Site

from reviews import documents, publication_window


def record_publication_transitions(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if publication_window.is_window_model(instance.specific_class):
        publication_window.before_page_save(instance)


def store_transition_on_specific_page(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Page):
        publication_window.after_page_save(instance)


def refuse_deleting_in_window_page(sender, instance, **kwargs):
    publication_window.guard_deletion(instance)


def refuse_private_in_window_page(sender, instance, raw=False, **kwargs):
    if not raw:
        publication_window.guard_view_restriction(instance.page)


def refuse_private_collection_of_in_window_report(sender, instance, raw=False, **kwargs):
    if not raw:
        publication_window.guard_collection_restriction(instance.collection)


def refuse_moving_in_window_report_to_private_collection(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        publication_window.guard_document_collection(instance)


def refuse_re_rooting_site_away_from_in_window_pages(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        publication_window.guard_site_change(instance)


def refuse_deleting_site_of_in_window_pages(sender, instance, **kwargs):
    publication_window.guard_site_change(instance, deleting=True)


def connect():
    from wagtail.documents import get_document_model

    pre_save.connect(record_publication_transitions, dispatch_uid="reviews.window.pre_save")
    post_save.connect(store_transition_on_specific_page, dispatch_uid="reviews.window.post_save")
    for model in publication_window.window_page_models():
        pre_delete.connect(
            refuse_deleting_in_window_page,
            sender=model,
            dispatch_uid=f"reviews.window.delete.{model.__name__}",
        )
    pre_save.connect(
        refuse_private_in_window_page, sender=PageViewRestriction, dispatch_uid="reviews.window.privacy"
    )
    pre_save.connect(
        refuse_private_collection_of_in_window_report,
        sender=CollectionViewRestriction,
        dispatch_uid="reviews.window.collection_privacy",
    )
    pre_save.connect(
        refuse_moving_in_window_report_to_private_collection,
        sender=get_document_model(),
        dispatch_uid="reviews.window.document_collection",
    )
    pre_save.connect(
        refuse_re_rooting_site_away_from_in_window_pages, sender=Site, dispatch_uid="reviews.window.site"
    )
    pre_delete.connect(
        refuse_deleting_site_of_in_window_pages, sender=Site, dispatch_uid="reviews.window.site_delete"
    )
    post_save.connect(documents.record_pdf_details, sender=get_document_model(), dispatch_uid="reviews.pdf")
