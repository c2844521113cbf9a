"""Correcting a published report: the way to fix a redaction mistake inside a review's year.

The published file itself can never be replaced (the window's guard refuses it). Instead a
partnership administrator gives the corrected PDF and a reason: it becomes a new document that
the review links at once, the old one moves to a private collection for the record, and the
review's history says who did it and why.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.log_actions import log
from wagtail.models import Collection, CollectionViewRestriction

from reviews.documents import disclosure_records
from reviews.documents.models import DisclosureCheck
from reviews.window import guards, queries, rules

CORRECTED_ACTION = "reviews.report.corrected"
SUPERSEDED_COLLECTION = "Superseded reports"


class CorrectionPermissionError(PermissionDenied):
    """The user may not correct this page's published documents."""


def correctable_fields(page):
    """The page's document fields that link a document now, as (name, label)."""
    return [
        (name, page._meta.get_field(name).verbose_name)
        for name in queries.document_field_names(type(page))
        if getattr(page, f"{name}_id")
    ]


def superseded_collection():
    """A collection only signed-in staff can open, created the first time a report is corrected."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=SUPERSEDED_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=SUPERSEDED_COLLECTION)
        CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.LOGIN
        )
    return collection


class CorrectPublishedReportAction:
    """Put a corrected file in place of one of a live review's documents, keeping the old one privately."""

    def __init__(self, page, user, field=None, upload=None, reason=""):
        self.page = page
        self.user = user
        self.field = field
        self.upload = upload
        self.reason = reason

    def check(self):
        if not (self.user and self.user.is_active and self.user.has_perm(rules.WITHDRAW_PERMISSION)):
            raise CorrectionPermissionError("Only partnership administrators can correct a published report.")
        fields = dict(correctable_fields(self.page))
        if not self.page.live or not fields or (self.field is not None and self.field not in fields):
            raise CorrectionPermissionError("This page has no published document to correct there.")

    def execute(self):
        """Returns the new document."""
        if self.field is None:
            raise ValueError("Say which document to correct.")
        self.check()
        old = getattr(self.page, self.field)
        with transaction.atomic():
            new = get_document_model()(
                title=old.title, collection=old.collection, file=self.upload, uploaded_by_user=self.user
            )
            new.save()
            # Already checked as the form's upload; a long file is checked again here, not left waiting.
            if (
                disclosure_records.current_check(new, pages=[self.page]).status
                == DisclosureCheck.Status.CHECKING
            ):
                disclosure_records.run_check(new, pages=[self.page])
            page = type(self.page).objects.get(pk=self.page.pk)
            setattr(page, self.field, new)
            with guards.document_change_authorised(page.pk, self.field):
                page.save(update_fields=[self.field])
            self._correct_the_latest_draft(page, old, new)
            old.collection = superseded_collection()
            old.save()
            log(
                instance=page,
                action=CORRECTED_ACTION,
                user=self.user,
                data={
                    "field": self.field,
                    "reason": self.reason,
                    "old_document": old.pk,
                    "new_document": new.pk,
                },
            )
        return new

    def _correct_the_latest_draft(self, page, old, new):
        """A draft written before the correction would otherwise bring the old file back when published."""
        revision = page.latest_revision
        if revision is not None and revision.content.get(self.field) == old.pk:
            revision.content[self.field] = new.pk
            revision.save(update_fields=["content"])
