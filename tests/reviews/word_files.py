"""Word files made in the test with python-docx, as partnerships write reports, clean or not."""

import io
import re
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt, RGBColor
from PIL import Image

FOOTNOTES_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def png(colour="navy"):
    stream = io.BytesIO()
    Image.new("RGB", (40, 20), colour).save(stream, "PNG")
    stream.seek(0)
    return stream


def add_footnote(document, paragraph, text):
    """python-docx has no footnotes: add the part Word would write and a reference to its note."""
    blob = (
        f"<w:footnotes {nsdecls('w')}>"
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    ).encode()
    part = Part(PackURI("/word/footnotes.xml"), FOOTNOTES_CONTENT_TYPE, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:footnoteReference w:id="1"/></w:r>'))


def report(alt_text="A timeline of the agencies' contacts with the family", properties_cleared=True):
    """A short report: headings, paragraphs, lists, a table, a recommendation, an image, a footnote."""
    document = Document()
    if properties_cleared:
        document.core_properties.author = ""
        document.core_properties.last_modified_by = ""
    document.add_heading("Introduction", level=1)
    paragraph = document.add_paragraph("This review looks at the help given to Young Person A.")
    add_footnote(document, paragraph, "Working Together to Safeguard Children sets out the duty.")
    document.add_heading("Bruising in non-mobile babies", level=2)
    document.add_paragraph("Any bruise on a baby who is not yet mobile needs a referral.")
    document.add_paragraph("Health visiting", style="List Bullet")
    document.add_paragraph("School nursing", style="List Bullet")
    document.add_paragraph("First step", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(
        table.rows, [("Agency", "Contacts"), ("Police", "2"), ("Health", "5")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = cells
    document.add_heading("Recommendations", level=1)
    document.add_paragraph("Recommendation 4: Health visitors should record every bruise they see.")
    shape = document.add_paragraph().add_run().add_picture(png(), width=Inches(1))
    shape._inline.docPr.set("descr", alt_text)
    return document


def saved(document):
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def clean_report():
    return saved(report())


def report_with_tracked_change():
    document = report()
    document.paragraphs[1]._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="90" w:author="Reviewer" w:date="2026-11-01T09:00:00Z">'
            "<w:r><w:t>words nobody accepted</w:t></w:r></w:ins>"
        )
    )
    return saved(document)


def report_with_comment():
    document = report()
    paragraph = document.paragraphs[1]
    document.add_comment(paragraph.runs, text="Is this name anonymised?", author="Reviewer", initials="R")
    return saved(document)


def report_with_hidden_text():
    document = report()
    document.add_paragraph().add_run("The family's real surname").font.hidden = True
    return saved(document)


def report_with_image_without_alt_text():
    return saved(report(alt_text=""))


def report_with_link(address):
    """A report whose introduction links to `address`, as Word stores a hyperlink."""
    document = report()
    relationship = document.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    document.paragraphs[1]._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{relationship}">'
            "<w:r><w:t>the guidance</w:t></w:r></w:hyperlink>"
        )
    )
    return saved(document)


# ---- files that hide text from the check or the reader ----------------------------------------


def _rebuilt(data, change):
    """The package with its parts passed through `change(parts)`, a dict of name to bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    change(parts)
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return stream.getvalue()


def report_whose_main_part_has_another_name():
    """The relationships name `word/main.xml`, with hidden text and a tracked insertion; a clean
    `word/document.xml` sits beside it as a decoy for a check that reads parts by name."""
    document = report()
    document.add_paragraph().add_run("The family's real surname").font.hidden = True
    document.paragraphs[1]._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="91" w:author="Reviewer" w:date="2026-11-01T09:00:00Z">'
            "<w:r><w:t>words nobody accepted</w:t></w:r></w:ins>"
        )
    )
    decoy = zipfile.ZipFile(io.BytesIO(clean_report())).read("word/document.xml")

    def rename(parts):
        parts["word/main.xml"] = parts.pop("word/document.xml")
        parts["word/_rels/main.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
        parts["word/document.xml"] = decoy
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/main.xml")
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"/word/document.xml", b"/word/main.xml"
        )

    return _rebuilt(saved(document), rename)


def report_with_hidden_text_in_notes_named_otherwise():
    """Footnotes in a part called `word/notes-a.xml`, one of them hidden."""
    document = report()

    def rename(parts):
        parts["word/notes-a.xml"] = (
            parts.pop("word/footnotes.xml")
            .replace(b"<w:r><w:t", b"<w:r><w:rPr><w:vanish/></w:rPr><w:t", 1)
            .replace(b"Working Together", b"Working Together, Jane Smith's school,")
        )
        parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
            b"footnotes.xml", b"notes-a.xml"
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"/word/footnotes.xml", b"/word/notes-a.xml"
        )

    return _rebuilt(saved(document), rename)


def report_with_white_text():
    document = report()
    run = document.add_paragraph().add_run("The family's real surname")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    return saved(document)


def report_with_white_one_point_text():
    document = report()
    run = document.add_paragraph().add_run("The family's real surname")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    run.font.size = Pt(1)
    return saved(document)


def report_with_white_text_in_a_black_table_header():
    """Legible: white words on a cell shaded black."""
    document = report()
    cell = document.tables[0].rows[0].cells[0]
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:fill="000000"/>'))
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    return saved(document)


def report_naming(text, in_footnote=False):
    """The report with `text` in its introduction, or only in its footnote."""
    document = report()
    if in_footnote:

        def name_in_note(parts):
            parts["word/footnotes.xml"] = parts["word/footnotes.xml"].replace(
                b"Working Together", text.encode() + b" and Working Together"
            )

        return _rebuilt(saved(document), name_in_note)
    document.paragraphs[1].add_run(f" {text}")
    return saved(document)


def report_with_properties():
    """A file as Word saves it: author, last editor, manager and company in its properties."""
    document = report(properties_cleared=False)
    document.core_properties.author = "Jo Bloggs"
    document.core_properties.last_modified_by = "Sam Smith"
    document.core_properties.title = "CSPR Child Q draft 4"

    def company(parts):
        parts["docProps/app.xml"] = (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            b"<Company>Anytown Children's Services</Company><Manager>A. Manager</Manager></Properties>"
        )
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/docProps/app.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>',
        )
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rIdApp" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/extended-properties" Target="docProps/app.xml"/></Relationships>',
        )

    return _rebuilt(saved(document), company)


def report_with_numbered_recommendations():
    """Findings written "Finding 2: …" and a numbered list under a "Recommendations" heading."""
    document = Document()
    document.core_properties.author = ""
    document.add_heading("Findings", level=1)
    document.add_paragraph("Finding 2: Agencies did not share what they knew about the family.")
    document.add_heading("Recommendations", level=1)
    for text in (
        "The partnership should agree one way of recording bruising.",
        "Schools should be told when a child is on a child protection plan.",
        "Health visitors should see every baby at home.",
    ):
        document.add_paragraph(text, style="List Number")
    document.add_heading("Next steps", level=1)
    document.add_paragraph("Agencies will report back in six months.", style="List Number")
    return saved(document)


def report_with_many_tiny_paragraphs(count):
    """A small file that unpacks to a document of `count` paragraphs: slow to convert."""
    document = Document()
    document.core_properties.author = ""
    document.add_paragraph("Introduction")

    def inflate(parts):
        paragraph = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>"
        parts["word/document.xml"] = parts["word/document.xml"].replace(
            b"<w:sectPr", paragraph * count + b"<w:sectPr", 1
        )

    return _rebuilt(saved(document), inflate)


def report_with_hidden_notes_named_but_not_related():
    """Hidden text in `word/footnotes.xml`, which no relationship names: mammoth reads it by its name."""
    document = report()

    def unrelate(parts):
        parts["word/footnotes.xml"] = parts["word/footnotes.xml"].replace(
            b"<w:r><w:t", b"<w:r><w:rPr><w:vanish/></w:rPr><w:t", 1
        )
        relationships = parts["word/_rels/document.xml.rels"].decode()
        parts["word/_rels/document.xml.rels"] = re.sub(
            r'<Relationship [^>]*Target="footnotes.xml"[^>]*/>', "", relationships
        ).encode()

    return _rebuilt(saved(document), unrelate)
