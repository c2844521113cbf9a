"""Word files made in the test with python-docx, as partnerships write reports, clean or not."""

import io

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches
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


def report_with_author():
    document = report(properties_cleared=False)
    document.core_properties.author = "Jo Bloggs"
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
