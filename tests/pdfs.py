"""Real (tiny) PDF files for tests, made with Pillow so no binary fixtures are kept."""

from io import BytesIO

from PIL import Image


def make_pdf(pages=1):
    images = [Image.new("RGB", (60, 85), "white") for _ in range(pages)]
    buffer = BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def make_accessible_pdf(title="Young Person A: the report", language="en-GB"):
    """A PDF marked as tagged, with a structure tree, a title and a document language."""
    import pikepdf

    with pikepdf.open(BytesIO(make_pdf())) as pdf:
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
        pdf.Root.Lang = pikepdf.String(language)
        pdf.docinfo["/Title"] = title
        buffer = BytesIO()
        pdf.save(buffer)
    return buffer.getvalue()
