"""A record of the daily reminder to partnership administrators, so it goes out once a day."""

from django.db import models


class PublicationReminder(models.Model):
    """The day a publication-window reminder was emailed; a second run that day sends nothing."""

    sent_on = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "publication reminder"

    def __str__(self):
        return f"Publication reminder sent on {self.sent_on:%Y-%m-%d}"
