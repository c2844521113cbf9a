"""What the site knows about an uploaded report without opening it on every request."""

from django.db import models


class PdfDetails(models.Model):
    """A report's page count, read once when the document is uploaded or replaced."""

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="pdf_details", primary_key=True
    )
    page_count = models.PositiveIntegerField()

    class Meta:
        verbose_name = "PDF details"
        verbose_name_plural = "PDF details"

    def __str__(self):
        return f"{self.document} ({self.page_count} pages)"
