"""Who changed what a page says: the four-eyes rule counts changes to the content, not saves.

A saved revision changes the content when it differs from the revision saved before it in
anything the page carries to the public: its fields, its child objects (themes and the like) and
the documents it links. What only staff see (who locked it, when it was saved, comments between
staff) is bookkeeping, and so is the rich-text editor's own markup, which differs between a page
written by code and the same page saved unchanged from the editor. So an autosave, or a draft a
moderator saves while reading a refusal, makes nobody an author.

A document's file replaced in place changes the content of every page linking it, without any
revision: that change is recorded in the document's history, with whoever made it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import JSONField, OuterRef, Subquery
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, ReferenceIndex, Revision

from reviews.window import queries
from reviews.window.content import content_of

FILE_REPLACED_ACTION = "reviews.document.file_replaced"


def revisions_changing_content(revisions):
    """Of these revisions (a queryset), those whose content differs from the revision saved before each.

    One query, whatever the number: each comes with its predecessor's content. A first revision
    changes the content (it is new).
    """
    previous = Revision.objects.filter(
        base_content_type_id=OuterRef("base_content_type_id"),
        object_id=OuterRef("object_id"),
        pk__lt=OuterRef("pk"),
    ).order_by("-pk")
    previous_content = Subquery(previous.values("content")[:1], output_field=JSONField())
    rows = revisions.annotate(previous_content=previous_content)
    return [
        revision
        for revision in rows
        if revision.previous_content is None
        or content_of(revision.content) != content_of(revision.previous_content)
    ]


def linked_document_ids(obj):
    """The documents a version of a page links: in its document fields, and in the text of its stored row."""
    ids = {getattr(obj, f"{name}_id") for name in queries.document_field_names(type(obj))}
    if obj.pk:
        document_type = ContentType.objects.get_for_model(get_document_model())
        ids.update(
            int(pk)
            for pk in ReferenceIndex.get_references_for_object(obj)
            .filter(to_content_type=document_type)
            .values_list("to_object_id", flat=True)
            if pk.isdigit()
        )
    return ids - {None}


def file_replacements_by(user, since):
    """{document id: when `user` last replaced its file} for the files they replaced since then."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(get_document_model()),
        action=FILE_REPLACED_ACTION,
        user=user,
        timestamp__gte=since,
    ).values_list("object_id", "timestamp")
    replaced = {}
    for object_id, timestamp in entries:
        if object_id.isdigit():
            replaced[int(object_id)] = max(timestamp, replaced.get(int(object_id), timestamp))
    return replaced


SCHEDULED_APPROVAL_CANCELLED_ACTION = "reviews.workflow.scheduled_approval_cancelled"


def scheduled_approval_cancelled_reason(document_title):
    return (
        f"The file of “{document_title}” was replaced after this version was approved, so the approval "
        "no longer stands and it will not go live on schedule. Submit it again for someone to approve."
    )


def cancel_scheduled_approvals_linking(document):
    """A version approved to go live later no longer goes live once a file it links is replaced.

    Its approval covered the bytes that were there; the scheduler must not publish others.
    """
    for revision in Revision.objects.filter(approved_go_live_at__isnull=False):
        obj = revision.as_object()
        if document.pk not in linked_document_ids(obj):
            continue
        revision.approved_go_live_at = None
        revision.save(update_fields=["approved_go_live_at"])
        log(
            instance=obj,
            action=SCHEDULED_APPROVAL_CANCELLED_ACTION,
            revision=revision,
            data={"reason": scheduled_approval_cancelled_reason(document.title)},
        )
