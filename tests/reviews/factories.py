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
