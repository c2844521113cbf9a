"""Opening a PDF: the one way the readers open an upload, and the accessibility facts it declares.

Runs only in the separate reading process (see `untrusted` and `disclosure.inspect`); the site
itself reads what `inspection` recorded.
"""

import pikepdf

PDF_SIGNATURE = b"%PDF-"


class UnreadablePdf(Exception):
    """The file is not a PDF that opens without a password."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "not_a_pdf", "password" or "no_pages"


def read_pdf(file):
    """Open a PDF from a binary file and return it (a `pikepdf.Pdf`), or raise UnreadablePdf saying why.

    The extension proves nothing (an executable or a web page renamed .pdf), so the file must
    start like a PDF and open with at least one page. Most encrypted reports only restrict
    printing or copying and open with an empty password.
    """
    file.seek(0)
    if file.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
        raise UnreadablePdf("not_a_pdf")
    file.seek(0)
    try:
        pdf = pikepdf.open(file)
    except pikepdf.PasswordError as error:
        raise UnreadablePdf("password") from error
    except Exception as error:
        # Hostile or broken files fail in many ways; none of them is a report.
        raise UnreadablePdf("not_a_pdf") from error
    if not len(pdf.pages):
        pdf.close()
        raise UnreadablePdf("no_pages")
    return pdf


def accessibility_facts(pdf):
    """(tagged, title, language) of an open PDF, as the accessibility regulations ask of it.

    Tagged means a structure tree marked as such, which screen readers follow for reading
    order; the title is what a browser tab and a screen reader announce; the language tells a
    screen reader how to pronounce the text.
    """
    root = pdf.Root
    mark_info = root.get("/MarkInfo")
    tagged = "/StructTreeRoot" in root and bool(
        isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked", False)
    )
    info = pdf.trailer.get("/Info")
    title = str(info.get("/Title", "")).strip() if isinstance(info, pikepdf.Dictionary) else ""
    if not title:
        try:
            with pdf.open_metadata() as metadata:
                title = str(metadata.get("dc:title", "") or "").strip()
        except Exception:  # unreadable XMP declares no title
            title = ""
    return tagged, title[:255], str(root.get("/Lang", "")).strip()[:35]
