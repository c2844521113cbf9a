"""What the site knows about an uploaded report without opening it on every request."""

from django.conf import settings
from django.db import models


class PdfDetails(models.Model):
    """A report's page count and accessibility facts, read once when the document is uploaded or replaced."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="pdf_details", primary_key=True
    )
    page_count = models.PositiveIntegerField()
    # The accessibility facts staff need for the partnership's accessibility statement.
    is_tagged = models.BooleanField("tagged", null=True, help_text="Whether the PDF has a tagged structure.")
    title = models.CharField(max_length=255, blank=True, help_text="The title the PDF declares, if any.")
    language = models.CharField(
        max_length=35, blank=True, help_text="The document language the PDF declares."
    )

    class Meta:
        verbose_name = "PDF details"
        verbose_name_plural = "PDF details"

    def __str__(self):
        return f"{self.document} ({self.page_count} pages)"


class DisclosureCheck(models.Model):
    """What the disclosure check found in a document's current file, and the cleaned copy the public gets.

    The page count is the inspection's, in `PdfDetails`: one inspection of each file, read by all.
    """

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking…"
        CHECKED = "checked", "Checked"
        UNREADABLE = "unreadable", "Could not be read"
        FAILED = "failed", "Could not be checked"

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="disclosure_check", primary_key=True
    )
    file_name = models.CharField(max_length=255, help_text="The file this check read.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.CHECKING)
    requested_at = models.DateTimeField(
        null=True, blank=True, help_text="When this file was put in line for the check."
    )
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="When a worker took this file to check it."
    )
    checked_at = models.DateTimeField(null=True, blank=True, help_text="When the check last ran.")
    problem = models.CharField(
        max_length=500, blank=True, help_text="Why the file could not be read or checked, in words."
    )
    removed = models.JSONField(
        default=list, blank=True, help_text="What the cleaned copy leaves out, in words."
    )
    cleaned_file = models.FileField(upload_to="documents/cleaned", blank=True)
    names_checked = models.CharField(
        max_length=64, blank=True, help_text="Which listed names the text was last checked against."
    )

    class Meta:
        verbose_name = "disclosure check"

    def __str__(self):
        return f"Disclosure check of {self.document} ({self.get_status_display()})"

    def is_current(self, document):
        return self.file_name == document.file.name


class DisclosureFinding(models.Model):
    """Something in a document the public could recover; blocking until an administrator accepts it."""

    disclosure_check = models.ForeignKey(DisclosureCheck, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30)
    page_number = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    excerpt = models.TextField(blank=True, help_text="The hidden words, shown to staff only.")
    fingerprint = models.CharField(max_length=64)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["page_number", "pk"]

    def __str__(self):
        return f"{self.kind} on page {self.page_number}"

    @property
    def is_accepted(self):
        return self.accepted_at is not None


class ProtectedName(models.Model):
    """A name or term that must not appear in a review's documents, kept only as keyed hashes."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="protected_names")
    hashes = models.JSONField(help_text="Keyed hashes of the term's word or word pairs; never the words.")
    word_count = models.PositiveSmallIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self):
        return f"Protected name {self.pk} ({self.word_count} word{'' if self.word_count == 1 else 's'})"
