"""The disclosure check: every word a machine can extract from a PDF must be visible to its reader.

Failed redaction is one of the commonest ways personal data leaks from published reports: words
left under black boxes, text nobody can see, earlier versions kept inside the file, the child's
real name. A list of tricks never ends, so the check judges what a reader sees. Each page is
drawn twice at the check's resolution, once as a reader sees it (annotations included) and once
without its text; a character whose box looks the same in both adds nothing a reader can see,
whatever hides it: a shape, an image, a line, a shading or an annotation over it, a clipping
path, transparency, a colour like its background, a layer switched off, or a place off the page.
The only text excused is an OCR layer over a scanned image that shows something there; a
uniform cover shows nothing and excuses nothing. Text too small to read is a finding of its own.

The copy the public downloads is rebuilt from what the pages draw (`clean_pdf`), then judged by
the same rule, so a cleaning that changes what a reader sees is found too. Listed names are
matched as keyed hashes of normalised words (`normalised_words`, `term_hashes`, `text_hashes`).

This module knows nothing of the database. `check_job` and `inspection_job` are what the
separate reading process runs (see `untrusted`); `check_pdf` is the same check in this process.
"""

import ctypes
import hashlib
import hmac
import io
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.conf import settings
from PIL import Image, ImageChops

from reviews.documents.pdf import UnreadablePdf, accessibility_facts, read_pdf

COVERED = "covered_text"
UNAPPLIED_REDACTION = "unapplied_redaction"
INVISIBLE = "invisible_text"
EARLIER_VERSION = "earlier_version"
PROTECTED_NAME = "protected_name"

# What each finding means, for the editor.
DESCRIPTIONS = {
    COVERED: (
        "Text under a box: words something is drawn over (a box, an image, a line or an annotation), "
        "or that a clipping path cuts away, can still be selected and copied."
    ),
    UNAPPLIED_REDACTION: "A redaction was marked but never applied: the words under it are still there.",
    INVISIBLE: "Invisible text: words nobody sees on the page are still in the file.",
    EARLIER_VERSION: (
        "An earlier version is kept inside the file, with words the final version no longer shows; "
        "anyone can recover them."
    ),
    PROTECTED_NAME: "A name or term listed as one that must not appear is on this page.",
}

SMALLEST_VISIBLE_SIZE = 2  # points
# The check's resolution: 2 pixels a point (144 dpi), fine enough that a 2 pt character covers pixels.
RENDER_SCALE = 2
# A pixel whose colour channels change by more than this between the two drawings shows the text.
VISIBLE_DIFFERENCE = 24
# A rendered area whose channels vary less than this shows one colour only.
UNIFORM_PIXELS = 24
EXCERPT_LENGTH = 80
# pdfium's FPDFText_GetLooseCharBox called with plain addresses: called for every character of every
# page, it costs a third less than through the checked binding.
_LOOSE_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_void_p).value
)
# memcmp, to compare two drawings of two megabytes without copying either.
_C_LIBRARY = ctypes.CDLL(None)
_C_LIBRARY.memcmp.argtypes = (ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t)
SPACES = frozenset(chr(code) for code in range(0x3000 + 1) if chr(code).isspace())
DOC_INFO_KEYS = ("Author", "Creator", "Producer", "Title", "Subject", "Keywords")
NAME_HASH_SALT = "reviews.documents.disclosure.protected-names"
# Limits on what one file may ask of the check. An A2 sheet is the largest page a report
# (a poster-sized Learning on a Page) needs; PDF allows 200 inches square. Each earlier
# version is read whole, so their number multiplies the cost of reading the file.
LARGEST_PAGE_AREA = 1191 * 1684  # square points: A2
LARGEST_PAGE_NAME = "A2 (420 × 594 mm)"
MOST_EARLIER_VERSIONS = 20
OBJECT_DEPTH = 12  # form XObjects nested deeper than this are not opened


class DisclosureCheckError(Exception):
    """The file could not be read well enough to check it; the message says why, for staff."""

    def __init__(self, message="It could not be opened as a PDF.", reason="not_a_pdf"):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class Finding:
    kind: str
    page: int | None  # counted from 1
    detail: str = ""  # what exactly, in words safe to show any editor
    excerpt: str = ""  # the hidden words themselves, for staff only
    term: str = ""  # for a protected name, the key of the listed term that matched (never the name)

    @property
    def fingerprint(self):
        """The same finding in the same file has the same fingerprint, so an acceptance carries over."""
        parts = [self.kind, str(self.page or ""), self.detail, self.excerpt, self.term]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Inspection:
    """What every part of the site needs to know about a PDF, read once: pages and accessibility."""

    page_count: int
    is_tagged: bool
    title: str
    language: str


@dataclass
class Result:
    page_count: int
    findings: list = field(default_factory=list)
    removed: list = field(default_factory=list)  # what the cleaned copy leaves out, in words
    cleaned: bytes = b""  # the copy the public downloads
    inspection: Inspection | None = None


# ---- names that must not appear -------------------------------------------------------------

APOSTROPHES = "'’‘ʼʻ`´′＇"
# Joiners and soft hyphens are invisible in print: "Jes\u00adsica" reads as "Jessica".
INVISIBLE_JOINERS = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
POSSESSIVE = re.compile(rf"(?<=\w)[{APOSTROPHES}](s\b|(?=\W|$))", re.IGNORECASE)
INNER_APOSTROPHE = re.compile(rf"(?<=\w)[{APOSTROPHES}](?=\w)")
WORD = re.compile(r"[^\W_]+")


def normalised_words(text):
    """Words as compared, by Unicode's rules: case and accents folded, possessives and hyphens undone.

    "Jessica's", "Jessica’s" and "JESSICAS’" give "jessica"/"jessicas" as a reader would say them;
    "O’Brien" is "obrien"; "Smith-Jones" (any dash) is "smith jones"; "Zoë" is "zoe".
    """
    text = unicodedata.normalize("NFKC", text).translate(INVISIBLE_JOINERS).casefold()
    text = POSSESSIVE.sub("", text)
    text = INNER_APOSTROPHE.sub("", text)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
    return WORD.findall(text)


def name_key():
    """The key listed names are hashed with."""
    # Derived from the site's secret, so the stored hashes are no use away from this site.
    return hashlib.sha256((NAME_HASH_SALT + settings.SECRET_KEY).encode()).digest()


def _keyed_hash(key, value):
    return hmac.digest(key, value.encode(), "sha256").hex()


def term_hashes(term):
    """What is stored for a listed name or term: keyed hashes of its word, or of each pair of its words."""
    words = normalised_words(term)
    key = name_key()
    if len(words) == 1:
        return [_keyed_hash(key, words[0])]
    return [_keyed_hash(key, f"{first} {second}") for first, second in zip(words, words[1:], strict=False)]


def _text_hashes(text, key):
    words = normalised_words(text)
    values = set(words) | {f"{first} {second}" for first, second in zip(words, words[1:], strict=False)}
    return {_keyed_hash(key, value) for value in values}


def text_hashes(text):
    """Keyed hashes of every word and every pair of neighbouring words of a text."""
    return _text_hashes(text, name_key())


def name_findings(page_texts, terms, key=None):
    """A finding for each page on which every hash of a listed term appears.

    `terms` maps a key (the stored term's id) to its hashes; the finding names the key, never the words.
    """
    key = key or name_key()
    findings = []
    for number, text in enumerate(page_texts, start=1):
        hashes = _text_hashes(text, key)
        for term_key, term in terms.items():
            if term and all(value in hashes for value in term):
                findings.append(Finding(PROTECTED_NAME, number, term=str(term_key)))
    return findings


# ---- reading the file ------------------------------------------------------------------------


def _open_pdfium(data):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise DisclosureCheckError() from error


def _open_pikepdf(data):
    try:
        return read_pdf(io.BytesIO(data))
    except UnreadablePdf as unreadable:
        raise DisclosureCheckError(UNREADABLE_MESSAGES[unreadable.reason], unreadable.reason) from unreadable


def _page_text(page):
    textpage = page.get_textpage()
    try:
        return textpage.get_text_range()
    finally:
        textpage.close()


def page_texts(data):
    """The text of each page, as pdfium extracts it (hidden text included)."""
    document = _open_pdfium(data)
    try:
        return [_page_text(page) for page in document]
    finally:
        document.close()


def earlier_revisions(data):
    """The file as it was before each incremental update: every prefix ending at an end-of-file mark."""
    ends = [match.end() for match in re.finditer(rb"%%EOF[\r\n]*", data)]
    final = len(data.rstrip())
    return [data[:end] for end in ends if end < final]


NOT_A_PDF = "It is not a PDF, although its name may end in .pdf."
UNREADABLE_MESSAGES = {
    "not_a_pdf": NOT_A_PDF,
    "password": "It needs a password to open.",
    "no_pages": "It has no pages.",
}


def inspect(data):
    """Open the file with both readers and refuse what the check cannot read whole; what it is.

    Refused (DisclosureCheckError, with the reason in words): not a PDF, a password, no pages,
    readers that disagree on the number of pages (one of them would miss some), a page larger than
    the check draws, or more earlier versions than it reads.
    """
    try:
        pdf = read_pdf(io.BytesIO(data))
    except UnreadablePdf as unreadable:
        raise DisclosureCheckError(UNREADABLE_MESSAGES[unreadable.reason], unreadable.reason) from unreadable
    with pdf:
        structure_pages = len(pdf.pages)
        tagged, title, language = accessibility_facts(pdf)
    revisions = len(earlier_revisions(data))
    if revisions > MOST_EARLIER_VERSIONS:
        raise DisclosureCheckError(
            f"It keeps {revisions} earlier versions of itself, more than the {MOST_EARLIER_VERSIONS} the "
            "check reads. Save it again as a new PDF (File > Save As) and upload that.",
            "too_many_versions",
        )
    document = _open_pdfium(data)
    try:
        drawn_pages = len(document)
        if drawn_pages != structure_pages:
            raise DisclosureCheckError(
                f"Two PDF readers disagree on how many pages it has ({structure_pages} and {drawn_pages}), "
                "so some pages could escape the check. Save it again as a new PDF and upload that.",
                "pages_disagree",
            )
        for number in range(drawn_pages):
            width, height = document.get_page_size(number)
            if width * height > LARGEST_PAGE_AREA:
                raise DisclosureCheckError(
                    f"Page {number + 1} ({round(width)} × {round(height)} points) is larger than "
                    f"{LARGEST_PAGE_NAME}, the largest page the check draws. Save the report with "
                    "smaller pages and upload that.",
                    "page_too_large",
                )
    finally:
        document.close()
    return Inspection(drawn_pages, tagged, title, language)


# ---- what a reader sees ----------------------------------------------------------------------


class _Char(NamedTuple):
    index: int
    text: str
    box: tuple  # left, bottom, right, top in page space: the character's cell on its line


def _text_of(textpage):
    """The page's text, one unit for each character pdfium counts."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range()
    if len(text) != count:  # characters outside the Basic Multilingual Plane take two units
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, index) or 32) for index in range(count))
    return text


def _char_boxes(textpage, text):
    """Every character but spaces, with the box it occupies on its line."""
    rect = pdfium_c.FS_RECTF()
    rect_pointer = ctypes.byref(rect)
    chars = []
    for index, char in enumerate(text):
        if not char.isspace():
            pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, index, rect_pointer)
            chars.append(_Char(index, char, (rect.left, rect.bottom, rect.right, rect.top)))
    return chars


def _has_shape(textpage, char):
    """Whether the character's glyph draws anything at all (a letter drawn with no shape does not)."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage.raw, char.index, left, right, bottom, top)
    drawn = right.value > left.value and top.value > bottom.value
    return drawn or unicodedata.category(char.text)[0] not in "LN"


def _font_size(textpage, index):
    """The size a character is drawn at, in points, scaled by every transformation over it."""
    matrix = pdfium_c.FS_MATRIX()
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, index)
    if pdfium_c.FPDFText_GetMatrix(textpage.raw, index, matrix):
        size *= abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
    return size


def _objects(count, get, depth=0):
    """Every object a page draws, those inside form XObjects included, as raw pdfium handles."""
    for number in range(count):
        item = get(number)
        kind = pdfium_c.FPDFPageObj_GetType(item)
        yield item, kind
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < OBJECT_DEPTH:
            yield from _objects(
                pdfium_c.FPDFFormObj_CountObjects(item),
                lambda index, form=item: pdfium_c.FPDFFormObj_GetObject(form, index),
                depth + 1,
            )


def _bounds(item):
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(item, left, bottom, right, top):
        return None
    return (left.value, bottom.value, right.value, top.value)


def _inside(inner, outer, margin=2):
    return (
        inner[0] >= outer[0] - margin
        and inner[1] >= outer[1] - margin
        and inner[2] <= outer[2] + margin
        and inner[3] <= outer[3] + margin
    )


def _centre_inside(box, area, margin=0.5):
    x = (box[0] + box[2]) / 2
    y = (box[1] + box[3]) / 2
    return area[0] - margin <= x <= area[2] + margin and area[1] - margin <= y <= area[3] + margin


def _excerpt(text):
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _excerpt_of(chars):
    """The characters' words, a space wherever others come between them."""
    parts, previous = [], None
    for char in chars:
        if previous is not None and char.index > previous + 1:
            parts.append(" ")
        parts.append(char.text)
        previous = char.index
    return _excerpt("".join(parts))


class _Drawing:
    """A page drawn at the check's resolution, upright whatever its /Rotate, with page-space lookups.

    Drawn in grey levels, as a reader's eye weighs colours: words that differ from their background
    only in hue, not in lightness, are not words anyone reads.
    """

    def __init__(self, page):
        self.page = page
        self.left, self.bottom, self.right, self.top = page.get_bbox()
        # Annotations are drawn, as a reader sees them; form fields too.
        self.bitmap = self._bitmap()
        self.image = self.bitmap.to_pil()
        self.width, self.height = self.image.size

    def _bitmap(self):
        return self.page.render(
            scale=RENDER_SCALE,
            rotation=(360 - self.page.get_rotation()) % 360,
            draw_annots=True,
            may_draw_forms=True,
            grayscale=True,
        )

    def render(self):
        return self._bitmap().to_pil()

    def same_as(self, other):
        """Whether two drawings are the same, pixel for pixel (compared in place by the C library)."""
        size = self.bitmap.stride * self.bitmap.height
        if (self.width, self.height, size) != (
            other.width,
            other.height,
            other.bitmap.stride * other.bitmap.height,
        ):
            return False
        return _C_LIBRARY.memcmp(self.bitmap.buffer, other.bitmap.buffer, ctypes.c_size_t(size)) == 0

    def pixels(self, box):
        """The pixel box of a page-space box, clipped to the drawing; None when nothing of it is drawn.

        As `_judge` works it out for each character, one pixel in from each side.
        """
        x0 = max(int((box[0] - self.left) * RENDER_SCALE), 0)
        x1 = min(int((box[2] - self.left) * RENDER_SCALE + 0.999), self.width)
        y0 = max(int((self.top - box[3]) * RENDER_SCALE), 0)
        y1 = min(int((self.top - box[1]) * RENDER_SCALE + 0.999), self.height)
        if x1 - x0 > 2:
            x0, x1 = x0 + 1, x1 - 1
        if x1 <= x0 or y1 <= y0:
            return None
        return (x0, y0, x1, y1)

    def is_uniform(self, image, box):
        area = self.pixels(box)
        if area is None:
            return True
        low, high = image.crop(area).getextrema()
        return high - low <= UNIFORM_PIXELS


# The difference between two drawings as one byte a pixel, row after row: 1 where it is visible.
VISIBLE = bytes([0] * (VISIBLE_DIFFERENCE + 1) + [1] * (255 - VISIBLE_DIFFERENCE))
# The same against a blank white page, read straight from the drawing: 1 where it is darker.
VISIBLE_ON_WHITE = bytes(reversed(VISIBLE))


def _difference(first, second, area):
    return ImageChops.difference(first, second).crop(area).tobytes().translate(VISIBLE)


def _clipped(box, width, height):
    """A pixel box clipped to the compared area, one pixel in from each side when wide enough; or None."""
    x0, y0, x1, y1 = max(box[0], 0), max(box[1], 0), min(box[2], width), min(box[3], height)
    if x1 - x0 > 2:
        x0, x1 = x0 + 1, x1 - 1
    if x1 <= x0 or y1 <= y0:
        return None
    return (x0, y0, x1, y1)


def _shows(difference, row, area):
    """Whether the two drawings differ visibly inside the pixel box (rows `row` bytes apart)."""
    x0, y0, x1, y1 = area
    find = difference.find
    return any(find(b"\x01", start + x0, start + x1) >= 0 for start in range(y0 * row, y1 * row, row))


@dataclass
class _Judgement:
    drawing: object
    without_text: object  # None for a page of nothing but text: blank without it
    hidden: list  # not shown where they stand
    small: list  # too small to read, shown or not
    off_page: list  # outside the part of the page a reader sees
    shown_off_page: set = field(default_factory=set)  # drawn, but only on the page made wider


def _text_area(textpage, drawing):
    """The pixel box around all the page's text (pdfium's text rectangles), a little wider."""
    rectangles = [textpage.get_rect(index) for index in range(textpage.count_rects())]
    if not rectangles:
        return (0, 0, drawing.width, drawing.height)
    margin = 4
    box = (
        min(rectangle[0] for rectangle in rectangles) - margin,
        min(rectangle[1] for rectangle in rectangles) - margin,
        max(rectangle[2] for rectangle in rectangles) + margin,
        max(rectangle[3] for rectangle in rectangles) + margin,
    )
    area = drawing.pixels(box)
    return area if area is not None else (0, 0, drawing.width, drawing.height)


def _judge(page, textpage, text, contents, off_page=(), whole_page=False):
    """Draw the page with and without its text, and sort its characters by what a reader sees.

    One pass over the characters, which dense pages have thousands of: each is looked up in the
    difference between the two drawings, most on the first row read. Only the area around the
    text is compared; a character found outside it (none should be) has the whole page compared.
    """
    for item in contents.texts:
        pdfium_c.FPDFPageObj_SetIsActive(item, True)
    drawing = _Drawing(page)
    for item in contents.texts:
        pdfium_c.FPDFPageObj_SetIsActive(item, False)
    if contents.only_text:
        # A page of nothing but text is blank without it: no second drawing and nothing to subtract,
        # the drawing's own pixels are read where they lie (rows `stride` bytes apart).
        without_text = None  # blank: made only if a character turns out hidden
        area = (0, 0, drawing.width, drawing.height)
        row = drawing.bitmap.stride
        difference = ctypes.string_at(drawing.bitmap.buffer, row * drawing.height).translate(VISIBLE_ON_WHITE)
    else:
        without_text = drawing.render()
        area = (0, 0, drawing.width, drawing.height) if whole_page else _text_area(textpage, drawing)
        row = area[2] - area[0]
        difference = _difference(drawing.image, without_text, area)
    find = difference.find
    width, height = area[2] - area[0], area[3] - area[1]
    # Page space to the compared area's pixels: x * RENDER_SCALE - x_offset, y_offset - y * RENDER_SCALE.
    x_offset = drawing.left * RENDER_SCALE + area[0]
    y_offset = drawing.top * RENDER_SCALE - area[1]
    rect = pdfium_c.FS_RECTF()
    rect_pointer = ctypes.addressof(rect)
    # FS_RECTF is left, top, right, bottom: read all four at once after each call.
    fields = memoryview(rect).cast("B").cast("f")
    loose_box = _LOOSE_CHAR_BOX
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    judgement = _Judgement(drawing, without_text, [], [], [])
    placed_off = set(off_page)
    smallest_cell = SMALLEST_VISIBLE_SIZE * 1.5
    scale, whole, spaces = RENDER_SCALE, int, SPACES  # looked up once, not for every character
    # The line last read: most characters share its cell's top and bottom, so its pixel rows too.
    line_top = line_bottom = None
    y0 = y1 = start = 0
    line_inside = False
    # The hot loop of the check, over every character of the page: the pixel box and its first
    # row are worked out here rather than called, and a row is searched in place, not copied.
    # The usual case (a character inside the compared area and shown) takes the fewest steps.
    for index, char in enumerate(text):
        if char in spaces:
            continue
        loose_box(raw, index, rect_pointer)
        char_left, char_top, char_right, char_bottom = fields
        if char_top - char_bottom < smallest_cell:
            # A character's cell is about its size: only a small cell needs the size read exactly.
            if _font_size(textpage, index) < SMALLEST_VISIBLE_SIZE:
                judgement.small.append(_Char(index, char, (char_left, char_bottom, char_right, char_top)))
                continue
        if char_top != line_top or char_bottom != line_bottom:
            line_top, line_bottom = char_top, char_bottom
            y0 = whole(y_offset - char_top * scale)
            y1 = whole(y_offset - char_bottom * scale + 0.999)
            line_inside = y0 >= 0 and y1 <= height and y1 > y0
            # A row through the lower middle of the cell crosses most letters' ink.
            start = (y1 - (y1 - y0) * 2 // 5) * row
        x0 = whole(char_left * scale - x_offset) + 1  # one pixel in: a neighbour's anti-aliased
        x1 = whole(char_right * scale - x_offset + 0.999) - 1  # edge is not this character
        if line_inside and x0 >= 1 and x1 < width and x1 > x0:
            if find(b"\x01", start + x0, start + x1) >= 0 and not (placed_off and index in placed_off):
                continue
            shown = _shows(difference, row, (x0, y0, x1, y1))
        else:
            area_box = _clipped((x0 - 1, y0, x1 + 1, y1), width, height)
            if area_box is not None:
                shown = _shows(difference, row, area_box)
            elif drawing.pixels((char_left, char_bottom, char_right, char_top)) is not None:
                if not whole_page:  # on the page but outside the area compared: compare the whole page
                    return _judge(page, textpage, text, contents, off_page, whole_page=True)
                shown = False
            else:
                shown = False
                if char_right > char_left and char_top > char_bottom:
                    judgement.off_page.append(
                        _Char(index, char, (char_left, char_bottom, char_right, char_top))
                    )
        if not shown or index in placed_off:
            judgement.hidden.append(_Char(index, char, (char_left, char_bottom, char_right, char_top)))
            if shown:
                judgement.shown_off_page.add(index)
    return judgement


def _rgba(getter, item):
    red, green, blue, alpha = (ctypes.c_uint() for _ in range(4))
    if not getter(item, red, green, blue, alpha):
        return None
    return (red.value, green.value, blue.value, alpha.value)


def _marked_as_layer(item):
    """Whether the object is drawn inside optional content (a layer), which pdfium does not draw when off."""
    for number in range(pdfium_c.FPDFPageObj_CountMarks(item)):
        mark = pdfium_c.FPDFPageObj_GetMark(item, number)
        buffer, length = (ctypes.c_ushort * 32)(), ctypes.c_ulong()
        if pdfium_c.FPDFPageObjMark_GetName(mark, buffer, ctypes.sizeof(buffer), length):
            if bytes(buffer)[: max(length.value - 2, 0)].decode("utf-16-le", "ignore") == "OC":
                return True
    return False


INVISIBLE_MODES = {pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE, pdfium_c.FPDF_TEXTRENDERMODE_CLIP}


def _text_object(textpage, char):
    return pdfium_c.FPDFText_GetTextObject(textpage.raw, char.index)


def _recoloured_shows(textpage, chars, drawing, without_text):
    """The characters that show once drawn in a colour unlike their own: hidden by their colour alone.

    Drawn in black when they were light and in white when they were dark, over the page without its
    other text; what still shows nothing is covered, clipped, switched off or off the page.
    """
    for item in {ctypes.cast(_text_object(textpage, char), ctypes.c_void_p).value for char in chars} - {None}:
        item = ctypes.cast(item, pdfium_c.FPDF_PAGEOBJECT)
        colour = _rgba(pdfium_c.FPDFPageObj_GetFillColor, item) or (0, 0, 0, 255)
        contrast = 0 if sum(colour[:3]) > 382 else 255
        pdfium_c.FPDFPageObj_SetFillColor(item, contrast, contrast, contrast, colour[3])
        pdfium_c.FPDFPageObj_SetStrokeColor(item, contrast, contrast, contrast, colour[3])
        pdfium_c.FPDFPageObj_SetIsActive(item, True)
    difference = _difference(drawing.render(), without_text, (0, 0, drawing.width, drawing.height))
    return {
        char.index
        for char in chars
        if (area := drawing.pixels(char.box)) is not None and _shows(difference, drawing.width, area)
    }


def _why_hidden(textpage, char, drawing):
    """(kind, detail) of a character the drawing does not show."""
    item = _text_object(textpage, char)
    mode = pdfium_c.FPDFTextObj_GetTextRenderMode(item) if item else None
    if mode in INVISIBLE_MODES:
        return INVISIBLE, "set not to show on the page"
    if not _has_shape(textpage, char):
        return INVISIBLE, "drawn with no visible shape"
    if drawing.pixels(char.box) is None:
        return INVISIBLE, "outside the visible page"
    colour = _rgba(pdfium_c.FPDFPageObj_GetFillColor, item) if item else None
    if colour is not None and colour[3] == 0:
        return INVISIBLE, "fully transparent"
    if item and _marked_as_layer(item):
        return INVISIBLE, "in a layer that is switched off"
    return COVERED, ""


def _ocr_areas(textpage, hidden, images, drawing, without_text):
    """Hidden characters excused as an OCR layer: inside a scanned image that shows something there."""
    excused = set()
    objects = {}
    for char in hidden:
        item = pdfium_c.FPDFText_GetTextObject(textpage.raw, char.index)
        key = ctypes.cast(item, ctypes.c_void_p).value if item else None
        if key not in objects:
            bounds = _bounds(item) if item else None
            objects[key] = bool(
                bounds
                and any(_inside(bounds, image) for image in images)
                and not drawing.is_uniform(without_text, bounds)
            )
        if objects[key]:
            excused.add(char.index)
    return excused


def _redaction_findings(number, page, textpage, text):
    findings = []
    for index in range(pdfium_c.FPDFPage_GetAnnotCount(page.raw)):
        annotation = pdfium_c.FPDFPage_GetAnnot(page.raw, index)
        try:
            if pdfium_c.FPDFAnnot_GetSubtype(annotation) != pdfium_c.FPDF_ANNOT_REDACT:
                continue
            rect = pdfium_c.FS_RECTF()
            if pdfium_c.FPDFAnnot_GetRect(annotation, rect):
                area = (min(rect.left, rect.right), min(rect.bottom, rect.top))
                area += (max(rect.left, rect.right), max(rect.bottom, rect.top))
                under = [char for char in _char_boxes(textpage, text) if _centre_inside(char.box, area)]
            else:  # an annotation without a place marks nothing in particular; still unapplied
                under = []
            findings.append(Finding(UNAPPLIED_REDACTION, number, excerpt=_excerpt_of(under)))
        finally:
            pdfium_c.FPDFPage_CloseAnnot(annotation)
    return findings


def _widen(page, chars):
    """Draw the page wide enough to hold the characters placed off it, to tell what else hides them.

    Within the largest page the check draws; beyond it they are simply off the page.
    """
    left, bottom, right, top = page.get_bbox()
    for char in chars:
        left, bottom = min(left, char.box[0]), min(bottom, char.box[1])
        right, top = max(right, char.box[2]), max(top, char.box[3])
    if (right - left) * (top - bottom) <= LARGEST_PAGE_AREA:
        pdfium_c.FPDFPage_SetMediaBox(page.raw, left, bottom, right, top)
        pdfium_c.FPDFPage_SetCropBox(page.raw, left, bottom, right, top)


@dataclass
class _PageReading:
    text: str
    findings: list
    drawing: object = None


@dataclass
class _Contents:
    texts: list  # the page's text objects, to switch off
    images: list  # where its images are
    only_text: bool  # nothing else is drawn: without its text the page is blank


def _contents(page):
    texts, images, other = [], [], pdfium_c.FPDFPage_GetAnnotCount(page.raw) > 0
    for item, kind in _objects(
        pdfium_c.FPDFPage_CountObjects(page.raw), lambda index: pdfium_c.FPDFPage_GetObject(page.raw, index)
    ):
        if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.append(item)
            continue
        other = True
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            bounds = _bounds(item)
            if bounds:
                images.append(bounds)
    return _Contents(texts, images, not other)


def _read_page(number, page):
    """The page's text and what a reader of it cannot see: hidden, tiny and unredacted words."""
    textpage = page.get_textpage()
    try:
        text = _text_of(textpage)
        findings = _redaction_findings(number, page, textpage, text)
        if not text or text.isspace():
            return _PageReading(text, findings)
        contents = _contents(page)
        images = contents.images
        judgement = _judge(page, textpage, text, contents)
        off_page = {char.index for char in judgement.off_page}
        if off_page:
            _widen(page, judgement.off_page)
            judgement = _judge(page, textpage, text, contents, off_page)
        drawing, without_text = judgement.drawing, judgement.without_text
        if without_text is None and (judgement.hidden or judgement.small):
            without_text = Image.new("L", drawing.image.size, 255)
        hidden, tiny = judgement.hidden, judgement.small
        excused = _ocr_areas(textpage, hidden + tiny, images, drawing, without_text) if images else set()
        hidden = [char for char in hidden if char.index not in excused]
        # Read before anything is recoloured: the reasons use each character's own colour and mode.
        reasons = {
            char.index: (INVISIBLE, "outside the visible page")
            if char.index in judgement.shown_off_page
            else _why_hidden(textpage, char, drawing)
            for char in hidden
        }
        if any(reason == (COVERED, "") for reason in reasons.values()):
            recoloured = _recoloured_shows(textpage, hidden, drawing, without_text)
            for char in hidden:
                if reasons[char.index] == (COVERED, "") and char.index in recoloured:
                    reasons[char.index] = (INVISIBLE, "in the colour of what is behind it")
        groups = {}
        for char in hidden:
            groups.setdefault(reasons[char.index], []).append(char)
        tiny = [char for char in tiny if char.index not in excused]
        if tiny:
            groups.setdefault((INVISIBLE, f"smaller than {SMALLEST_VISIBLE_SIZE} pt"), []).extend(tiny)
        for (kind, detail), group in groups.items():
            findings.append(Finding(kind, number, detail=detail, excerpt=_excerpt_of(group)))
        return _PageReading(text, findings, drawing)
    finally:
        textpage.close()


def _read_both(data, public):
    """Each page of the file and of its public copy, read side by side: (original, public) readings.

    A public page that draws exactly as the original's, with the same text, is judged as the
    original was; any other is judged again. Pages are read one at a time, so a long report never
    holds more than one page's drawings.
    """
    original_document, public_document = _open_pdfium(data), _open_pdfium(public)
    originals, publics = [], []
    try:
        for number in range(1, max(len(original_document), len(public_document)) + 1):
            earlier = None
            if number <= len(original_document):
                page = original_document[number - 1]
                try:
                    earlier = _read_page(number, page)
                finally:
                    page.close()
                originals.append(_PageReading(earlier.text, earlier.findings))
            if number <= len(public_document):
                page = public_document[number - 1]
                try:
                    publics.append(_read_public_page(number, page, earlier))
                finally:
                    page.close()
    finally:
        original_document.close()
        public_document.close()
    return originals, publics


def _read_public_page(number, page, original):
    if original is not None and original.drawing is not None and _page_text(page) == original.text:
        if _Drawing(page).same_as(original.drawing):
            return _PageReading(original.text, original.findings)
    reading = _read_page(number, page)
    return _PageReading(reading.text, reading.findings)


def _earlier_version_findings(data, final_texts):
    revisions = earlier_revisions(data)
    if not revisions:
        return []
    final_words = set()
    for text in final_texts:
        final_words.update(normalised_words(text))
    findings = []
    seen = set()
    for revision in revisions:
        try:
            texts = page_texts(revision)
        except DisclosureCheckError:
            continue  # the first part of a linearised file is not a whole PDF
        for number, text in enumerate(texts, start=1):
            gone = [word for word in normalised_words(text) if word not in final_words]
            gone = list(dict.fromkeys(gone))
            if gone and (number, tuple(gone)) not in seen:
                seen.add((number, tuple(gone)))
                findings.append(Finding(EARLIER_VERSION, number, excerpt=_excerpt(" ".join(gone))))
    return findings


def check_pdf(data, terms=None, key=None):
    """Everything the disclosure check finds in this PDF and in the copy the public would download.

    `terms` maps a key to the hashes of a listed name or term (see `term_hashes`). The public copy
    is judged by the same rule, so what cleaning uncovers or hides is found too; names are matched
    in the text of both.
    """
    inspection = inspect(data)
    cleaned, removed = clean_pdf(data)
    original, public = _read_both(data, cleaned)
    findings = []
    for reading in [*original, *public]:
        findings.extend(finding for finding in reading.findings if finding not in findings)
    final_texts = [reading.text for reading in original]
    findings.extend(_earlier_version_findings(data, final_texts))
    both = [
        first.text if first.text == second.text else f"{first.text}\n{second.text}"
        for first, second in zip(original, public, strict=False)
    ]
    findings.extend(name_findings(both, terms or {}, key))
    return Result(
        page_count=inspection.page_count,
        findings=findings,
        removed=removed,
        cleaned=cleaned,
        inspection=inspection,
    )


# ---- the copy the public downloads -----------------------------------------------------------

RUNS_SOMETHING = {"/JavaScript", "/Launch"}
# What a rebuilt catalog keeps: the pages and what readers and screen readers need to read them.
CATALOG_KEPT = {
    "/Type",
    "/Pages",
    "/PageLabels",
    "/Names",
    "/Dests",
    "/Outlines",
    "/StructTreeRoot",
    "/MarkInfo",
    "/Lang",
    "/ViewerPreferences",
    "/PageLayout",
    "/PageMode",
    "/Version",
    "/Extensions",
}
NAMES_KEPT = {"/Dests"}
PAGE_DROPPED = {"/PieceInfo", "/AF", "/AA", "/Thumb", "/Metadata", "/B"}


def _action_kind(annotation):
    action = annotation.get("/A")
    return str(action.get("/S")) if isinstance(action, pikepdf.Dictionary) else ""


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def _switched_off_layers(root):
    """The optional content groups a reader does not see by default."""
    properties = root.get("/OCProperties")
    if not isinstance(properties, pikepdf.Dictionary):
        return set()
    default = properties.get("/D")
    if not isinstance(default, pikepdf.Dictionary):
        return set()
    groups = {group.objgen for group in properties.get("/OCGs", []) if isinstance(group, pikepdf.Dictionary)}
    if str(default.get("/BaseState", "/ON")) == "/OFF":
        on = {group.objgen for group in default.get("/ON", []) if isinstance(group, pikepdf.Dictionary)}
        return groups - on
    return {group.objgen for group in default.get("/OFF", []) if isinstance(group, pikepdf.Dictionary)}


def _without_layers(pdf, page, off):
    """Remove from a page's content what is drawn in a switched-off layer; whether anything was."""
    resources = page.obj.get("/Resources", pikepdf.Dictionary())
    properties = resources.get("/Properties", pikepdf.Dictionary())
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    kept, depth_off, depth, changed = [], None, 0, False
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
            if depth_off is None and name == "BDC" and str(operands[0]) == "/OC":
                group = operands[1]
                if isinstance(group, pikepdf.Name):
                    group = properties.get(str(group))
                if isinstance(group, pikepdf.Dictionary) and group.objgen in off:
                    depth_off, changed = depth, True
                    continue
        elif name == "EMC":
            depth -= 1
            if depth_off is not None and depth < depth_off:
                depth_off = None
                continue
        if depth_off is not None:
            continue
        if name == "Do":
            xobject = xobjects.get(str(operands[0]))
            layer = xobject.get("/OC") if isinstance(xobject, pikepdf.Stream) else None
            if isinstance(layer, pikepdf.Dictionary) and layer.objgen in off:
                changed = True
                continue
        kept.append((operands, operator))
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    return changed


def clean_pdf(data):
    """The copy the public downloads, rebuilt from what its pages draw, and what it leaves out, in words.

    Only objects the pages (and the reading aids: outline, tags, page labels) reach are written, so
    unreferenced objects and earlier versions are gone. Also left out: document information, XMP
    metadata, embedded and associated files, private application data, comments and other
    annotations, form fields (flattened first, so their values still show on the page), content in
    layers switched off, JavaScript and actions run on opening or launching programs.
    """
    pdf = _open_pikepdf(data)
    removed = []
    with pdf:
        info = pdf.trailer.get("/Info")
        if isinstance(info, pikepdf.Dictionary):
            present = [key for key in DOC_INFO_KEYS if str(info.get(f"/{key}", "")).strip()]
            if present:
                removed.append(f"document information ({', '.join(present)})")
            del pdf.trailer["/Info"]
        root = pdf.Root
        if "/Metadata" in root:
            removed.append("XMP metadata")
        javascript = launch = False
        names = root.get("/Names")
        embedded = set()
        if isinstance(names, pikepdf.Dictionary):
            if "/EmbeddedFiles" in names:
                embedded = {spec.objgen for _name, spec in pikepdf.NameTree(names.EmbeddedFiles).items()}
                removed.append(_plural(len(pdf.attachments), "embedded file"))
            javascript = "/JavaScript" in names
            for key in list(names.keys()):
                if key not in NAMES_KEPT:
                    del names[key]
        if "/OpenAction" in root:
            opening = root.OpenAction
            javascript = (
                javascript or isinstance(opening, pikepdf.Dictionary) and opening.get("/S") == "/JavaScript"
            )
            removed.append("an action run when the file is opened (OpenAction)")
        javascript = javascript or "/AA" in root
        off = _switched_off_layers(root)
        layered = 0
        annotations = 0
        thumbnails = private = associated = 0
        private += "/PieceInfo" in root
        if isinstance(root.get("/AF"), pikepdf.Array):
            # pikepdf and others list an embedded file among the associated files too: count it once.
            associated += sum(1 for spec in root.AF if spec.objgen not in embedded or spec.objgen == (0, 0))
        for page in pdf.pages:
            if off:
                layered += _without_layers(pdf, page, off)
            thumbnails += "/Thumb" in page.obj
            private += "/PieceInfo" in page.obj
            if isinstance(page.obj.get("/AF"), pikepdf.Array):
                associated += len(page.obj.AF)
            javascript = javascript or "/AA" in page.obj
            for key in PAGE_DROPPED:
                if key in page.obj:
                    del page.obj[key]
            kept = []
            for annotation in page.obj.get("/Annots", []):
                if not isinstance(annotation, pikepdf.Dictionary):
                    continue
                subtype = str(annotation.get("/Subtype", ""))
                action = _action_kind(annotation)
                layer = annotation.get("/OC")
                if action in RUNS_SOMETHING:
                    javascript = javascript or action == "/JavaScript"
                    launch = launch or action == "/Launch"
                    annotations += subtype != "/Link"
                elif isinstance(layer, pikepdf.Dictionary) and layer.objgen in off:
                    annotations += 1
                elif subtype in ("/Link", "/Widget"):
                    for key in ("/AF", "/AA", "/PieceInfo"):
                        if key in annotation:
                            del annotation[key]
                    kept.append(annotation)
                else:
                    annotations += 1
            if "/Annots" in page.obj:
                if kept:
                    page.obj["/Annots"] = pikepdf.Array(kept)
                else:
                    del page.obj["/Annots"]
        if annotations:
            removed.append(_plural(annotations, "comment or other annotation"))
        if "/AcroForm" in root:
            fields = len(root.AcroForm.get("/Fields", []))
            pdf.generate_appearance_streams()
            pdf.flatten_annotations("all")
            removed.append(f"{_plural(fields, 'form field')} (their values kept on the page)")
        for key in list(root.keys()):
            if key not in CATALOG_KEPT:
                del root[key]
        # Whatever the kept objects still carry: private data, attached files, scripts, XMP.
        for item in pdf.objects:
            if not isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
                continue
            for key in ("/PieceInfo", "/AF", "/AA", "/Metadata"):
                if key in item and item.objgen != root.objgen:
                    private += key == "/PieceInfo"
                    del item[key]
            action = item.get("/A")
            if isinstance(action, pikepdf.Dictionary) and str(action.get("/S", "")) in RUNS_SOMETHING:
                javascript = javascript or action.get("/S") == "/JavaScript"
                launch = launch or action.get("/S") == "/Launch"
                del item["/A"]
        if javascript:
            removed.append("JavaScript")
        if launch:
            removed.append("an action that starts another program (Launch)")
        if private:
            removed.append(f"private application data (PieceInfo, in {_plural(private, 'place')})")
        if associated:
            removed.append(_plural(associated, "associated file"))
        if layered:
            removed.append(f"what is drawn in layers switched off (on {_plural(layered, 'page')})")
        if thumbnails:
            removed.append(_plural(thumbnails, "page thumbnail"))
        output = io.BytesIO()
        pdf.save(output, encryption=False, deterministic_id=True)
    return output.getvalue(), removed


# ---- in the separate reading process (see `untrusted`) -------------------------------------


def _unreadable(error):
    return {"unreadable": error.reason, "message": str(error)}


def inspection_job(data):
    """The inspection as plain data, or why the file cannot be checked."""
    try:
        return {"inspection": asdict(inspect(data))}
    except DisclosureCheckError as error:
        return _unreadable(error)


def check_job(data, terms, key):
    """The whole check as plain data: findings, the public copy and the inspection."""
    try:
        result = check_pdf(data, terms, key)
    except DisclosureCheckError as error:
        return _unreadable(error)
    return {
        "findings": [asdict(finding) for finding in result.findings],
        "removed": result.removed,
        "cleaned": result.cleaned,
        "inspection": asdict(result.inspection),
    }


def names_job(data, public, terms, key):
    """Only the listed names, matched again in the file and its public copy (the list changed since)."""
    try:
        texts = page_texts(data)
        public_texts = page_texts(public) if public else []
    except DisclosureCheckError as error:
        return _unreadable(error)
    both = [
        f"{text}\n{public_texts[number]}" if number < len(public_texts) else text
        for number, text in enumerate(texts)
    ]
    return {"findings": [asdict(finding) for finding in name_findings(both, terms, key)]}
