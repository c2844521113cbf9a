"""Site-wide pages and settings: the home page, plain information pages, partnership details."""

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from reviews.window.pages import WindowGuardedPageMixin

NSPCC_REPOSITORY_URL = "https://learning.nspcc.org.uk/case-reviews/national-case-review-repository"

phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ]{5,19}$",
    "Enter a phone number of digits and spaces, such as 01632 960000 or +44 1632 960000.",
)


def telephone_link(number):
    """A tel: address a phone can dial, from a number written with spaces for reading."""
    return f"tel:{number.replace(' ', '')}" if number else ""


def footer_page_link(verbose_name, help_text):
    return models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


class HomePage(WindowGuardedPageMixin, Page):
    """The front door of the partnership's site, linking to its reviews."""

    introduction = RichTextField(blank=True, features=["bold", "italic", "link", "ul", "ol"])

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["reviews.ReviewIndexPage", "cspr_site.InformationPage"]
    max_count = 1

    template = "cspr_site/home_page.html"


class InformationPage(WindowGuardedPageMixin, Page):
    """A plain page of text, such as the accessibility statement or contact details."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ul", "ol"])

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    parent_page_types = ["cspr_site.HomePage"]
    subpage_types = []

    template = "cspr_site/information_page.html"


@register_setting(icon="site")
class PartnershipSettings(BaseSiteSetting):
    """Details that editors change without a developer: names, contacts, external links."""

    partnership_name = models.CharField(
        max_length=255,
        default="Safeguarding Children Partnership",
        help_text="Shown in the header and footer of every page.",
    )
    nspcc_repository_url = models.URLField(
        "NSPCC national case review repository address",
        default=NSPCC_REPOSITORY_URL,
        help_text="Where the reviews page sends readers for reviews that are no longer on this site.",
    )
    contact_email = models.EmailField(blank=True)

    childrens_services_phone = models.CharField(
        "children's services phone number",
        max_length=20,
        blank=True,
        validators=[phone_number],
        help_text="Where a member of the public reports a worry about a child during office hours.",
    )
    childrens_services_out_of_hours_phone = models.CharField(
        "out-of-hours phone number",
        max_length=20,
        blank=True,
        validators=[phone_number],
        help_text="The emergency duty team: evenings, weekends and bank holidays.",
    )
    childrens_services_url = models.URLField(
        "children's services web address",
        blank=True,
        help_text="The council's page on reporting a worry about a child.",
    )

    accessibility_page = footer_page_link("accessibility statement", "Linked from the foot of every page.")
    privacy_page = footer_page_link("privacy notice", "Linked from the foot of every page.")
    contact_page = footer_page_link("contact page", "Linked from the foot of every page.")

    panels = [
        FieldPanel("partnership_name"),
        FieldPanel("nspcc_repository_url"),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("childrens_services_phone"),
                FieldPanel("childrens_services_out_of_hours_phone"),
                FieldPanel("childrens_services_url"),
            ],
            heading="Worried about a child?",
            help_text="Shown at the foot of every page and beside every review, for parents and the public.",
        ),
        MultiFieldPanel(
            [FieldPanel("accessibility_page"), FieldPanel("privacy_page"), FieldPanel("contact_page")],
            heading="Footer links",
        ),
    ]
    # The footer's pages come with the settings, at no extra query per page view.
    select_related = ["accessibility_page", "privacy_page", "contact_page"]

    class Meta:
        verbose_name = "partnership settings"

    @property
    def childrens_services_phone_link(self):
        return telephone_link(self.childrens_services_phone)

    @property
    def childrens_services_out_of_hours_phone_link(self):
        return telephone_link(self.childrens_services_out_of_hours_phone)

    @property
    def footer_pages(self):
        """The accessibility, privacy and contact pages editors chose and published, in that order."""
        return [
            page
            for page in (self.accessibility_page, self.privacy_page, self.contact_page)
            if page and page.live
        ]


class PeriodicRun(models.Model):
    """When the scheduler last queued a periodic job, so each interval queues it once."""

    command = models.CharField(max_length=100, unique=True)
    last_queued_at = models.DateTimeField(null=True, blank=True)
    last_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "periodic run"

    def __str__(self):
        return f"{self.command} (last queued {self.last_queued_at or 'never'})"
