"""Real (tiny) PDF files for tests, made with Pillow so no binary fixtures are kept."""

from io import BytesIO

from PIL import Image


def make_pdf(pages=1):
    images = [Image.new("RGB", (60, 85), "white") for _ in range(pages)]
    buffer = BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()
