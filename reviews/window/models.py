"""What the last check of the publication windows found, for the dashboard and to e-mail only news.

Imported by `reviews.models`, so Django finds it under the `reviews` app.
"""

from django.db import models


class WindowCheck(models.Model):
    """One run of `check_publication_windows`: when, and every breach it found (empty when all held)."""

    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    breaches = models.JSONField(default=list)
    emailed = models.BooleanField(default=False, help_text="Whether administrators were e-mailed these.")

    class Meta:
        verbose_name = "publication window check"
        get_latest_by = "checked_at"

    def __str__(self):
        return f"Windows checked {self.checked_at:%Y-%m-%d %H:%M}: {len(self.breaches)} problem(s)"


class PublishedAddress(models.Model):
    """An address a window page was published at, kept so links to it keep working in its year.

    Stored as the page's `url_path` (its place in the page tree), which is how a site turns a
    request path into a page; the Sites guard keeps each site's root where it was.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    url_path = models.TextField(unique=True)
    first_published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "published address"
        verbose_name_plural = "published addresses"

    def __str__(self):
        return self.url_path


class HeldPublication(models.Model):
    """A scheduled publication whose go-live time has passed but which the scheduler could not publish.

    Kept while the scheduler keeps refusing it, so administrators see it on their dashboard and are
    e-mailed about it once, not on every run; gone once it is published or no longer scheduled.
    """

    revision = models.OneToOneField("wagtailcore.Revision", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    held_since = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False, help_text="Whether administrators were e-mailed this.")

    class Meta:
        verbose_name = "held scheduled publication"
        ordering = ["held_since", "pk"]

    def __str__(self):
        return f"{self.revision.object_str}: {self.reason}"
