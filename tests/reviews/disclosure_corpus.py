"""The PDFs the disclosure check is tested on, drawn with reportlab and edited with pikepdf.

One file for each thing the check must find, and clean controls it must leave alone. Run
`python -m tests.reviews.disclosure_corpus <folder>` to write them out and open them by hand.
"""

import io
import sys
from pathlib import Path

import pikepdf
from PIL import Image, ImageDraw
from reportlab.lib.colors import CMYKColorSep, black, white
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


# ---- hidden by anything at all: what a reader of the page does not see ------------------------


def _black_image(width=200, height=16):
    return ImageReader(Image.new("RGB", (width, height), "black"))


def text_under_black_image():
    def draw(page):
        page.drawString(72, 600, SECRET)
        page.drawImage(_black_image(), 68, 595, width=200, height=16)

    return _pdf(draw)


def text_under_black_square_annotation():
    """A square annotation filled black over the words: removing it for the public would show them."""

    def draw(page):
        page.drawString(72, 600, SECRET)

    def cover(pdf):
        appearance = pdf.make_stream(b"0 0 0 rg 0 0 200 16 re f")
        appearance.Type = pikepdf.Name.XObject
        appearance.Subtype = pikepdf.Name.Form
        appearance.BBox = [0, 0, 200, 16]
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Square,
                        Rect=[68, 595, 268, 611],
                        IC=[0, 0, 0],
                        C=[0, 0, 0],
                        AP=pikepdf.Dictionary(N=appearance),
                    )
                ]
            )
        )

    return _edit(_pdf(draw), cover)


def text_under_a_thick_line():
    def draw(page):
        page.drawString(72, 600, SECRET)
        page.setLineWidth(18)
        page.line(66, 603, 270, 603)

    return _pdf(draw)


def text_under_black_shading():
    def draw(page):
        page.drawString(72, 600, SECRET)
        page.saveState()
        path = page.beginPath()
        path.rect(68, 595, 200, 16)
        page.clipPath(path, stroke=0, fill=0)
        page.linearGradient(68, 595, 268, 611, (black, black), extend=False)
        page.restoreState()

    return _pdf(draw)


def white_text_on_white_background_image():
    """A full-page white picture behind the page, and white words on it among black ones."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.drawImage(ImageReader(Image.new("RGB", (60, 85), "white")), 0, 0, width=WIDTH, height=HEIGHT)
    page.setFont("Helvetica", 11)
    page.drawString(72, HEIGHT - 72, "Review of the practice: page 1")
    page.drawString(72, HEIGHT - 90, BODY)
    page.setFillColorRGB(1, 1, 1)
    page.drawString(72, 600, SECRET)
    page.showPage()
    page.save()
    return buffer.getvalue()


def text_outside_the_crop_box():
    def crop(pdf):
        pdf.pages[0].obj.CropBox = [0, 620, WIDTH, HEIGHT]

    return _edit(_pdf(lambda page: page.drawString(72, 600, SECRET)), crop)


def text_off_the_media_box():
    return _pdf(lambda page: page.drawString(-400, 600, SECRET))


def text_clipped_away():
    def draw(page):
        page.saveState()
        path = page.beginPath()
        path.rect(300, 100, 10, 10)
        page.clipPath(path, stroke=0, fill=0)
        page.drawString(72, 600, SECRET)
        page.restoreState()

    return _pdf(draw)


def transparent_text():
    def draw(page):
        page.saveState()
        page.setFillAlpha(0)
        page.drawString(72, 600, SECRET)
        page.restoreState()

    return _pdf(draw)


def text_in_clipping_mode():
    """Rendering mode 7: the words only add to the clipping path, and nothing is painted."""

    def draw(page):
        text = page.beginText(72, 600)
        text.setTextRenderMode(7)
        text.textOut(SECRET)
        page.drawText(text)

    return _pdf(draw)


def text_in_a_layer_switched_off():
    """Optional content (a layer) that the file says is off: readers do not draw it."""

    def layer(pdf):
        page = pdf.pages[0]
        group = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.OCG, Name=pikepdf.String("Draft notes"))
        )
        pdf.Root.OCProperties = pikepdf.Dictionary(
            OCGs=[group], D=pikepdf.Dictionary(ON=[], OFF=[group], Order=[group])
        )
        font = next(iter(page.obj.Resources.Font.keys()))
        page.obj.Resources.Properties = pikepdf.Dictionary(L1=group)
        page.contents_add(
            pdf.make_stream(f"/OC /L1 BDC BT {font} 11 Tf 72 600 Td ({SECRET}) Tj ET EMC".encode())
        )

    return _edit(_pdf(lambda page: None), layer)


def white_text_in_a_form_field():
    """A form field whose value is white on white: not page text in the file, but on the page of the
    public copy once the field is flattened into it. Only judging the public copy finds it."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 11)
    page.drawString(72, HEIGHT - 72, "Review of the practice: page 1")
    page.acroForm.textfield(
        name="notes", x=72, y=600, width=250, height=20, value=SECRET,
        textColor=white, fillColor=white, borderColor=white, borderWidth=0,
    )  # fmt: skip
    page.showPage()
    page.save()
    return buffer.getvalue()


def _raw_pdf(objects):
    """A PDF written object by object, so no library tidies what it says."""
    output = io.BytesIO()
    output.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = output.tell()
    output.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        output.write(b"%010d 00000 n \n" % offset)
    output.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return output.getvalue()


def _text_stream(line):
    content = b"BT /F1 11 Tf 72 700 Td (%s) Tj ET" % line.encode()
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)


def pages_the_readers_count_differently():
    """The page tree says one page and holds two: one reader sees the second page, the other does not."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
        b"/Resources << /Font << /F1 7 0 R >> >> >>"
    )
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 1 >>",
            page % 5,
            page % 6,
            _text_stream("Review of the practice"),
            _text_stream(SECRET),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
    )


# ---- kept in the file but drawn on no page: left out of the public copy ----------------------


def unreferenced_object_with_the_words():
    """No metadata at all, and the unredacted words in an object nothing refers to."""
    return _raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            _text_stream("Review of the practice"),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            _text_stream(SECRET),
        ]
    )


def private_application_data():
    """/PieceInfo on the catalog and the page: an editing program's own copy of the words."""

    def add(pdf):
        private = pikepdf.Dictionary(
            Editor=pikepdf.Dictionary(Private=pdf.make_stream(SECRET.encode()), LastModified="D:20261101")
        )
        pdf.Root.PieceInfo = private
        pdf.pages[0].obj.PieceInfo = pikepdf.Dictionary(
            Editor=pikepdf.Dictionary(Private=pdf.make_stream(SECRET.encode()), LastModified="D:20261101")
        )

    return _edit(_pdf(lambda page: None), add)


def associated_files():
    """PDF 2.0 associated files on the catalog and the page, holding the unredacted notes."""

    def attach(pdf):
        def specification(name):
            embedded = pdf.make_stream(SECRET.encode())
            embedded.Type = pikepdf.Name.EmbeddedFile
            return pdf.make_indirect(
                pikepdf.Dictionary(
                    Type=pikepdf.Name.Filespec,
                    F=pikepdf.String(name),
                    UF=pikepdf.String(name),
                    AFRelationship=pikepdf.Name.Source,
                    EF=pikepdf.Dictionary(F=embedded),
                )
            )

        pdf.Root.AF = pikepdf.Array([specification("notes.txt")])
        pdf.pages[0].obj.AF = pikepdf.Array([specification("page-notes.txt")])

    return _edit(_pdf(lambda page: None), attach)


# ---- beyond what one upload may ask of the check ---------------------------------------------


def page_too_large():
    """One 4000 × 4000 point page: drawing it at the check's resolution would take gigabytes."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=(4000, 4000))
    page.drawString(72, 3900, "Review of the practice")
    page.showPage()
    page.save()
    return buffer.getvalue()


def many_earlier_versions(count=600):
    """Six hundred end-of-file marks: each would be read as a whole earlier version of the file."""
    return _pdf(lambda page: None) + b"%%EOF\n" * count


# ---- more clean controls -----------------------------------------------------------------------


def applied_redaction():
    """A redaction done properly: the words are gone from the file, a black box drawn where they were."""

    def draw(page):
        page.drawString(72, 600, "The family moved to")
        page.rect(175, 596, 90, 14, stroke=0, fill=1)
        page.drawString(270, 600, "in the spring.")

    return _pdf(draw)


def caption_over_a_photograph():
    """Words printed over a busy picture: the picture has content, and the words show on it."""
    photograph = Image.effect_noise((400, 60), 80).convert("RGB")

    def draw(page):
        page.drawImage(ImageReader(photograph), 60, 590, width=400, height=60)
        page.setFont("Helvetica-Bold", 16)
        page.drawString(72, 610, "The family home, 2024")

    return _pdf(draw)


def name_with_a_possessive():
    return _pdf(
        lambda page: page.drawString(72, 600, "Later Jessica’s brother moved to Oakfield-Smith Primary.")
    )


# name: what a reader cannot see, and the kind of finding it gives
HIDDEN = {
    "under-black-image": (text_under_black_image, "covered_text"),
    "under-black-square-annotation": (text_under_black_square_annotation, "covered_text"),
    "under-thick-line": (text_under_a_thick_line, "covered_text"),
    "under-black-shading": (text_under_black_shading, "covered_text"),
    "white-on-white-background-image": (white_text_on_white_background_image, "invisible_text"),
    "outside-the-crop-box": (text_outside_the_crop_box, "invisible_text"),
    "off-the-media-box": (text_off_the_media_box, "invisible_text"),
    "clipped-away": (text_clipped_away, "covered_text"),
    "fully-transparent": (transparent_text, "invisible_text"),
    "render-mode-7": (text_in_clipping_mode, "invisible_text"),
    "layer-switched-off": (text_in_a_layer_switched_off, "invisible_text"),
    "white-form-field": (white_text_in_a_form_field, "invisible_text"),
}
# name: kept in the file but drawn on no page; the public copy must hold none of it
REMOVED = {
    "unreferenced-object": unreferenced_object_with_the_words,
    "private-application-data": private_application_data,
    "associated-files": associated_files,
}
# name: (file, the words the refusal must use)
REFUSED = {
    "pages-counted-differently": (pages_the_readers_count_differently, "disagree on how many pages"),
    "page-too-large": (page_too_large, "larger than A2"),
    "many-earlier-versions": (many_earlier_versions, "600 earlier versions"),
}
MORE_CONTROLS = {
    "applied-redaction": applied_redaction,
    "caption-over-a-photograph": caption_over_a_photograph,
}


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
    for name, (builder, _kind) in HIDDEN.items():
        (folder / f"{name}.pdf").write_bytes(builder())
    for name, (builder, _words) in REFUSED.items():
        (folder / f"{name}.pdf").write_bytes(builder())
    for name, builder in {**CONTROLS, **MORE_CONTROLS, **REMOVED}.items():
        (folder / f"{name}.pdf").write_bytes(builder())
    print(f"Wrote the corpus to {folder}")
