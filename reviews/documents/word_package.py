"""Reading a .docx the way Word and mammoth do: through the package's own relationships.

A .docx is a zip of parts whose names mean nothing: `_rels/.rels` says which part is the main
document, and that part's relationships say which are its footnotes, endnotes, comments, headers,
footers and styles. A check that read `word/document.xml` by name would read a clean decoy while
the converter followed the relationships to the real text. Everything here follows them.

What it finds in every text part: comments, tracked changes, and text a reader of the document
cannot see (hidden by Word's "Hidden" setting, written in the colour of what is behind it, or
smaller than 2 pt), and each part's words, for the names that must not appear. What it leaves
out of the import and says so: the file's properties (author, company…), which never reach the
page. It knows nothing of the database: `read_word_file` is what the separate reading process runs
(see `untrusted`).
"""

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field

import mammoth
from defusedxml import ElementTree

from reviews.documents import disclosure

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
RELATIONSHIP_KINDS = {
    "footnotes": "footnotes",
    "endnotes": "endnotes",
    "comments": "comments",
    "header": "header",
    "footer": "footer",
    "styles": "styles",
    "theme": "theme",
}
# The parts mammoth falls back to by name when the main document has no relationship to one.
MAMMOTH_FALLBACKS = ("footnotes", "endnotes", "comments", "styles")
TEXT_PART_KINDS = ("document", "footnotes", "endnotes", "comments", "header", "footer")
CORE_PROPERTIES = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
EXTENDED_PROPERTIES = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
)
CUSTOM_PROPERTIES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
PROPERTY_LABELS = [
    ("{http://purl.org/dc/elements/1.1/}creator", "author"),
    (
        "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy",
        "last modified by",
    ),
    ("{http://purl.org/dc/elements/1.1/}title", "title"),
    ("{http://purl.org/dc/elements/1.1/}subject", "subject"),
    ("{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}keywords", "keywords"),
    ("{http://purl.org/dc/elements/1.1/}description", "description"),
    ("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Manager", "manager"),
    ("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company", "company"),
]

SMALLEST_VISIBLE_HALF_POINTS = 4  # Word stores sizes in half points: 2 pt
# Colours closer than this contrast ratio to what is behind them cannot be read (WCAG's minimum
# for text is 4.5; 1.25 is light grey on white).
LEAST_CONTRAST = 1.25
HIGHLIGHTS = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00", "magenta": "FF00FF",
    "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF", "darkBlue": "000080", "darkCyan": "008080",
    "darkGreen": "008000", "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}  # fmt: skip
# Office's default theme, for colours given by theme name when the file carries no theme.
THEME_DEFAULTS = {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6"}
THEME_NAMES = {"text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2"}

NOT_WORD = "This is not a Word document. Save the report in Word as “Word Document (.docx)” and import that."
TOO_LARGE = "This file is too large to import once unpacked. Import the report without its attachments."
UNREADABLE_PART = "Part of the file ({name}) cannot be read. Open it in Word, save it again and import that."
WORD_HELP = {
    "comments": "Delete them in Word: Review > Delete > Delete All Comments in Document.",
    "tracked": (
        "Accept or reject every change in Word: Review > Accept > Accept All Changes, and turn off "
        "Track Changes."
    ),
    "hidden": "Show it in Word (Home > Font > untick Hidden), then delete what must not be published.",
    "colour": (
        "Select all (Ctrl+A) and set Font Color to Automatic, then delete whatever appears that must "
        "not be published."
    ),
    "small": "Select all (Ctrl+A), make the text at least 8 pt, then delete whatever must not be published.",
}


class Refused(Exception):
    """The package cannot be read as a Word document; `problems` says why, one line each."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def _is_on(element):
    """A Word on/off property: present and not switched off."""
    return element is not None and element.get(f"{W}val", "true").lower() not in {"false", "0", "off"}


@dataclass
class Package:
    archive: zipfile.ZipFile
    main: str
    parts: dict = field(default_factory=dict)  # kind -> [part names], found through relationships

    def xml(self, name):
        try:
            return ElementTree.fromstring(self.archive.read(name))
        except Exception as error:
            raise Refused([UNREADABLE_PART.format(name=name)]) from error


def _relationships(archive, source):
    """(type, part name) of each internal relationship of the part `source` ("" for the package)."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return []
    try:
        root = ElementTree.fromstring(archive.read(rels))
    except Exception as error:
        raise Refused([UNREADABLE_PART.format(name=rels)]) from error
    found = []
    for relationship in root.iter(f"{RELS}Relationship"):
        if relationship.get("TargetMode") == "External":
            continue
        target = relationship.get("Target", "")
        part = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        found.append((relationship.get("Type", ""), part))
    return found


def open_package(data, most_bytes, most_parts):
    """The package with its parts found through relationships, or Refused (not Word, too large)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Refused([NOT_WORD]) from error
    if len(infos) > most_parts or sum(info.file_size for info in infos) > most_bytes:
        raise Refused([TOO_LARGE])
    names = set(archive.namelist())
    main = next(
        (part for kind, part in _relationships(archive, "") if kind == OFFICE_DOCUMENT and part in names),
        None,
    )
    if main is None:
        raise Refused([NOT_WORD])
    package = Package(archive, main, {"document": [main]})
    for kind, part in _relationships(archive, main):
        short = RELATIONSHIP_KINDS.get(kind.rsplit("/", 1)[-1])
        if short and part in names:
            package.parts.setdefault(short, []).append(part)
    # mammoth reads a part by its usual name when no relationship names one: so does the check.
    for short in MAMMOTH_FALLBACKS:
        fallback = f"word/{short}.xml"
        if short not in package.parts and fallback in names:
            package.parts[short] = [fallback]
    return package


# ---- what a reader of the document sees -------------------------------------------------------


def _hex(value):
    value = (value or "").strip().lstrip("#")
    return value.upper() if re.fullmatch(r"[0-9A-Fa-f]{6}", value) else None


def _luminance(colour):
    channels = []
    for offset in (0, 2, 4):
        channel = int(colour[offset : offset + 2], 16) / 255
        channels.append(channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4)
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def _contrast(first, second):
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class _Styles:
    """The run properties a paragraph or character style gives, following `basedOn`, and the defaults."""

    def __init__(self, package):
        self.theme = dict(THEME_DEFAULTS)
        for name in package.parts.get("theme", [])[:1]:
            scheme = package.xml(name).find(f".//{A}clrScheme")
            for slot in list(self.theme):
                element = scheme.find(f"{A}{slot}") if scheme is not None else None
                colour = None
                if element is not None:
                    srgb, system = element.find(f"{A}srgbClr"), element.find(f"{A}sysClr")
                    colour = _hex(srgb.get("val")) if srgb is not None else None
                    colour = colour or (_hex(system.get("lastClr")) if system is not None else None)
                self.theme[slot] = colour or self.theme[slot]
        self.styles, self.defaults = {}, None
        for name in package.parts.get("styles", [])[:1]:
            root = package.xml(name)
            self.defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
            for style in root.iter(f"{W}style"):
                self.styles[style.get(f"{W}styleId")] = style

    def chain(self, style_id):
        """The run properties of a style and of the styles it is based on, nearest first."""
        seen, found = set(), []
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            properties = style.find(f"{W}rPr")
            if properties is not None:
                found.append(properties)
            based_on = style.find(f"{W}basedOn")
            style_id = based_on.get(f"{W}val") if based_on is not None else None
        return found

    def colour(self, element):
        """The colour a `w:color` gives, a theme colour resolved; None for "auto" (always readable)."""
        theme = element.get(f"{W}themeColor")
        if theme:
            slot = THEME_NAMES.get(theme, theme if theme in self.theme else None)
            if slot:
                return self.theme[slot]
        return _hex(element.get(f"{W}val"))


def _first(properties, tag):
    for layer in properties:
        if layer is not None:
            element = layer.find(f"{W}{tag}")
            if element is not None:
                return element
    return None


def _shading(element):
    shading = element.find(f"{W}shd") if element is not None else None
    return _hex(shading.get(f"{W}fill")) if shading is not None else None


@dataclass
class _Findings:
    comments: int = 0
    insertions: int = 0
    deletions: int = 0
    moves: int = 0
    hidden: int = 0
    coloured: int = 0
    small: int = 0
    words: list = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    """What a run inherits from where it stands: its paragraph's style and what is behind it."""

    layers: tuple = ()
    behind: str = "FFFFFF"


class _PartReader:
    """Counts, in one text part, what a reader would not see, and keeps every word (hidden ones too)."""

    def __init__(self, styles, findings):
        self.styles = styles
        self.findings = findings

    def read(self, root, page_colour):
        findings = self.findings
        findings.insertions += len(root.findall(f".//{W}ins"))
        findings.deletions += len(root.findall(f".//{W}del"))
        findings.moves += len(root.findall(f".//{W}moveFrom")) + len(root.findall(f".//{W}moveTo"))
        findings.comments += len(root.findall(f".//{W}commentReference"))
        self.walk(root, _Context(tuple(self.styles.chain("Normal")), page_colour))

    def walk(self, element, context):
        for child in element:
            if child.tag == f"{W}tc":
                fill = _shading(child.find(f"{W}tcPr"))
                self.walk(child, _Context(context.layers, fill or context.behind))
            elif child.tag == f"{W}p":
                properties = child.find(f"{W}pPr")
                style = properties.find(f"{W}pStyle") if properties is not None else None
                layers = self.styles.chain(style.get(f"{W}val") if style is not None else "Normal")
                self.walk(child, _Context(tuple(layers), _shading(properties) or context.behind))
            elif child.tag == f"{W}r":
                self.run(child, context)
                self.walk(child, context)  # a text box inside a run holds paragraphs of its own
            else:
                self.walk(child, context)

    def run(self, run, context):
        text = "".join(node.text or "" for node in run if node.tag in (f"{W}t", f"{W}delText"))
        if not text.strip():
            return
        self.findings.words.append(text)
        properties = run.find(f"{W}rPr")
        character = properties.find(f"{W}rStyle") if properties is not None else None
        layers = [
            properties,
            *self.styles.chain(character.get(f"{W}val") if character is not None else None),
            *context.layers,
            self.styles.defaults,
        ]
        if _is_on(_first(layers, "vanish")) or _is_on(_first(layers, "specVanish")):
            self.findings.hidden += 1
            return
        size = _first(layers, "sz")
        try:
            half_points = int(size.get(f"{W}val")) if size is not None else 20
        except ValueError:
            half_points = 20
        if half_points < SMALLEST_VISIBLE_HALF_POINTS:
            self.findings.small += 1
            return
        colour_element = _first(layers, "color")
        colour = self.styles.colour(colour_element) if colour_element is not None else None
        highlight = _first([properties], "highlight")
        highlighted = HIGHLIGHTS.get(highlight.get(f"{W}val")) if highlight is not None else None
        behind = highlighted or _shading(properties) or context.behind
        if colour and _contrast(colour, behind) < LEAST_CONTRAST:
            self.findings.coloured += 1


def _page_colour(document_root):
    background = document_root.find(f"{W}background")
    return (_hex(background.get(f"{W}color")) if background is not None else None) or "FFFFFF"


def _alt_texts(root):
    """Images' alternative text and titles: they become the web report's alt text."""
    return [
        value
        for shape in root.iter(f"{WP}docPr")
        for value in (shape.get("descr"), shape.get("title"))
        if value
    ]


def _properties_present(package):
    """The labels of the file's filled-in properties, which the import leaves out."""
    found = []
    for kind, part in _relationships(package.archive, ""):
        if part not in package.archive.namelist():
            continue
        if kind in (CORE_PROPERTIES, EXTENDED_PROPERTIES):
            root = package.xml(part)
            for tag, label in PROPERTY_LABELS:
                element = root.find(tag)
                if element is not None and (element.text or "").strip() and label not in found:
                    found.append(label)
        elif kind == CUSTOM_PROPERTIES and len(package.xml(part)):
            found.append("custom properties")
    return found


def problems_and_words(package):
    """What must be fixed in Word before importing, what the import leaves out, and every part's words."""
    styles = _Styles(package)
    findings = _Findings()
    reader = _PartReader(styles, findings)
    page_colour = _page_colour(package.xml(package.main))
    alt_texts = []
    for kind in TEXT_PART_KINDS:
        for name in package.parts.get(kind, []):
            root = package.xml(name)
            if kind == "comments":
                findings.comments = max(findings.comments, len(root.findall(f"{W}comment")))
            reader.read(root, page_colour)
            alt_texts.extend(_alt_texts(root))
    # Counted once whether a comment shows as its reference, its part or both.
    problems = []
    if findings.comments:
        problems.append(f"It has {_plural(findings.comments, 'comment')}. {WORD_HELP['comments']}")
    changes = [
        _plural(count, word)
        for count, word in (
            (findings.insertions, "insertion"),
            (findings.deletions, "deletion"),
            (findings.moves, "moved passage"),
        )
        if count
    ]
    if changes:
        problems.append(f"It has tracked changes ({', '.join(changes)}). {WORD_HELP['tracked']}")
    if findings.hidden:
        problems.append(f"It has hidden text ({_plural(findings.hidden, 'place')}). {WORD_HELP['hidden']}")
    if findings.coloured:
        problems.append(
            f"It has text in the colour of what is behind it, which nobody sees "
            f"({_plural(findings.coloured, 'place')}). {WORD_HELP['colour']}"
        )
    if findings.small:
        problems.append(
            f"It has text smaller than 2 pt, too small to read ({_plural(findings.small, 'place')}). "
            f"{WORD_HELP['small']}"
        )
    return problems, _properties_present(package), [" ".join(findings.words), " ".join(alt_texts)]


# ---- conversion --------------------------------------------------------------------------------

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


def convert(data):
    """mammoth's HTML of the document, and its images as (content type, bytes, alternative text)."""
    images = []

    def keep_image(image):
        with image.open() as stream:
            images.append(
                {"content_type": image.content_type, "data": stream.read(), "alt_text": image.alt_text or ""}
            )
        return {"src": f"word-image-{len(images)}", "alt": (image.alt_text or "").strip()}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), style_map=STYLE_MAP, convert_image=mammoth.images.img_element(keep_image)
        )
    except Exception as error:
        raise Refused(
            ["The file could not be converted. Open it in Word, save it again and import that."]
        ) from error
    return result.value, images


def read_word_file(data, most_bytes, most_parts, terms, name_key):
    """The whole reading of a .docx, as plain data for the import to use.

    `problems` lists what must change in Word (the listed names included, never named); `removed`
    what the import leaves out; `html` and `images` the converted report when nothing refuses it.
    """
    try:
        package = open_package(data, most_bytes, most_parts)
        problems, removed, texts = problems_and_words(package)
        named = disclosure.name_findings(texts, terms, name_key) if terms else []
        if named:
            problems.append(
                f"It contains {_plural(len({finding.term for finding in named}), 'name')} listed for this "
                "review as names that must not appear (see the Disclosure check panel). Remove them in "
                "Word, save and import again."
            )
        if problems:
            return {"problems": problems, "removed": removed}
        html, images = convert(data)
    except Refused as refused:
        return {"problems": refused.problems, "removed": []}
    return {"problems": [], "removed": removed, "html": html, "images": images}
