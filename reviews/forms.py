"""The editor form for window pages: takedown dates only from those allowed to set them."""

from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.log_actions import log

NOT_ALLOWED_MESSAGE = (
    "Only partnership administrators can set, change or clear a takedown date. "
    "Your other changes have not been saved; remove the takedown date and try again."
)


class PublicationWindowPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        # Wagtail leaves the field out for users without the permission; a value posted anyway
        # is refused rather than silently dropped.
        if "expire_at" in self.data and "expire_at" not in self.fields:
            self.add_error(None, NOT_ALLOWED_MESSAGE)
        return cleaned_data

    def save(self, commit=True):
        takedown_changed = "expire_at" in self.fields and "expire_at" in self.changed_data
        page = super().save(commit=commit)
        if takedown_changed and page.pk:
            if page.expire_at is None:
                action = "reviews.takedown.cleared"
            elif self.initial.get("expire_at"):
                action = "reviews.takedown.changed"
            else:
                action = "reviews.takedown.scheduled"
            data = {"expire_at": page.expire_at.isoformat() if page.expire_at else None}
            log(instance=page, action=action, user=self.for_user, data=data)
        return page
