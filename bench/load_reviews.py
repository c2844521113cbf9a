"""Fill the benchmark's fresh database: 300 reviews with themes, reports and Learning on a Page.

bench/run.py runs it after django.setup(), with the benchmark's environment (production
settings, its own database).
"""

import datetime
import random
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfWriter
from wagtail.documents import get_document_model

from learning.models import LearningPage
from reviews.models import CSPRPage, ReviewIndexPage, SCRPage, Theme

REVIEWS = 300
THEMES = [
    "Neglect",
    "Domestic abuse",
    "Parental mental health",
    "Substance misuse",
    "Information sharing",
    "Safe sleep",
    "Child criminal exploitation",
    "Child sexual exploitation",
    "Voice of the child",
    "Professional curiosity",
    "Bruising in non-mobile babies",
    "Young carers",
]
POINTS = (
    "<ul>"
    + "".join(f"<li>Point {n}: what the review found and what should change.</li>" for n in range(5))
    + "</ul>"
)


def small_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def report(title, pdf):
    document = get_document_model()(title=f"{title}: full report", file=ContentFile(pdf, name="report.pdf"))
    document._set_document_file_metadata()
    document.save()
    return document


def main():
    randomness = random.Random(2025)
    index = ReviewIndexPage.objects.get()
    themes = [Theme.objects.get_or_create(name=name)[0] for name in THEMES]
    pdf = small_pdf()
    for number in range(1, REVIEWS + 1):
        with transaction.atomic():
            is_cspr = number % 3 != 0
            title = f"{'Child' if is_cspr else 'Young Person'} {number:03d}"
            published = datetime.date(2019, 1, 1) + datetime.timedelta(days=randomness.randrange(2200))
            page_class = CSPRPage if is_cspr else SCRPage
            review = page_class(
                title=title,
                slug=f"bench-review-{number:03d}",
                publication_date=published if is_cspr else published - datetime.timedelta(days=1500),
                summary=f"<p>What happened to {title}, what agencies knew and what the review learned.</p>",
                search_description=f"A practice review about {title}.",
                report=report(title, pdf),
            )
            if is_cspr:
                review.panel_notified_on = published - datetime.timedelta(days=21)
            review.themes = randomness.sample(themes, 3)
            index.add_child(instance=review)
            review.save_revision().publish()
            learning = LearningPage(
                title=f"{title}: Learning on a Page",
                slug=f"bench-review-{number:03d}-learning",
                review=review,
                lived_experience=POINTS,
                key_learning=POINTS,
                learning_into_practice=POINTS,
            )
            index.add_child(instance=learning)
            learning.save_revision().publish()
            index.refresh_from_db()
    print(f"Loaded {REVIEWS} reviews and {REVIEWS} Learning on a Page.")


if __name__ == "__main__":
    main()
