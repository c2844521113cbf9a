"""Placeholder report PDFs, drawn at load time so the demo needs no binary files."""

from io import BytesIO

from PIL import Image, ImageDraw, ImageFont

# A4 at 100 dpi: light enough for a demo, still the right shape when printed.
DPI = 100
PAGE_SIZE = (827, 1169)
MARGIN = 80

INK = (33, 33, 33)
MUTED = (110, 110, 110)
STAMP = (200, 40, 40)
PLACEHOLDER = (225, 225, 225)

NOTICE = "Sample document generated for the demonstration site"


def sample_report_pdf(review_title, review_type, page_count=3):
    """Return the bytes of a PDF whose every page is plainly marked as a sample of this review."""
    pages = [_draw_page(review_title, review_type, number, page_count) for number in range(1, page_count + 1)]
    buffer = BytesIO()
    pages[0].save(
        buffer,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(DPI),
        title=f"{review_title} - sample report",
    )
    return buffer.getvalue()


def _draw_page(review_title, review_type, number, page_count):
    image = Image.new("RGB", PAGE_SIZE, "white")
    draw = ImageDraw.Draw(image)
    width, height = PAGE_SIZE

    draw.text((MARGIN, MARGIN), review_type, font=_font(24), fill=MUTED)
    draw.text((MARGIN, MARGIN + 40), review_title, font=_font(44), fill=INK)

    _centred(draw, "SAMPLE", 300, _font(170), STAMP)
    _centred(draw, NOTICE, 520, _font(24), INK)

    # Grey bars stand in for body text so the page reads as a report at a glance.
    top = 600
    for line in range(14):
        right = width - MARGIN - (160 if line % 5 == 4 else 0)
        y = top + line * 30
        draw.rectangle((MARGIN, y, right, y + 12), fill=PLACEHOLDER)

    footer = f"{review_title} - sample report - page {number} of {page_count}"
    _centred(draw, footer, height - MARGIN, _font(16), MUTED)
    return image


def _centred(draw, text, y, font, fill):
    left, _, right, _ = draw.textbbox((0, 0), text, font=font)
    x = (PAGE_SIZE[0] - (right - left)) / 2
    draw.text((x, y), text, font=font, fill=fill)


def _font(size):
    return ImageFont.load_default(size=size)
