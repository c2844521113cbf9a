"""The disclosure check against the cost of reading the file once, and the largest reports that fit.

    .venv/bin/python bench/disclosure.py [--pages 200] [--rounds 3] [--skip-largest]

1. A dense generated report (45 lines of text a page): in one process, round after round, the
   read-once floors and the whole check, with each one's peak memory:
   - floor A: pikepdf parses every content stream, pypdfium2 extracts every page's text and its
     text rectangles;
   - floor B: floor A plus one drawing of each page at the check's resolution (the check's rule
     needs drawing, so this is the floor it is held to: at most 5 times).
2. The largest legitimate reports, checked as the site checks them (in the separate process,
   inside the production limits): a 400-page text report and a 50-page report with a picture on
   every page. Each must pass.
3. The demo reports.

Each measurement runs in a fresh forked process, so its peak memory is its own.
"""

import argparse
import io
import multiprocessing
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspr_site.settings.test")

PARAGRAPH = (
    "Practitioners from health, education and children's social care met the family several times "
    "and recorded what the child said about home, school and the people around them."
)


def report(pages):
    """A text-heavy report: a heading, 45 lines of body text and, every tenth page, a table header."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

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


def illustrated_report(pages):
    """A report with a photograph (800 × 500 pixels, JPEG, as cameras and Word save them) and a
    paragraph on every page."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    for number in range(1, pages + 1):
        picture = io.BytesIO()
        Image.effect_noise((800, 500), 40 + number % 20).convert("RGB").save(picture, "JPEG", quality=80)
        picture.seek(0)
        page.drawImage(ImageReader(picture), 72, 300, width=450, height=280)
        page.setFont("Helvetica", 10)
        for line in range(12):
            page.drawString(72, 260 - line * 14, PARAGRAPH[: 80 + line % 20])
        page.showPage()
    page.save()
    return buffer.getvalue()


def floor_a(data):
    import pikepdf
    import pypdfium2 as pdfium

    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            pikepdf.parse_content_stream(page)
    document = pdfium.PdfDocument(data)
    for page in document:
        textpage = page.get_textpage()
        textpage.get_text_range()
        for index in range(textpage.count_rects()):
            textpage.get_rect(index)
        textpage.close()
        page.close()
    document.close()


def floor_b(data):
    import pypdfium2 as pdfium

    from reviews.documents.disclosure import RENDER_SCALE

    floor_a(data)
    document = pdfium.PdfDocument(data)
    for page in document:
        # As the check draws a page: grey levels, annotations and form fields included.
        page.render(scale=RENDER_SCALE, draw_annots=True, may_draw_forms=True, grayscale=True).to_pil()
        page.close()
    document.close()


def whole_check(data):
    from reviews.documents import disclosure

    terms = {number: disclosure.term_hashes(name) for number, name in enumerate(["Jane Smith", "Oakfield"])}
    disclosure.check_pdf(data, terms)


def _memory(field):
    with open("/proc/self/status") as status:
        return int(re.search(rf"^{field}:\s+(\d+) kB", status.read(), re.MULTILINE).group(1)) * 1024


def _measure(step, data, answer):
    import django

    django.setup()
    before = _memory("VmRSS")
    start, processor = time.perf_counter(), time.process_time()
    step(data)
    answer.send((time.process_time() - processor, time.perf_counter() - start, _memory("VmHWM") - before))


def measured(step, data):
    """(processor seconds, seconds, extra peak memory in bytes) of one step, in a fresh forked process.

    Processor time is the cost compared: on a shared machine the time that passes also counts the
    waiting for a core.
    """
    receiving, sending = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_measure, args=(step, data, sending))
    process.start()
    result = receiving.recv()
    process.join()
    return result


def megabytes(count):
    return f"{count / 1024 / 1024:.0f} MB"


def against_the_floor(pages, rounds):
    data = report(pages)
    print(f"Dense generated report, {pages} pages, {len(data) / 1024:.0f} kB; {rounds} rounds, interleaved")
    steps = {"floor A": floor_a, "floor B": floor_b, "whole check": whole_check}
    processor = {name: [] for name in steps}
    elapsed = {name: [] for name in steps}
    peaks = {name: [] for name in steps}
    ratios = {"A": [], "B": []}
    for _round in range(rounds):
        this_round = {}
        for name, step in steps.items():
            cost, seconds, peak = measured(step, data)
            processor[name].append(cost)
            elapsed[name].append(seconds)
            peaks[name].append(peak)
            this_round[name] = cost
        ratios["A"].append(this_round["whole check"] / this_round["floor A"])
        ratios["B"].append(this_round["whole check"] / this_round["floor B"])
    for name in steps:
        print(
            f"  {name:12} median {statistics.median(processor[name]):6.2f} s of processor time "
            f"({statistics.median(elapsed[name]):6.2f} s passed)   "
            f"peak extra memory {megabytes(max(peaks[name]))}"
        )
    print(
        f"  check / floor A: median {statistics.median(ratios['A']):.1f} "
        f"(rounds {', '.join(f'{ratio:.1f}' for ratio in ratios['A'])})"
    )
    print(
        f"  check / floor B: median {statistics.median(ratios['B']):.1f} "
        f"(rounds {', '.join(f'{ratio:.1f}' for ratio in ratios['B'])}; target at most 5)"
    )


def largest_that_fit():
    from reviews.documents import disclosure, disclosure_records, untrusted

    background, inline = disclosure_records.CHECK_LIMITS, disclosure_records.INLINE_CHECK_LIMITS
    print(
        "Largest legitimate reports, checked as the site checks them, in the separate process: "
        f"inside an upload of up to {disclosure_records.INLINE_PAGE_LIMIT} pages "
        f"({inline.cpu_seconds} s of processor time, {inline.wall_seconds} s in all), otherwise in the "
        f"background ({background.cpu_seconds} s, {megabytes(background.memory_bytes)})"
    )
    for label, pages, data in (
        ("400-page text report", 400, report(400)),
        ("50-page report, a picture on every page", 50, illustrated_report(50)),
        ("60-page text report", 60, report(60)),
    ):
        attempts = [("in the background", background)]
        if pages <= disclosure_records.INLINE_PAGE_LIMIT:
            attempts.insert(0, ("inside the upload", inline))
        results = []
        for where, limits in attempts:
            start = time.perf_counter()
            try:
                outcome = untrusted.run(disclosure.check_job, data, {}, disclosure.name_key(), limits=limits)
                verdict = (
                    "passes" if "findings" in outcome and not outcome["findings"] else f"refused: {outcome}"
                )
            except (untrusted.LimitReached, untrusted.ReaderFailed) as stopped:
                verdict = f"left to the background ({stopped})"
            results.append(f"{where}: {verdict} in {time.perf_counter() - start:.1f} s")
            if verdict == "passes":
                break
        print(f"  {label:40} {len(data) / 1024 / 1024:5.1f} MB  " + "; ".join(results))


def demo_reports():
    from cspr_site.demo.content import REVIEWS
    from cspr_site.demo.sample_pdf import sample_report_pdf

    print("Demo reports")
    for review in REVIEWS:
        data = sample_report_pdf(review.title, review.kind)
        cost, _seconds, _peak = measured(whole_check, data)
        print(f"  {review.title[:40]:40} whole check {cost:.2f} s of processor time")


def main():
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-largest", action="store_true")
    options = parser.parse_args()
    print(
        f"{time.strftime('%d %B %Y %H:%M')}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    against_the_floor(options.pages, options.rounds)
    if not options.skip_largest:
        largest_that_fit()
    demo_reports()


if __name__ == "__main__":
    main()
