"""Importing a report from Word: read the .docx in a separate process, then build report blocks.

mammoth quietly drops tracked deletions, keeps tracked insertions and ignores comments, so a
draft with unresolved review marks would convert into something nobody approved. The file is
therefore refused, with everything that must be fixed listed at once, when it holds comments,
tracked changes, text a reader cannot see (hidden, in its background's colour, or too small) or a
name listed for the review, in any of its parts (`word_package`, which follows the package's
relationships as mammoth does). Its properties (author, company…) never reach the page: they are
left out, and the editor is told. A file that passes is converted with Word's headings as
headings, its footnotes as footnotes and its numbered findings and recommendations as numbered
blocks, cleaned of anything but plain structure (nh3), and returned as StreamField data for a new
draft revision. The .docx is only ever parsed inside limits (`untrusted`).
"""

import io
import re
from dataclasses import dataclass, field
from pathlib import PurePath

import nh3
from bs4 import BeautifulSoup, NavigableString
from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model

from reviews.documents import disclosure, untrusted, word_package

# Beyond these sizes a .docx is not a report but an attack on the server (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2000
# Read and converted inside the import request, well within the server's 30-second timeout
# (a 400-page report converts in a few seconds: docs/disclosure-check.md).
LIMITS = untrusted.Limits(
    cpu_seconds=20, memory_bytes=1024 * untrusted.MEGABYTE, output_bytes=400 * untrusted.MEGABYTE, wall=25
)
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "b", "i", "a", "sup", "br",
    "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "li": {"id"}, "ol": {"start"}}
NUMBERED = re.compile(r"^\s*(Finding|Recommendation)\s+(\d+)\s*[:.\-–—]?\s*", re.IGNORECASE)
# A heading over a numbered list of them: "Recommendations", "Key findings", "Our recommendations".
NUMBERED_SECTION = re.compile(r"\b(finding|recommendation)s?\b", re.IGNORECASE)
NOTE_ID = re.compile(r"^(footnote|endnote)-(\d+)$")
HEADING_LEVELS = {"h2": "h2", "h3": "h3", "h4": "h4"}
IMAGE_SOURCE = "word-image-{}"
NOT_WORD = word_package.NOT_WORD


class WordFileRefused(Exception):
    """The file cannot be imported; `problems` says everything that must change, one line each."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def read_word_file(upload, listed_terms=None):
    """The reading of the .docx (see `word_package.read_word_file`), done in a separate process.

    A limit reached or a reader that failed is a refusal saying which, never an error page.
    """
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        return untrusted.run(
            word_package.read_word_file,
            data,
            MAX_UNPACKED_BYTES,
            MAX_PARTS,
            listed_terms or {},
            disclosure.name_key(),
            limits=LIMITS,
        )
    except untrusted.LimitReached as limit:
        raise WordFileRefused(
            [
                f"The file could not be imported: {limit}. Save the report in Word again, without very large "
                "pictures or embedded files, and import that."
            ]
        ) from limit
    except untrusted.ReaderFailed as failure:
        raise WordFileRefused(
            [f"The file could not be read ({failure}). Open it in Word, save it again and import that."]
        ) from failure


@dataclass
class WordImage:
    content_type: str
    data: bytes
    alt_text: str


@dataclass
class Conversion:
    """The report blocks, with images still to be saved, and what stops the import, if anything."""

    blocks: list
    images: list = field(default_factory=list)
    problems: list = field(default_factory=list)


@dataclass
class ImportedReport:
    """The report blocks, ready to store, and what the import left out of the file, in words."""

    blocks: list
    removed: list


def _clean_html(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


# --- conversion ---------------------------------------------------------------------------


def _notes_list(element):
    items = element.find_all("li", recursive=False)
    return element.name == "ol" and items and all(NOTE_ID.match(item.get("id", "")) for item in items)


def _table_data(element):
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"], recursive=False)]
        for row in element.find_all("tr")
    ]
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows]


class _Blocks:
    """Builds the stream from the cleaned HTML, keeping runs of paragraphs and lists together."""

    def __init__(self):
        self.blocks = []
        self.text = []

    def flush(self):
        if self.text:
            self.blocks.append({"type": "text", "value": "".join(self.text)})
            self.text = []

    def add(self, block_type, value):
        self.flush()
        self.blocks.append({"type": block_type, "value": value})

    def add_numbered(self, kind, number, element):
        self.add("numbered", {"kind": kind.lower(), "number": number, "text": str(element)})


def _as_paragraph(item):
    """A list item's content as the paragraph a numbered block holds."""
    paragraph = BeautifulSoup("<p></p>", "html.parser").p
    for child in list(item.contents):
        if getattr(child, "name", None) == "p":
            paragraph.extend(list(child.contents))
        else:
            paragraph.append(child)
    return paragraph


def _numbered_items(element, section_kind, stream):
    """A numbered list under a "Recommendations" heading, or whose items say "Recommendation 4: …",
    becomes numbered blocks; whether it did."""
    if element.name != "ol":
        return False
    items = element.find_all("li", recursive=False)
    labelled = [NUMBERED.match(item.get_text()) for item in items]
    if not items or not (section_kind or all(labelled)):
        return False
    try:
        number = int(element.get("start", 1))
    except ValueError:
        number = 1
    for item, label in zip(items, labelled, strict=True):
        paragraph = _as_paragraph(item)
        if label:
            _strip_label(paragraph, label.group(0))
            number = int(label.group(2))
        stream.add_numbered(label.group(1) if label else section_kind, number, paragraph)
        number += 1
    return True


def blocks_from_html(html):
    """Report blocks (raw StreamField data) from cleaned mammoth HTML, and the notes' new numbers."""
    soup = BeautifulSoup(html, "html.parser")
    notes = []
    note_numbers = {}
    for element in soup.find_all("ol"):
        if _notes_list(element):
            for item in element.find_all("li", recursive=False):
                note_numbers[item["id"]] = len(notes) + 1
                for back_link in item.find_all("a", href=re.compile(r"^#(footnote|endnote)-ref-")):
                    back_link.decompose()
                notes.append("".join(str(child) for child in item.contents).strip())
            element.decompose()
    # Footnote references point at the renumbered notes ("#footnote-1"…), endnotes after footnotes.
    # Other links inside the document (Word's own table of contents, bookmarks) would lead
    # nowhere on the page, which has its own contents list: their text is kept, the link dropped.
    for link in soup.find_all("a", href=True):
        target = link["href"].lstrip("#")
        if link["href"].startswith("#") and target in note_numbers:
            link["href"] = f"#footnote-{note_numbers[target]}"
            link.string = f"[{note_numbers[target]}]"
        elif link["href"].startswith("#"):
            link.unwrap()

    stream = _Blocks()
    section_kind = None  # "finding" or "recommendation" under a heading that names them
    for element in soup.children:
        if isinstance(element, NavigableString):
            if element.strip():
                stream.text.append(f"<p>{element.strip()}</p>")
            continue
        if element.name in HEADING_LEVELS:
            text = element.get_text(" ", strip=True)
            if text:
                stream.add("heading", {"text": text[:255], "level": HEADING_LEVELS[element.name]})
                named = NUMBERED_SECTION.search(text)
                section_kind = named.group(1).lower() if named else None
            continue
        if element.name == "table":
            stream.add(
                "table",
                {
                    "data": _table_data(element),
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            )
            continue
        for image in element.find_all("img") if element.name != "img" else [element]:
            stream.add(
                "image", {"image": image.get("src", ""), "alt_text": image.get("alt", ""), "caption": ""}
            )
            image.decompose()
        if element.name == "img" or not element.get_text(strip=True):
            continue
        numbered = NUMBERED.match(element.get_text()) if element.name == "p" else None
        if numbered:
            _strip_label(element, numbered.group(0))
            stream.add_numbered(numbered.group(1), int(numbered.group(2)), element)
            continue
        if _numbered_items(element, section_kind, stream):
            continue
        stream.text.append(str(element))
    stream.flush()
    if notes:
        stream.add("footnotes", notes)
    return stream.blocks


def _strip_label(paragraph, label):
    """Take "Recommendation 4:" off the start of a paragraph; the page shows its own label."""
    remaining = len(label)
    for text in list(paragraph.find_all(string=True)):
        if remaining <= 0:
            break
        cut = min(len(text), remaining)
        remaining -= cut
        text.replace_with(text[cut:])


def convert(reading):
    """The report blocks of a checked reading; images are listed, to be saved once nothing refuses."""
    images = [
        WordImage(image["content_type"], image["data"], image["alt_text"].strip())
        for image in reading["images"]
    ]
    conversion = Conversion(blocks=blocks_from_html(_clean_html(reading["html"])), images=images)
    for number, image in enumerate(images, start=1):
        if not image.alt_text:
            conversion.problems.append(
                f"Image {number} has no alternative text. In Word, right-click it, choose “Edit Alt Text” "
                "and say what it shows."
            )
        if image.content_type not in IMAGE_TYPES:
            conversion.problems.append(
                f"Image {number} is in a format browsers cannot show ({image.content_type}). "
                "Replace it with a PNG or JPEG picture."
            )
    if not conversion.blocks:
        conversion.problems.append("The file has no text to import.")
    return conversion


def save_images(conversion, title, user=None):
    """Save the report's images in the image library and point the image blocks at them."""
    saved = {}
    for number, image in enumerate(conversion.images, start=1):
        extension = IMAGE_TYPES[image.content_type]
        name = f"{slugify(title)[:60] or 'report'}-figure-{number}.{extension}"
        instance = get_image_model()(
            title=f"{title}: {image.alt_text}"[:255],
            file=ImageFile(io.BytesIO(image.data), name=name),
            uploaded_by_user=user,
        )
        instance.save()
        saved[IMAGE_SOURCE.format(number)] = instance.pk
    for block in conversion.blocks:
        if block["type"] == "image":
            block["value"]["image"] = saved[block["value"]["image"]]
    return conversion.blocks


def removed_message(removed):
    """What the import left out of the file, for the editor, or ""."""
    if not removed:
        return ""
    return (
        "Left out of the import, as they never appear on the page: the file’s properties "
        f"({', '.join(removed)})."
    )


def import_word_file(upload, title, user=None, listed_terms=None):
    """Checked, converted report blocks ready to store, or WordFileRefused with every problem.

    `listed_terms` are the disclosure check's names that must not appear, as keyed hashes.
    """
    reading = read_word_file(upload, listed_terms)
    if reading["problems"]:
        raise WordFileRefused(reading["problems"])
    conversion = convert(reading)
    if conversion.problems:
        raise WordFileRefused(conversion.problems)
    return ImportedReport(save_images(conversion, title, user), reading["removed"])


def is_word_file_name(name):
    return PurePath(name).suffix.lower() == ".docx"
