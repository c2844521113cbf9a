"""The reviews index and the two kinds of review it lists: CSPRs and legacy SCRs."""

from django import forms
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from reviews import kinds
from reviews.documents import web_report
from reviews.documents.page_forms import DisclosureCheckedPageForm, DisclosureCheckFormMixin
from reviews.documents.panels import DisclosureCheckPanel
from reviews.editorial import statutory_notice
from reviews.editorial.forms import CSPRPageForm
from reviews.finding import listing, search
from reviews.finding.query_string import read_filters
from reviews.finding.text import plain_text_excerpt
from reviews.remembered import compiled_instances, remember
from reviews.window import rules
from reviews.window.pages import PublicationWindowPage, WindowGuardedPageMixin

from .themes import Theme

# How many of each kind of review the unfiltered list shows before "See all".
SECTION_LENGTH = 10
SUMMARY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ul", "ol"]


class ReviewIndexPage(WindowGuardedPageMixin, Page):
    """The public list of reviews: what a CSPR is, a search with filters, local CSPRs and legacy SCRs."""

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

    content_panels = [
        *Page.content_panels,
        FieldPanel(
            "introduction",
            # On the panel rather than the field, so that the wording needs no migration.
            help_text=(
                "Shown after the lists of reviews. Say what a practice review is, what it is for and "
                "what it is not; that learning from serious cases rests nationally with the Child "
                "Safeguarding Practice Review Panel and locally with the three safeguarding partners; "
                "that local areas no longer carry out Serious Case Reviews; and that the definition of "
                "a serious case comes from Working Together to Safeguard Children 2023."
            ),
        ),
        FieldPanel("scr_introduction"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["cspr_site.HomePage"]

    template = "reviews/review_index_page.html"

    class Meta:
        permissions = [
            (rules.TAKEDOWN_CODENAME, "Can set, change or clear the takedown date of a review"),
            (rules.WITHDRAW_CODENAME, "Can withdraw a review before its publication window ends"),
        ]

    def get_context(self, request, *args, **kwargs):
        """The sections of the page, or, once someone searches or filters, one list of results."""
        context = super().get_context(request, *args, **kwargs)
        url = self.get_url(request)
        # Both change only with a visible change, so they are read once per generation.
        themes = remember(("themes",), lambda: list(Theme.objects.all()))
        years = remember(("publication years", self.pk), lambda: listing.publication_years(self))
        filters = read_filters(request.GET, themes=themes, years=years)
        context.update(
            filters=filters,
            type_options=filters.type_options(),
            year_options=filters.year_options(years),
            theme_options=filters.theme_options(themes),
        )
        if not filters.active:
            # The newest few of each kind; the rest are a click away in the paginated list.
            rows = listing.newest_of_each_kind(self, SECTION_LENGTH, url)
            for kind in kinds.REVIEW_KINDS:
                section = [row for row in rows if row.kind == kind.key]
                context[f"{kind.key}_reviews"] = section
                context[f"{kind.key}_total"] = section[0].kind_total if section else 0
            return context

        results = filters.paginate(
            search.find(
                self,
                words=filters.words,
                kind=filters.kind,
                year=filters.year,
                theme=filters.theme,
            ).values(*listing.LISTED_FIELDS)
        )
        results.object_list = listing.listed(results.object_list, url)
        search.with_matched_sections(results.object_list, filters.words)
        context.update(
            results=results,
            results_summary=filters.describe(results.paginator.count),
            previous_url=filters.query_string(results.number - 1) if results.has_previous() else None,
            next_url=filters.query_string(results.number + 1) if results.has_next() else None,
        )
        return context


class ReviewPage(RoutablePageMixin, PublicationWindowPage):
    """What every published review has: a pseudonym, a date, a summary, themes and its report.

    The report can also be written as a web page, served at `<review>/report/` by the review's
    own routing: it is live, cached, taken down and withdrawn with the review.
    """

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
    report_body = StreamField(
        web_report.ReportBlock(),
        blank=True,
        verbose_name="report as a web page",
        help_text=(
            "The full report, readable on a phone and with a screen reader. Write it here, or use "
            "“Import a Word report…” in the page's actions menu to start from the Word file."
        ),
    )

    kind = None  # each kind of review names its entry in `reviews.kinds`

    content_panels = [
        # Wagtail's title panel, so that typing the title fills in the slug as on every other page type.
        TitleFieldPanel("title", help_text="The child's pseudonym, for example 'Young Person A'."),
        FieldPanel("publication_date"),
        FieldPanel("summary"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("report"), FieldPanel("response_document")], heading="Documents"),
        FieldPanel("report_body"),
        DisclosureCheckPanel(),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_description"),
        index.SearchField("summary"),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.SearchField("report_body"),
        index.FilterField("publication_date"),
    ]

    parent_page_types = ["reviews.ReviewIndexPage"]
    subpage_types = []
    base_form_class = DisclosureCheckedPageForm

    og_type = "article"

    class Meta:
        abstract = True

    @property
    def review_type_label(self):
        return self.kind.label

    @property
    def review_type_abbreviation(self):
        return self.kind.abbreviation

    def save(self, *args, **kwargs):
        """Save, then index the page again now that its themes are saved too."""
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "themes" in update_fields:
            search.reindex_with_learning_pages(self)
        return result

    @property
    def has_web_report(self):
        return bool(self.report_body)

    @classmethod
    def report_sections_matching(cls, review_ids, words):
        """{review id: (heading, anchor) of the first report section holding all the words, or None}."""
        # The bodies alone: building each review as a page cost more than reading its sections.
        bodies = cls.objects.filter(pk__in=review_ids).order_by().values_list("pk", "report_body")
        return {pk: web_report.section_matching(body, words) for pk, body in bodies}

    def own_subpaths(self):
        return [f"{web_report.REPORT_SLUG}/"] if self.has_web_report else []

    def get_cached_paths(self):
        # A CDN that keeps pages is told to drop the report page with the review.
        return ["/", *(f"/{subpath}" for subpath in self.own_subpaths())]

    @path(f"{web_report.REPORT_SLUG}/")
    def web_report_view(self, request):
        """The report as a web page; a review without one has no such address."""
        if not self.has_web_report:
            raise Http404
        return TemplateResponse(request, "reviews/web_report_page.html", self.get_web_report_context(request))

    @property
    def preview_modes(self):
        return [("", "Review page"), ("report", "Report as a web page")]

    def serve_preview(self, request, mode_name):
        # Editors check an imported report as readers will see it before it goes for approval.
        if mode_name == "report":
            return TemplateResponse(
                request, "reviews/web_report_page.html", self.get_web_report_context(request)
            )
        return super().serve_preview(request, mode_name)

    def get_web_report_context(self, request):
        """What the report page shows beside the report: the review's address, its PDF, its dates."""
        context = Page.get_context(self, request)
        context.update(
            review_url=self.get_url(request),
            report=self.documents().get(self.report_id),
            outline=web_report.outline(self.report_body),
        )
        return context

    def documents(self):
        """The review's documents with their page counts, in one query, by id."""
        document_ids = [pk for pk in (self.report_id, self.response_document_id) if pk]
        if not document_ids:
            return {}
        return get_document_model().objects.select_related("pdf_details").in_bulk(document_ids)

    @property
    def meta_description(self):
        """What search engines and link previews show: the editor's description, or the summary."""
        return self.search_description or plain_text_excerpt(self.summary, 160)

    def get_context(self, request, *args, **kwargs):
        """Everything the page shows, fetched once each: themes, documents, learning, related."""
        context = super().get_context(request, *args, **kwargs)
        themes = list(self.themes.all())
        documents = self.documents()
        # A page's address is its parent's plus its slug, so the index needs no query for it.
        url = self.get_url(request)
        index_url = url[: -len(self.slug) - 1] if url else ""
        context.update(
            web_report_url=f"{url}{web_report.REPORT_SLUG}/" if url and self.has_web_report else "",
            themes=themes,
            index_url=index_url,
            report=documents.get(self.report_id),
            response_document=documents.get(self.response_document_id),
            # A preview of a page that was never saved has no Learning on a Page or neighbours yet.
            learning_pages=compiled_instances(
                ("learning pages of", self.pk), lambda: listing.visible(self.learning_pages.order_by("title"))
            )
            if self.pk
            else [],
            related_reviews=listing.related_reviews(self, themes, index_url) if self.pk else [],
        )
        return context


class CSPRPageWithDisclosureCheckForm(DisclosureCheckFormMixin, CSPRPageForm):
    """The CSPR form (statutory notice) with the disclosure check."""


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

    # Beside the publication date, not under the disclosure panel: the first workflow step checks it.
    content_panels = [
        *ReviewPage.content_panels[:2],
        FieldPanel("panel_notified_on"),
        *ReviewPage.content_panels[2:],
    ]
    base_form_class = CSPRPageWithDisclosureCheckForm

    kind = kinds.CSPR

    template = "reviews/review_page.html"

    class Meta:
        verbose_name = "Child Safeguarding Practice Review"

    def clean(self):
        super().clean()
        statutory_notice.check_notice_date_not_in_future(self)

    def save(self, *args, **kwargs):
        # Every way of going live saves the page: the editor, workflow approval, bulk publish,
        # the scheduler and code. Checked here rather than in clean(), which forms run on drafts.
        statutory_notice.check_going_live(self)
        return super().save(*args, **kwargs)


class SCRPage(ReviewPage):
    """A Serious Case Review from before 2018, still published for its learning."""

    kind = kinds.SCR

    template = "reviews/review_page.html"

    class Meta:
        verbose_name = "Serious Case Review"
