"""The one place a PDF is opened: the upload check, the page count and the accessibility facts."""

import logging
from dataclasses import dataclass

import pikepdf
from pypdf import PdfReader

logger = logging.getLogger(__name__)

PDF_SIGNATURE = b"%PDF-"


class UnreadablePdf(Exception):
    """The file is not a PDF that opens without a password."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "not_a_pdf", "password" or "no_pages"


def read_pdf(file):
    """Open a PDF from a binary file and return its reader, or raise UnreadablePdf saying why.

    The extension proves nothing (an executable or a web page renamed .pdf), so the file must
    start like a PDF and open in pypdf with at least one page. Most encrypted reports only
    restrict printing or copying and open with an empty password.
    """
    file.seek(0)
    if file.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
        raise UnreadablePdf("not_a_pdf")
    file.seek(0)
    try:
        reader = PdfReader(file)
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadablePdf("password")
        if not reader.pages:
            raise UnreadablePdf("no_pages")
        return reader
    except UnreadablePdf:
        raise
    except Exception as error:
        # pypdf reports hostile or broken files through many kinds of error; none is a report.
        raise UnreadablePdf("not_a_pdf") from error


@dataclass(frozen=True)
class PdfReading:
    """What the site records about a PDF when it is uploaded."""

    page_count: int
    is_tagged: bool
    title: str
    language: str


def accessibility_facts(file):
    """(tagged, title, language) of a PDF that opens, as the accessibility regulations ask of it.

    Tagged means a structure tree marked as such, which screen readers follow for reading
    order; the title is what a browser tab and a screen reader announce; the language tells a
    screen reader how to pronounce the text.
    """
    file.seek(0)
    with pikepdf.open(file) as pdf:
        root = pdf.Root
        mark_info = root.get("/MarkInfo")
        tagged = "/StructTreeRoot" in root and bool(mark_info is not None and mark_info.get("/Marked", False))
        title = str(pdf.docinfo.get("/Title", "")).strip()
        if not title:
            with pdf.open_metadata() as metadata:
                title = str(metadata.get("dc:title", "") or "").strip()
        language = str(root.get("/Lang", "")).strip()
    return tagged, title, language


def read_details(document):
    """The page count and accessibility facts of the document's file, or None when it is not a PDF."""
    try:
        with document.open_file() as file:
            page_count = len(read_pdf(file).pages)
            try:
                tagged, title, language = accessibility_facts(file)
            except Exception:
                # pypdf could read it, pikepdf could not: say nothing that is not known.
                logger.warning(
                    "Could not read the accessibility facts of document %s", document.pk, exc_info=True
                )
                tagged, title, language = False, "", ""
            return PdfReading(page_count, tagged, title, language)
    except UnreadablePdf:
        logger.warning("Could not count the pages of document %s: not a readable PDF", document.pk)
        return None
    except Exception:
        # Storage can fail too; that may not stop the document being saved.
        logger.warning("Could not count the pages of document %s", document.pk, exc_info=True)
        return None
