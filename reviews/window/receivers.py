"""Model signals that hold the publication window on every code path (see `guards`)."""

from django.db.models.signals import post_save, pre_delete, pre_save
from treebeard.mp_tree import path_updated
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, post_page_move, pre_page_move

from reviews.window import addresses, guards, queries


def record_publication_transitions(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or not isinstance(instance, Page):
        return
    if update_fields is None or "url_path" in update_fields:
        guards.guard_address(instance)
    if queries.is_window_model(instance.specific_class):
        guards.before_page_save(instance, update_fields=update_fields)


def record_published_address(sender, instance, **kwargs):
    if queries.is_window_model(type(instance)):
        addresses.record(instance)


def record_addresses_after_a_move(sender, instance, **kwargs):
    addresses.record_live_window_pages_within(instance)


def store_transition_on_specific_page(sender, instance, raw=False, **kwargs):
    if not raw and isinstance(instance, Page):
        guards.after_page_save(instance)


def refuse_deleting_in_window_page(sender, instance, **kwargs):
    guards.guard_deletion(instance)


def refuse_moving_in_window_pages_out_of_public_view(sender, instance, parent_page_after, **kwargs):
    guards.guard_move(instance, parent_page_after)


def refuse_tree_moves_that_hide_in_window_pages(sender, old_path, new_path, **kwargs):
    """Treebeard moves pages and collections with a queryset update, inside the move's transaction."""
    old_parent_path = old_path[: -sender.steplen]
    if issubclass(sender, Page):
        guards.guard_moved_page(new_path, old_parent_path)
    elif issubclass(sender, Collection):
        guards.guard_moved_collection(new_path, old_parent_path)


def refuse_private_in_window_page(sender, instance, raw=False, **kwargs):
    if not raw:
        guards.guard_view_restriction(instance.page)


def refuse_private_collection_of_in_window_report(sender, instance, raw=False, **kwargs):
    if not raw:
        guards.guard_collection_restriction(instance.collection)


def refuse_replacing_or_hiding_an_in_window_report(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk:
        guards.guard_document(instance)


def refuse_site_changes_that_hide_in_window_pages(sender, instance, raw=False, **kwargs):
    if not raw:
        guards.guard_site_change(instance)


def refuse_deleting_site_of_in_window_pages(sender, instance, **kwargs):
    guards.guard_site_change(instance, deleting=True)


def connect():
    pre_save.connect(record_publication_transitions, dispatch_uid="reviews.window.pre_save")
    post_save.connect(store_transition_on_specific_page, dispatch_uid="reviews.window.post_save")
    for model in queries.window_page_models():
        pre_delete.connect(
            refuse_deleting_in_window_page,
            sender=model,
            dispatch_uid=f"reviews.window.delete.{model.__name__}",
        )
    page_published.connect(record_published_address, dispatch_uid="reviews.window.address")
    post_page_move.connect(record_addresses_after_a_move, dispatch_uid="reviews.window.address_moved")
    pre_page_move.connect(
        refuse_moving_in_window_pages_out_of_public_view, dispatch_uid="reviews.window.move"
    )
    path_updated.connect(refuse_tree_moves_that_hide_in_window_pages, dispatch_uid="reviews.window.tree_move")
    pre_save.connect(
        refuse_private_in_window_page, sender=PageViewRestriction, dispatch_uid="reviews.window.privacy"
    )
    pre_save.connect(
        refuse_private_collection_of_in_window_report,
        sender=CollectionViewRestriction,
        dispatch_uid="reviews.window.collection_privacy",
    )
    pre_save.connect(
        refuse_replacing_or_hiding_an_in_window_report,
        sender=get_document_model(),
        dispatch_uid="reviews.window.document_collection",
    )
    pre_save.connect(
        refuse_site_changes_that_hide_in_window_pages, sender=Site, dispatch_uid="reviews.window.site"
    )
    pre_delete.connect(
        refuse_deleting_site_of_in_window_pages, sender=Site, dispatch_uid="reviews.window.site_delete"
    )
