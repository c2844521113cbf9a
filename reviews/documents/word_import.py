"""Importing a report from Word: check the .docx itself first, then convert it into report blocks.

mammoth quietly drops tracked deletions, keeps tracked insertions and ignores comments, so a
draft with unresolved review marks would convert into something nobody approved. The file is
therefore refused, with everything that must be fixed listed at once, when it holds comments,
tracked changes, hidden text or the names of the people who wrote it. A file that passes is
converted with Word's headings as headings and its footnotes as footnotes, cleaned of anything
but plain structure (nh3), and returned as StreamField data for a new draft revision.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import mammoth
import nh3
from bs4 import BeautifulSoup, NavigableString
from defusedxml import ElementTree
from django.core.files.images import ImageFile
from django.utils.text import slugify
from wagtail.images import get_image_model

from reviews.documents import disclosure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Beyond these sizes a .docx is not a report but an attack on the server (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_PARTS = 2000
# The parts of a .docx that hold text a reader would see.
TEXT_PARTS = re.compile(r"^word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml$")
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}

# Word's "Heading 1" is a section of the report: the page's own title is its only h1.
STYLE_MAP = """
p[style-name='Title'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='Heading 5'] => h4:fresh
p[style-name='Heading 6'] => h4:fresh
"""
ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "b", "i", "a", "sup", "br",
    "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "li": {"id"}}
NUMBERED = re.compile(r"^\s*(Finding|Recommendation)\s+(\d+)\s*[:.\-–—]?\s*", re.IGNORECASE)
NOTE_ID = re.compile(r"^(footnote|endnote)-(\d+)$")
HEADING_LEVELS = {"h2": "h2", "h3": "h3", "h4": "h4"}
IMAGE_SOURCE = "word-image-{}"

WORD_HELP = {
    "comments": "Delete them in Word: Review > Delete > Delete All Comments in Document.",
    "tracked": (
        "Accept or reject every change in Word: Review > Accept > Accept All Changes, and turn off "
        "Track Changes."
    ),
    "hidden": "Show it in Word (Home > Font > untick Hidden), then delete what must not be published.",
    "authors": (
        "Remove them in Word: File > Info > Check for Issues > Inspect Document > "
        "Document Properties and Personal Information > Remove All."
    ),
}


NOT_WORD = "This is not a Word document. Save the report in Word as “Word Document (.docx)” and import that."


class WordFileRefused(Exception):
    """The file cannot be imported; `problems` says everything that must change, one line each."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def _is_on(element):
    """A Word on/off property: present and not switched off."""
    return element.get(f"{W}val", "true").lower() not in {"false", "0", "off"}


def _open_package(upload):
    upload.seek(0)
    try:
        package = zipfile.ZipFile(upload)
        infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WordFileRefused([NOT_WORD]) from error
    if len(infos) > MAX_PARTS or sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise WordFileRefused(
            ["This file is too large to import once unpacked. Import the report without its attachments."]
        )
    if "word/document.xml" not in package.namelist():
        raise WordFileRefused([NOT_WORD])
    return package


def _xml(package, name):
    try:
        return ElementTree.fromstring(package.read(name))
    except Exception as error:
        raise WordFileRefused(
            [f"Part of the file ({name}) cannot be read. Open it in Word, save it again and import that."]
        ) from error


def _core_property(root, tag):
    element = root.find(tag)
    return (element.text or "").strip() if element is not None else ""


def problems_in(upload):
    """Everything in the .docx that must be dealt with in Word before it may be imported."""
    package = _open_package(upload)
    names = package.namelist()
    problems = []

    comments = 0
    if "word/comments.xml" in names:
        comments = len(_xml(package, "word/comments.xml").findall(f"{W}comment"))
    insertions = deletions = moves = hidden = 0
    for name in names:
        if not TEXT_PARTS.match(name):
            continue
        root = _xml(package, name)
        insertions += len(root.findall(f".//{W}ins"))
        deletions += len(root.findall(f".//{W}del"))
        moves += len(root.findall(f".//{W}moveFrom")) + len(root.findall(f".//{W}moveTo"))
        hidden += sum(1 for element in root.iter(f"{W}vanish") if _is_on(element))
        if name == "word/document.xml" and not comments:
            comments = len(root.findall(f".//{W}commentReference"))
    if "word/styles.xml" in names:
        hidden += sum(1 for element in _xml(package, "word/styles.xml").iter(f"{W}vanish") if _is_on(element))

    if comments:
        problems.append(f"It has {_plural(comments, 'comment')}. {WORD_HELP['comments']}")
    if insertions or deletions or moves:
        changes = [
            _plural(count, word)
            for count, word in ((insertions, "insertion"), (deletions, "deletion"), (moves, "moved passage"))
            if count
        ]
        problems.append(f"It has tracked changes ({', '.join(changes)}). {WORD_HELP['tracked']}")
    if hidden:
        problems.append(f"It has hidden text ({_plural(hidden, 'place')}). {WORD_HELP['hidden']}")

    people = []
    if "docProps/core.xml" in names:
        core = _xml(package, "docProps/core.xml")
        for label, tag in (
            ("author", "{http://purl.org/dc/elements/1.1/}creator"),
            (
                "last modified by",
                "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
            ),
        ):
            value = _core_property(core, tag)
            if value:
                people.append(f"{label} “{value}”")
    if "docProps/app.xml" in names:
        app = _xml(package, "docProps/app.xml")
        for label in ("Manager", "Company"):
            value = _core_property(
                app, f"{{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}}{label}"
            )
            if value:
                people.append(f"{label.lower()} “{value}”")
    if people:
        problems.append(
            f"Its properties name people or organisations ({', '.join(people)}). {WORD_HELP['authors']}"
        )
    return problems


# --- conversion ---------------------------------------------------------------------------


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


def _html_from_word(upload, images):
    def keep_image(image):
        with image.open() as stream:
            images.append(WordImage(image.content_type, stream.read(), (image.alt_text or "").strip()))
        return {"src": IMAGE_SOURCE.format(len(images)), "alt": images[-1].alt_text}

    upload.seek(0)
    try:
        result = mammoth.convert_to_html(
            upload, style_map=STYLE_MAP, convert_image=mammoth.images.img_element(keep_image)
        )
    except Exception as error:
        raise WordFileRefused(
            ["The file could not be converted. Open it in Word, save it again and import that."]
        ) from error
    return nh3.clean(
        result.value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )


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
    for element in soup.children:
        if isinstance(element, NavigableString):
            if element.strip():
                stream.text.append(f"<p>{element.strip()}</p>")
            continue
        if element.name in HEADING_LEVELS:
            text = element.get_text(" ", strip=True)
            if text:
                stream.add("heading", {"text": text[:255], "level": HEADING_LEVELS[element.name]})
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
            stream.add(
                "numbered",
                {"kind": numbered.group(1).lower(), "number": int(numbered.group(2)), "text": str(element)},
            )
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


def convert(upload):
    """The report blocks of a checked .docx; images are listed, to be saved once nothing refuses."""
    images = []
    html = _html_from_word(upload, images)
    conversion = Conversion(blocks=blocks_from_html(html), images=images)
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


def listed_names_problem(upload, listed_terms):
    """The disclosure check's names that must not appear, looked for in the file's text."""
    if not listed_terms:
        return None
    upload.seek(0)
    text = mammoth.extract_raw_text(upload).value
    found = disclosure.name_findings([text], listed_terms)
    if not found:
        return None
    return (
        f"It contains {_plural(len(found), 'name')} listed for this review as names that must not "
        "appear (see the Disclosure check panel). Remove them in Word, save and import again."
    )


def import_word_file(upload, title, user=None, listed_terms=None):
    """Checked, converted report blocks ready to store, or WordFileRefused with every problem.

    `listed_terms` are the disclosure check's names that must not appear, as keyed hashes.
    """
    problems = problems_in(upload)
    names_problem = listed_names_problem(upload, listed_terms)
    if names_problem:
        problems.append(names_problem)
    if problems:
        raise WordFileRefused(problems)
    conversion = convert(upload)
    if conversion.problems:
        raise WordFileRefused(conversion.problems)
    return save_images(conversion, title, user)


def is_word_file_name(name):
    return PurePath(name).suffix.lower() == ".docx"
