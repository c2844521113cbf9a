"""Learning on a Page: the one-page practitioner summary of a review."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from learning.alerts.models import Announcement, Delivery, DigestWeek, Subscriber  # noqa: F401
from reviews import kinds
from reviews.documents.page_forms import DisclosureCheckedPageForm
from reviews.documents.panels import DisclosureCheckPanel
from reviews.finding import listing
from reviews.finding.text import plain_text_excerpt
from reviews.models import ReviewPage
from reviews.window.pages import PublicationWindowPage

POINT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class LearningPage(PublicationWindowPage):
    """A printable one-page summary for team meetings: the child's experience, learning, change."""

    review = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.PROTECT,
        related_name="learning_pages",
        help_text="The review this page summarises.",
    )
    lived_experience = RichTextField(
        "the child's lived experience",
        features=POINT_FEATURES,
        help_text="What the child saw, heard, felt and lived day to day.",
    )
    key_learning = RichTextField(features=POINT_FEATURES)
    learning_into_practice = RichTextField(
        features=POINT_FEATURES, help_text="What practitioners should do differently."
    )
    pdf_version = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="PDF version",
        help_text="Optional: a designed PDF of this page for download.",
    )

    content_panels = [
        *Page.content_panels,
        PageChooserPanel("review", page_type=[kind.model_label for kind in kinds.REVIEW_KINDS]),
        FieldPanel("lived_experience"),
        FieldPanel("key_learning"),
        FieldPanel("learning_into_practice"),
        FieldPanel("pdf_version"),
        DisclosureCheckPanel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_description"),
        index.SearchField("lived_experience"),
        index.SearchField("key_learning"),
        index.SearchField("learning_into_practice"),
        index.SearchField("review_theme_names"),
    ]

    parent_page_types = ["reviews.ReviewIndexPage"]
    subpage_types = []

    kind = kinds.LEARNING
    base_form_class = DisclosureCheckedPageForm
    template = "learning/learning_page.html"
    og_type = "article"

    class Meta:
        verbose_name = "Learning on a Page"
        verbose_name_plural = "Learning on a Page summaries"

    def must_follow(self):
        """A summary never appears before the review it summarises."""
        return self.review

    def clean(self):
        super().clean()
        if self.review_id is None:
            raise ValidationError({"review": "Choose the review this page summarises."})
        if not isinstance(self.review.specific, ReviewPage):
            names = " or a ".join(kind.label for kind in kinds.REVIEW_KINDS)
            raise ValidationError({"review": f"Choose a {names}."})

    @property
    def reviewed_page(self):
        return self.review.specific if self.review_id else None

    def review_theme_names(self):
        """The review's themes, so that searching for a theme finds its Learning on a Page too."""
        review = self.reviewed_page
        return " ".join(theme.name for theme in review.themes.all()) if review else ""

    @property
    def meta_description(self):
        """What search engines and link previews show: the editor's description, or the key learning."""
        return self.search_description or plain_text_excerpt(self.key_learning, 160)

    def get_context(self, request, *args, **kwargs):
        """The review this page summarises, when it is public, in one query."""
        context = super().get_context(request, *args, **kwargs)
        context["review"] = listing.listing(Page.objects.filter(pk=self.review_id)).first()
        return context
