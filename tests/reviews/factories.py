import datetime

import factory
from django.utils import timezone

from reviews.models import CSPRPage, ReviewIndexPage, SCRPage, Theme
from tests.cspr_site.factories import PdfDocumentFactory, PublishedPageFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Theme {n}")

    class Meta:
        model = Theme
        django_get_or_create = ("name",)


class ReviewIndexPageFactory(PublishedPageFactory):
    title = "Child Safeguarding Practice Reviews"
    slug = "child-safeguarding-practice-reviews"
    introduction = "<p>What a practice review is and what it is for.</p>"

    class Meta:
        model = ReviewIndexPage


class ReviewPageFactory(PublishedPageFactory):
    title = factory.Sequence(lambda n: f"Child {n}")
    publication_date = datetime.date(2025, 3, 14)
    summary = "<p>A summary of what happened and what was learned.</p>"
    report = factory.SubFactory(PdfDocumentFactory)

    class Meta:
        abstract = True


class CSPRPageFactory(ReviewPageFactory):
    # Long enough ago for the statutory notice, so the factory can publish straight away.
    panel_notified_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))

    class Meta:
        model = CSPRPage


class SCRPageFactory(ReviewPageFactory):
    publication_date = datetime.date(2016, 6, 1)

    class Meta:
        model = SCRPage


def report_body_data(sections=3, images=()):
    """A web report's raw StreamField data: sections with text and a recommendation, a table, footnotes."""
    data = []
    for number in range(1, sections + 1):
        data += [
            {"type": "heading", "value": {"text": f"Section {number}: what happened", "level": "h2"}},
            {
                "type": "text",
                "value": f'<p>What happened in period {number}.<sup><a href="#footnote-1">[1]</a></sup></p>',
            },
            {"type": "heading", "value": {"text": f"Learning in period {number}", "level": "h3"}},
            {
                "type": "numbered",
                "value": {
                    "kind": "recommendation",
                    "number": number,
                    "text": f"<p>Recommendation text {number}.</p>",
                },
            },
        ]
        if images:
            image = images[number % len(images)]
            data.append(
                {
                    "type": "image",
                    "value": {"image": image.pk, "alt_text": f"Timeline {number}", "caption": ""},
                }
            )
    data.append(
        {
            "type": "table",
            "value": {
                "data": [["Agency", "Contacts"], ["Health visiting", "4"], ["Police", "2"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_caption": "Contacts with the family",
            },
        }
    )
    data.append({"type": "footnotes", "value": ["<p>Working Together to Safeguard Children.</p>"]})
    return data
