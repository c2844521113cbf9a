"""The one place a PDF is opened: the upload check and the page count both read it here."""

import logging

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


def count_pages(document):
    """The number of pages in the document's file, or None when it cannot be read as a PDF."""
    try:
        with document.open_file() as file:
            return len(read_pdf(file).pages)
    except UnreadablePdf:
        logger.warning("Could not count the pages of document %s: not a readable PDF", document.pk)
        return None
    except Exception:
        # Storage can fail too; that may not stop the document being saved.
        logger.warning("Could not count the pages of document %s", document.pk, exc_info=True)
        return None
