"""Time the disclosure check on a generated 200-page report and on the demo reports.

    .venv/bin/python bench/disclosure.py [--pages 200] [--rounds 3]

Prints the median of each step. The check runs inside the upload request only for files of up
to `INLINE_PAGE_LIMIT` pages; this is the figure that limit is set from (docs/disclosure-check.md).
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr_site.settings.test")
django.setup()

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

from cspr_site.demo.content import REVIEWS  # noqa: E402
from cspr_site.demo.sample_pdf import sample_report_pdf  # noqa: E402
from reviews.documents import disclosure, disclosure_records  # noqa: E402

PARAGRAPH = (
    "Practitioners from health, education and children's social care met the family several times "
    "and recorded what the child said about home, school and the people around them."
)


def report(pages):
    """A text-heavy report: a heading, 45 lines of body text and, every tenth page, a table header."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for number in range(1, pages + 1):
        page.setFont("Helvetica-Bold", 14)
        page.drawString(72, height - 72, f"{number}. What happened and what was learned")
        page.setFont("Helvetica", 10)
        for line in range(45):
            page.drawString(72, height - 100 - line * 14, PARAGRAPH[: 80 + line % 20])
        if number % 10 == 0:
            for column, heading in enumerate(["Agency", "Contact", "Outcome"]):
                page.setFillColorRGB(0, 0, 0)
                page.rect(72 + column * 150, 60, 150, 18, stroke=0, fill=1)
                page.setFillColorRGB(1, 1, 1)
                page.drawString(76 + column * 150, 65, heading)
            page.setFillColorRGB(0, 0, 0)
        page.showPage()
    page.save()
    return buffer.getvalue()


def median_seconds(step, rounds):
    times = []
    for _round in range(rounds):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    terms = {number: disclosure.term_hashes(name) for number, name in enumerate(["Jane Smith", "Oakfield"])}
    files = [(f"generated report, {options.pages} pages", report(options.pages))]
    files += [(f"demo: {review.title}", sample_report_pdf(review.title, review.kind)) for review in REVIEWS]
    limit = disclosure_records.INLINE_PAGE_LIMIT
    print(f"Inline limit: {limit} pages; load average {os.getloadavg()[0]:.1f}")
    print(f"{'file':48} {'pages':>5} {'whole check':>12} {'names only':>11} {'cleaning':>9}")
    for label, data in files:
        pages = len(disclosure.page_texts(data))
        whole = median_seconds(lambda data=data: disclosure.check_pdf(data, terms), options.rounds)
        names = median_seconds(
            lambda data=data: disclosure.name_findings(disclosure.page_texts(data), terms), options.rounds
        )
        cleaning = median_seconds(lambda data=data: disclosure.clean_pdf(data), options.rounds)
        print(f"{label[:48]:48} {pages:>5} {whole:>11.2f}s {names:>10.2f}s {cleaning:>8.2f}s")


if __name__ == "__main__":
    main()
