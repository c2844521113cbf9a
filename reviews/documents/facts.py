"""What a reader needs to know before downloading a document: "PDF, 1.2 MB, 48 pages"."""

UNITS = ["KB", "MB", "GB"]


def file_size(size):
    """A size in bytes as people read it on GOV.UK-style pages: "850 KB", "1.2 MB", "14 MB"."""
    if size is None:
        return ""
    if size < 1024:
        return f"{size} byte{'' if size == 1 else 's'}"
    value = size / 1024
    for unit in UNITS:
        if value < 1024 or unit == UNITS[-1]:
            break
        value /= 1024
    if unit == "KB" or value >= 10:
        return f"{round(value)} {unit}"
    return f"{value:.1f}".removesuffix(".0") + f" {unit}"


def document_facts(document):
    """The facts that are known, leaving out what is not."""
    facts = ["PDF"]
    if document.file_size:
        facts.append(file_size(document.file_size))
    details = getattr(document, "pdf_details", None)
    if details is not None:
        facts.append(f"{details.page_count} page{'' if details.page_count == 1 else 's'}")
    return ", ".join(facts)


def accessibility_gaps(document):
    """What the accessibility regulations would find missing in a report PDF, in staff's words.

    Read from the facts recorded at upload; a PDF uploaded before they were recorded is "not
    checked yet" until `manage.py read_pdf_details` reads it.
    """
    details = getattr(document, "pdf_details", None)
    if details is None or details.is_tagged is None:
        return ["PDF not checked yet"]
    gaps = []
    if not details.is_tagged:
        gaps.append("PDF not tagged")
    if not details.title:
        gaps.append("PDF has no title")
    if not details.language:
        gaps.append("PDF has no language")
    return gaps
