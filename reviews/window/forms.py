"""The window's forms: the editor form for window pages, and the withdrawal form."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import BlockField
from wagtail.log_actions import log

from reviews.window import addresses, queries, rules

NOT_ALLOWED_MESSAGE = (
    "Only partnership administrators can set, change or clear a takedown date. "
    "Your other changes have not been saved; remove the takedown date and try again."
)
REASON_MIN_LENGTH = 10


def reason_field(label, help_text, asking, kept_in, rows=4):
    """A written reason for the audit log, asked for the same way by every action that needs one."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows}),
        min_length=REASON_MIN_LENGTH,
        help_text=help_text,
        error_messages={
            "required": f"{asking}; it is kept in {kept_in}.",
            "min_length": f"{asking} in at least {REASON_MIN_LENGTH} characters.",
        },
    )


class PublicationWindowPageForm(WagtailAdminPageForm):
    """Takedown dates only from those allowed to set them, and each change in the page's history."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The block editor posts a count with each StreamField (the report as a web page); a post
        # without it, from a script or a form sent without JavaScript, would end in a server
        # error. The content it leaves out stays as it is instead.
        if self.is_bound:
            for name, field in list(self.fields.items()):
                if isinstance(field, BlockField) and field.widget.value_omitted_from_data(
                    self.data, self.files, self.add_prefix(name)
                ):
                    del self.fields[name]

    def clean(self):
        cleaned_data = super().clean()
        # Wagtail leaves the field out for users without the permission; a value posted anyway
        # is refused rather than silently dropped.
        if "expire_at" in self.data and "expire_at" not in self.fields:
            self.add_error(None, NOT_ALLOWED_MESSAGE)
        refusal = self.publishing_refusal()
        if refusal:
            self.add_error(None, refusal)
        if self.is_publishing() or self.is_approving():
            live = queries.live_version(self.instance)
            for name in queries.document_field_names(type(self.instance)):
                if name in self.fields and name not in self.errors:
                    message = queries.document_refusal(live, name, cleaned_data.get(name))
                    if message:
                        self.add_error(name, message)
        if self.is_approving() and self.has_changed():
            # Changing the content while approving it would be approving one's own change.
            self.add_error(None, rules.own_changes_refusal(self.instance.get_admin_display_title()))
        slug = cleaned_data.get("slug")
        if slug and self.parent_page is not None and "slug" not in self.errors:
            message = addresses.address_refusal(f"{self.parent_page.url_path}{slug}/", self.instance.pk)
            if message:
                self.add_error("slug", message)
        return cleaned_data

    def is_publishing(self):
        """The same test as Wagtail's create and edit views: the button, and the right to use it."""
        if not self.data.get("action-publish") or self.for_user is None:
            return False
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        return self.parent_page.permissions_for_user(self.for_user).can_publish_subpage()

    def publishing_refusal(self):
        """Why "Publish", posted anyway, is refused to this user; Wagtail would save a draft in silence."""
        if not self.data.get("action-publish") or self.for_user is None or not self.instance.pk:
            return None
        return self.instance.permissions_for_user(self.for_user).publishing_refusal

    def is_approving(self):
        if not self.data.get("action-workflow-action") or self.data.get("workflow-action-name") != "approve":
            return False
        task = self.instance.current_workflow_task if self.instance.pk else None
        return task is not None and any(
            name == "approve" for name, _label, _modal in task.get_actions(self.instance, self.for_user)
        )

    def save(self, commit=True):
        takedown_changed = "expire_at" in self.fields and "expire_at" in self.changed_data
        page = super().save(commit=commit)
        self.takedown_applied_to_live_page = False
        if takedown_changed and page.live and not self.is_publishing():
            self.takedown_applied_to_live_page = apply_takedown_date_to_live_page(page)
        if takedown_changed and page.pk:
            if page.expire_at is None:
                action = rules.TAKEDOWN_CLEARED_ACTION
            elif self.initial.get("expire_at"):
                action = rules.TAKEDOWN_CHANGED_ACTION
            else:
                action = rules.TAKEDOWN_SCHEDULED_ACTION
            data = {"expire_at": page.expire_at.isoformat() if page.expire_at else None}
            log(instance=page, action=action, user=self.for_user, data=data)
        return page


def apply_takedown_date_to_live_page(page):
    """Set a live page's takedown date at once, without publishing the rest of its draft.

    Wagtail keeps a live page's edits in a draft until someone publishes, so a takedown date saved
    with "Save schedule" would otherwise wait for an unrelated publication. The date changes no
    content, and the save guard checks it against the window again.
    """
    live = queries.live_version(page)
    if live is None or live.expire_at == page.expire_at:
        return False
    live.expire_at = page.expire_at
    live.save(update_fields=["expire_at"], clean=False)
    return True


class WithdrawalForm(forms.Form):
    reason = reason_field(
        "Reason for withdrawal",
        "For example the court order or the risk to a child. "
        "Kept in the audit log and never shown on the public site.",
        asking="Give the reason for withdrawal",
        kept_in="the audit log",
    )
    confirm = forms.BooleanField(
        label="I confirm this review must be withdrawn now",
        error_messages={"required": "Tick the box to confirm this review must be withdrawn now."},
    )
    include_learning = forms.BooleanField(
        label="Also withdraw its Learning on a Page", required=False, initial=True
    )

    def __init__(self, *args, learning_pages=(), **kwargs):
        super().__init__(*args, **kwargs)
        if learning_pages:
            titles = "; ".join(f"“{page.title}”" for page in learning_pages)
            self.fields["include_learning"].help_text = f"Live now: {titles}."
        else:
            del self.fields["include_learning"]


class ReinstatementForm(forms.Form):
    reason = reason_field(
        "Reason for reinstatement",
        "For example the court order that was lifted. Kept in the audit log, never shown publicly.",
        asking="Give the reason for reinstatement",
        kept_in="the audit log",
    )
    confirm = forms.BooleanField(
        label="I confirm the reason for the withdrawal no longer applies",
        error_messages={
            "required": "Tick the box to confirm the reason for the withdrawal no longer applies."
        },
    )
