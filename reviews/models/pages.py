"""The reviews index and the two kinds of review it lists: CSPRs and legacy SCRs."""

from django import forms
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .mixins import PublicationWindowPage, WindowGuardedPageMixin

SUMMARY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class ReviewIndexPage(WindowGuardedPageMixin, Page):
    """The public list of the partnership's reviews: what a CSPR is, then local CSPRs and legacy SCRs."""

    introduction = RichTextField(
        features=SUMMARY_FEATURES,
        help_text="What a practice review is, what it is for and what it is not.",
    )
    scr_introduction = RichTextField(
        "Serious Case Reviews introduction",
        blank=True,
        features=SUMMARY_FEATURES,
        help_text="Shown above the list of legacy Serious Case Reviews.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("scr_introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["cspr_site.HomePage"]

    template = "reviews/review_index_page.html"

    class Meta:
        permissions = [
            ("schedule_takedown", "Can set, change or clear the takedown date of a review"),
            ("withdraw_review", "Can withdraw a review before its publication window ends"),
        ]

    def reviews_of_type(self, review_model):
        return (
            review_model.objects.child_of(self)
            .live()
            .public()
            .select_related("report")
            .prefetch_related("themes", "learning_pages")
            .order_by("-publication_date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["cspr_reviews"] = self.reviews_of_type(CSPRPage)
        context["scr_reviews"] = self.reviews_of_type(SCRPage)
        return context


class ReviewPage(PublicationWindowPage):
    """What every published review has: a pseudonym, a date, a summary, themes and its report."""

    publication_date = models.DateField(
        "date of publication",
        help_text="The date the partnership published the report.",
    )
    summary = RichTextField(features=SUMMARY_FEATURES)
    themes = ParentalManyToManyField(
        "reviews.Theme",
        blank=True,
        related_name="%(class)s_pages",
        help_text="Add new themes under Snippets > Themes.",
    )
    report = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=(
            "The full report as a PDF. Leave empty only where the partnership decided to publish "
            "the learning instead of the full report."
        ),
    )
    response_document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="response or action plan",
        help_text="Optional: the partnership's response or action plan, as a PDF.",
    )

    review_type_label = ""
    review_type_abbreviation = ""

    content_panels = [
        FieldPanel("title", help_text="The child's pseudonym, for example 'Young Person A'."),
        FieldPanel("publication_date"),
        FieldPanel("summary"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("report"), FieldPanel("response_document")], heading="Documents"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["reviews.ReviewIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    @cached_property
    def live_learning_pages(self):
        return [page for page in self.learning_pages.all() if page.live]


class CSPRPage(ReviewPage):
    """A local Child Safeguarding Practice Review, the process used since 2018."""

    panel_notified_on = models.DateField(
        "full report sent to the Panel and the Secretary of State on",
        null=True,
        blank=True,
        help_text=(
            "The full report must reach the national Child Safeguarding Practice Review Panel and "
            "the Secretary of State at least 7 working days before it is published."
        ),
    )

    content_panels = [*ReviewPage.content_panels, FieldPanel("panel_notified_on")]

    review_type_label = "Child Safeguarding Practice Review"
    review_type_abbreviation = "CSPR"

    template = "reviews/review_page.html"

    class Meta:
        verbose_name = "Child Safeguarding Practice Review"


class SCRPage(ReviewPage):
    """A Serious Case Review from before 2018, still published for its learning."""

    review_type_label = "Serious Case Review"
    review_type_abbreviation = "SCR"

    template = "reviews/review_page.html"

    class Meta:
        verbose_name = "Serious Case Review"
