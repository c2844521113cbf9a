"""The sign-up and preferences forms: what to hear about, which themes, how often."""

from django import forms

from learning.alerts import sources
from learning.alerts.models import TOPIC_FIELDS, Frequency
from reviews.models import Theme

EVERY_THEME, CHOSEN_THEMES = "all", "some"


class PreferencesForm(forms.Form):
    topics = forms.MultipleChoiceField(
        label="What do you want to hear about?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing to hear about."},
    )
    which_themes = forms.ChoiceField(
        label="Which themes?",
        choices=[(EVERY_THEME, "All themes"), (CHOSEN_THEMES, "Only the themes I choose")],
        widget=forms.RadioSelect,
        initial=EVERY_THEME,
        error_messages={"required": "Choose all themes, or the themes you want."},
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose themes from the list.",
            "invalid_pk_value": "Choose themes from the list.",
        },
    )
    frequency = forms.ChoiceField(
        label="How often?",
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.IMMEDIATELY,
        error_messages={"required": "Choose as it happens or a weekly digest."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = sources.offered_topics()
        self.fields["topics"].choices = [(topic.value, topic.label) for topic in offered]
        self.fields["topics"].initial = [topic.value for topic in offered]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("which_themes") == CHOSEN_THEMES and not cleaned.get("themes"):
            self.add_error("themes", "Choose at least one theme, or choose all themes.")
        return cleaned

    @classmethod
    def initial_for(cls, subscriber):
        return {
            "topics": [topic.value for topic in subscriber.topics],
            "which_themes": EVERY_THEME if subscriber.every_theme else CHOSEN_THEMES,
            "themes": list(subscriber.themes.all()),
            "frequency": subscriber.frequency,
        }

    def apply_to(self, subscriber):
        """Set the subscriber's choices from the form (the themes once it is saved)."""
        chosen = set(self.cleaned_data["topics"])
        for topic, field in TOPIC_FIELDS.items():
            setattr(subscriber, field, topic.value in chosen)
        subscriber.every_theme = self.cleaned_data["which_themes"] == EVERY_THEME
        subscriber.frequency = self.cleaned_data["frequency"]

    def save_themes(self, subscriber):
        subscriber.themes.set([] if subscriber.every_theme else self.cleaned_data["themes"])


class SignUpForm(PreferencesForm):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address in the right format, like name@example.org.",
            "max_length": "Enter an e-mail address of 254 characters or fewer.",
        },
    )
    # A field people never see or fill in: a form that arrives with it filled in came from a robot.
    website = forms.CharField(label="Leave this empty", required=False)

    field_order = ["email", "topics", "which_themes", "themes", "frequency", "website"]

    def is_from_a_robot(self):
        return bool(self.cleaned_data.get("website"))
