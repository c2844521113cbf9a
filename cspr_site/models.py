"""Site-wide pages and settings: the home page, plain information pages, partnership details."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from reviews.window.pages import WindowGuardedPageMixin

NSPCC_REPOSITORY_URL = "https://learning.nspcc.org.uk/case-reviews/national-case-review-repository"


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

    panels = [FieldPanel("partnership_name"), FieldPanel("nspcc_repository_url"), FieldPanel("contact_email")]

    class Meta:
        verbose_name = "partnership settings"
