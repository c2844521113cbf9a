"""The PDFs the disclosure check is tested on, drawn with reportlab and edited with pikepdf.

One file for each thing the check must find, and clean controls it must leave alone. Run
`python -m tests.reviews.disclosure_corpus <folder>` to write them out and open them by hand.
"""

import io
import sys
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw
from reportlab.lib.colors import CMYKColorSep
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from cspr_site.demo.sample_pdf import sample_report_pdf

WIDTH, HEIGHT = A4
BODY = "The practitioners met the family several times and wrote down what the child said."
SECRET = "Jane Smith lives at 12 Oak Road"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="J. Bloggs"/>'
    b"</rdf:RDF></x:xmpmeta>"
)


def _pdf(draw, pages=1):
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        page.setFont("Helvetica", 11)
        page.drawString(72, HEIGHT - 72, f"Review of the practice: page {number + 1}")
        page.drawString(72, HEIGHT - 90, BODY)
        draw(page)
        page.showPage()
    page.save()
    return buffer.getvalue()


def _edit(data, change):
    with pikepdf.open(io.BytesIO(data)) as pdf:
        change(pdf)
        output = io.BytesIO()
        pdf.save(output)
    return output.getvalue()


# ---- what the check must find ----------------------------------------------------------------


def text_under_black_box():
    def draw(page):
        page.drawString(72, 600, SECRET)
        page.setFillColorRGB(0, 0, 0)
        page.rect(68, 595, 200, 16, stroke=0, fill=1)

    return _pdf(draw)


def text_under_white_box():
    def draw(page):
        page.drawString(72, 600, SECRET)
        page.setFillColorRGB(1, 1, 1)
        page.rect(68, 595, 200, 16, stroke=0, fill=1)

    return _pdf(draw)


def text_under_box_on_a_turned_page():
    """The same failed redaction on a page shown turned a quarter (its /Rotate is 90)."""

    def draw(page):
        page.drawString(72, 600, SECRET)
        page.rect(68, 595, 200, 16, stroke=0, fill=1)

    # Turned with pikepdf: reportlab's own rotation turns the MediaBox too, leaving the page's other
    # lines above it, off the page.
    return _edit(_pdf(draw), lambda pdf: pdf.pages[0].obj.__setitem__("/Rotate", 90))


def unapplied_redaction():
    def draw(page):
        page.drawString(72, 600, SECRET)

    def mark(pdf):
        pdf.pages[0].obj["/Annots"] = pdf.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Redact, Rect=[68, 595, 260, 612]
                    )
                ]
            )
        )

    return _edit(_pdf(draw), mark)


def text_in_invisible_mode():
    def draw(page):
        text = page.beginText(72, 600)
        text.setTextRenderMode(3)
        text.textOut(SECRET)
        page.drawText(text)

    return _pdf(draw)


def white_text_on_white_page():
    def draw(page):
        page.setFillColorRGB(1, 1, 1)
        page.drawString(72, 600, SECRET)

    return _pdf(draw)


def text_too_small_to_see():
    def draw(page):
        page.setFont("Helvetica", 1)
        page.drawString(72, 600, SECRET)

    return _pdf(draw)


def earlier_version_with_removed_text():
    """A report whose first version named the child, corrected by an incremental update."""
    original = _pdf(lambda page: page.drawString(72, 600, SECRET))
    with pikepdf.open(io.BytesIO(original)) as pdf:
        page = pdf.pages[0].obj
        page_ref, root_ref = page.objgen, pdf.Root.objgen
        font = page.Resources.Font
        font_name = next(iter(font.keys()))
        size = len(pdf.objects) + 1
    start_of_previous = int(original.rsplit(b"startxref", 1)[1].split()[0])
    content = (
        f"BT {font_name} 11 Tf 72 {HEIGHT - 72} Td (Review of the practice: page 1) Tj "
        f"0 -18 Td ({BODY}) Tj ET"
    ).encode()
    fonts = " ".join(f"{name} {ref.objgen[0]} 0 R" for name, ref in font.items())
    objects = {
        size: b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        page_ref[0]: (
            f"<< /Type /Page /Parent {page.Parent.objgen[0]} 0 R /MediaBox [0 0 {WIDTH} {HEIGHT}] "
            f"/Resources << /Font << {fonts} >> >> /Contents {size} 0 R >>"
        ).encode(),
    }
    update = io.BytesIO()
    update.write(b"\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(original) + update.tell()
        update.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = len(original) + update.tell()
    update.write(b"xref\n0 1\n0000000000 65535 f \n")
    for number in sorted(offsets):
        update.write(b"%d 1\n%010d 00000 n \n" % (number, offsets[number]))
    update.write(
        b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (size + 1, root_ref[0], start_of_previous, xref)
    )
    return original + update.getvalue()


def child_named_in_the_text():
    return _pdf(
        lambda page: page.drawString(72, 600, "Later that year Jane Smith moved to Oakfield Primary.")
    )


# ---- what cleaning removes (not blocking) ----------------------------------------------------


def with_hidden_baggage():
    """Metadata, XMP, an attachment, a comment, a form field, JavaScript run on opening, a Launch link."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setAuthor("J. Bloggs, Children's Services")
    page.setTitle("CSPR draft 3 - Jane Smith")
    page.setFont("Helvetica", 11)
    page.drawString(72, HEIGHT - 72, "Review of the practice")
    page.acroForm.textfield(name="reviewer", x=72, y=600, width=200, height=20, value="Reviewer")
    page.showPage()
    page.save()

    def add(pdf):
        pdf.Root.Metadata = pdf.make_stream(XMP)
        pdf.attachments["notes.txt"] = pikepdf.AttachedFileSpec(
            pdf, b"Unredacted notes", mime_type="text/plain"
        )
        pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
        annotations = pdf.pages[0].obj.get("/Annots", pikepdf.Array())
        annotations.append(
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Text,
                    Rect=[300, 700, 320, 720],
                    Contents=pikepdf.String("Check the child's real name is removed"),
                )
            )
        )
        annotations.append(
            pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Annot,
                    Subtype=pikepdf.Name.Link,
                    Rect=[72, 500, 200, 520],
                    A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe")),
                )
            )
        )
        pdf.pages[0].obj.Annots = annotations

    return _edit(buffer.getvalue(), add)


def encrypted_without_password():
    """AES-256, restricting only printing and copying: it opens for anyone."""
    data = _pdf(lambda page: None)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        output = io.BytesIO()
        pdf.save(
            output,
            encryption=pikepdf.Encryption(
                owner="owner-secret", user="", R=6, allow=pikepdf.Permissions(extract=False)
            ),
        )
    return output.getvalue()


# ---- clean controls --------------------------------------------------------------------------


def table_with_black_header_cells():
    def draw(page):
        for column, heading in enumerate(["Agency", "Contact", "Outcome"]):
            page.setFillColorRGB(0, 0, 0)
            page.rect(72 + column * 150, 600, 150, 20, stroke=0, fill=1)
            page.setFillColorRGB(1, 1, 1)
            page.drawString(76 + column * 150, 606, heading)
        page.setFillColorRGB(0, 0, 0)
        page.drawString(76, 586, "Health visiting")

    return _pdf(draw)


def text_in_a_spot_colour():
    """Headings in a printer's spot colour (a Separation colour space, whose full tint is 1, not white)."""

    def draw(page):
        page.setFillColor(CMYKColorSep(0.9, 0.2, 0, 0.1, spotName="Partnership Blue", density=1))
        page.setFont("Helvetica-Bold", 16)
        page.drawString(72, 600, "Key learning for practitioners")

    return _pdf(draw)


def black_shape_with_nothing_under_it():
    def draw(page):
        page.setFillColorRGB(0, 0, 0)
        page.rect(72, 500, 300, 40, stroke=0, fill=1)
        page.circle(300, 300, 40, stroke=0, fill=1)

    return _pdf(draw)


def scanned_page_with_ocr_layer():
    """A scan (an image of the page) with the recognised words drawn invisibly over it, as OCR tools do."""
    scan = Image.new("RGB", (1240, 400), "white")
    ImageDraw.Draw(scan).text((40, 40), "Review of the practice, scanned", fill="black")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawImage(ImageReader(scan), 36, 400, width=520, height=168)
    text = page.beginText(56, 540)
    text.setTextRenderMode(3)
    text.setFont("Helvetica", 11)
    text.textOut("Review of the practice, scanned")
    page.drawText(text)
    page.showPage()
    page.save()
    return buffer.getvalue()


def demo_report():
    return sample_report_pdf("Young Person A", "Child Safeguarding Practice Review")


def long_report(pages=200):
    return _pdf(lambda page: [page.drawString(72, 700 - line * 14, BODY) for line in range(40)], pages=pages)


# name: (builder, the kind of finding it must give, or None for a clean control)
FINDINGS = {
    "text-under-black-box": (text_under_black_box, "covered_text"),
    "text-under-white-box": (text_under_white_box, "covered_text"),
    "text-under-box-turned-page": (text_under_box_on_a_turned_page, "covered_text"),
    "unapplied-redaction": (unapplied_redaction, "unapplied_redaction"),
    "invisible-mode-text": (text_in_invisible_mode, "invisible_text"),
    "white-text-on-white": (white_text_on_white_page, "invisible_text"),
    "tiny-text": (text_too_small_to_see, "invisible_text"),
    "earlier-version": (earlier_version_with_removed_text, "earlier_version"),
}
CONTROLS = {
    "demo-report": demo_report,
    "black-table-header": table_with_black_header_cells,
    "black-shape": black_shape_with_nothing_under_it,
    "spot-colour-text": text_in_a_spot_colour,
    "scanned-with-ocr": scanned_page_with_ocr_layer,
    "hidden-baggage": with_hidden_baggage,
    "encrypted-no-password": encrypted_without_password,
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "disclosure-corpus")
    folder.mkdir(parents=True, exist_ok=True)
    for name, (builder, _kind) in FINDINGS.items():
        (folder / f"{name}.pdf").write_bytes(builder())
    for name, builder in CONTROLS.items():
        (folder / f"{name}.pdf").write_bytes(builder())
    print(f"Wrote {len(FINDINGS) + len(CONTROLS)} files to {folder}")
