"""What the site knows about an uploaded report without opening it on every request."""

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
