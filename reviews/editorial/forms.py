"""The CSPR editor form: publishing or approving checks the statutory notice on the values entered."""

from reviews.editorial import statutory_notice
from reviews.window.forms import PublicationWindowPageForm

NOTICE_FIELD = "panel_notified_on"


class CSPRPageForm(PublicationWindowPageForm):
    """The window page form, refusing to publish or approve a CSPR without the statutory notice."""

    def clean(self):
        cleaned_data = super().clean()
        if NOTICE_FIELD in self.errors or not statutory_notice.applies_to(self.instance):
            return cleaned_data
        if self.is_publishing() or self.is_approving():
            go_live_at = cleaned_data.get("go_live_at", self.instance.go_live_at)
            message = statutory_notice.refusal(
                cleaned_data.get(NOTICE_FIELD), statutory_notice.publication_moment(go_live_at)
            )
            if message:
                # Beside the date field, where the editor fixes it; nothing is saved or published.
                self.add_error(NOTICE_FIELD, message)
        return cleaned_data
