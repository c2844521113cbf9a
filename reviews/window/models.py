"""What the last check of the publication windows found, for the dashboard and to e-mail only news.

Imported by `reviews.models`, so Django finds it under the `reviews` app.
"""

from django.db import models


class WindowCheck(models.Model):
    """One run of `check_publication_windows`: when, and every breach it found (empty when all held)."""

    checked_at = models.DateTimeField(auto_now_add=True, db_index=True)
    breaches = models.JSONField(default=list)

    class Meta:
        verbose_name = "publication window check"
        get_latest_by = "checked_at"

    def __str__(self):
        return f"Windows checked {self.checked_at:%Y-%m-%d %H:%M}: {len(self.breaches)} problem(s)"
