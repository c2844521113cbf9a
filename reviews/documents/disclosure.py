"""The disclosure check: what a PDF would give away beyond what its pages show, and a cleaned copy.

Failed redaction is one of the commonest ways personal data leaks from published reports: words
left under black boxes, text nobody can see, earlier versions kept inside the file, the child's
real name. This module reads a PDF and says where (`check_pdf`), and makes the copy the public
downloads without the document's hidden baggage (`clean_pdf`). It knows nothing of the database.

pdfplumber gives the characters and shapes of each page in drawing order; pypdfium2 renders a
region to tell whether a box really hides what is under it, and reads text and rendering modes
quickly; pikepdf reads and rewrites the file's structure.
"""

import hashlib
import hmac
import io
import re
import unicodedata
from dataclasses import dataclass, field

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from django.conf import settings
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine

COVERED = "covered_text"
UNAPPLIED_REDACTION = "unapplied_redaction"
INVISIBLE = "invisible_text"
EARLIER_VERSION = "earlier_version"
PROTECTED_NAME = "protected_name"

# What each finding means, for the editor.
DESCRIPTIONS = {
    COVERED: "Text under a box: words covered by a shape drawn over them can still be selected and copied.",
    UNAPPLIED_REDACTION: "A redaction was marked but never applied: the words under it are still there.",
    INVISIBLE: "Invisible text: words nobody sees on the page are still in the file.",
    EARLIER_VERSION: (
        "An earlier version is kept inside the file, with words the final version no longer shows; "
        "anyone can recover them."
    ),
    PROTECTED_NAME: "A name or term listed as one that must not appear is on this page.",
}

SMALLEST_VISIBLE_SIZE = 2  # points
PAGE_BACKGROUND = (1.0, 1.0, 1.0)
COLOUR_TOLERANCE = 0.05
# A rendered region whose channels vary less than this shows nothing but the box.
UNIFORM_PIXELS = 24
RENDER_SCALE = 3
EXCERPT_LENGTH = 80
DOC_INFO_KEYS = ("Author", "Creator", "Producer", "Title", "Subject", "Keywords")
NAME_HASH_SALT = "reviews.documents.disclosure.protected-names"


class DisclosureCheckError(Exception):
    """The file could not be read well enough to check it."""


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


@dataclass
class Result:
    page_count: int
    findings: list = field(default_factory=list)
    removed: list = field(default_factory=list)  # what the cleaned copy leaves out, in words
    cleaned: bytes = b""  # the copy the public downloads


# ---- names that must not appear -------------------------------------------------------------


def normalised_words(text):
    """Words as compared: accents dropped, case folded, apostrophes ignored ("O’Brien" is "obrien")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"['’‘`]", "", text.casefold())
    return re.findall(r"[^\W_]+", text)


def _name_key():
    # Derived from the site's secret, so the stored hashes are no use away from this site.
    return hashlib.sha256((NAME_HASH_SALT + settings.SECRET_KEY).encode()).digest()


def _keyed_hash(key, value):
    return hmac.digest(key, value.encode(), "sha256").hex()


def term_hashes(term):
    """What is stored for a listed name or term: keyed hashes of its word, or of each pair of its words."""
    words = normalised_words(term)
    key = _name_key()
    if len(words) == 1:
        return [_keyed_hash(key, words[0])]
    return [_keyed_hash(key, f"{first} {second}") for first, second in zip(words, words[1:], strict=False)]


def text_hashes(text):
    """Keyed hashes of every word and every pair of neighbouring words of a text."""
    words = normalised_words(text)
    key = _name_key()
    values = set(words) | {f"{first} {second}" for first, second in zip(words, words[1:], strict=False)}
    return {_keyed_hash(key, value) for value in values}


def name_findings(page_texts, terms):
    """A finding for each page on which every hash of a listed term appears.

    `terms` maps a key (the stored term's id) to its hashes; the finding names the key, never the words.
    """
    findings = []
    for number, text in enumerate(page_texts, start=1):
        hashes = text_hashes(text)
        for key, term in terms.items():
            if term and all(value in hashes for value in term):
                findings.append(Finding(PROTECTED_NAME, number, term=str(key)))
    return findings


# ---- reading the file ------------------------------------------------------------------------


def _open_pdfium(data):
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise DisclosureCheckError("The file could not be opened as a PDF.") from error


def page_count(data):
    document = _open_pdfium(data)
    try:
        return len(document)
    finally:
        document.close()


def page_texts(data):
    """The text of each page, as pdfium extracts it (hidden text included)."""
    document = _open_pdfium(data)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def _rgb(colour):
    """A pdfminer colour as red, green, blue from 0 to 1; None for patterns and the unknown."""
    if colour is None:
        return (0.0, 0.0, 0.0)
    if isinstance(colour, int | float):
        colour = (colour,)
    try:
        values = [float(value) for value in colour]
    except (TypeError, ValueError):
        return None
    if len(values) == 1:
        return (values[0],) * 3
    if len(values) == 3:
        return tuple(values)
    if len(values) == 4:
        cyan, magenta, yellow, black = values
        return ((1 - cyan) * (1 - black), (1 - magenta) * (1 - black), (1 - yellow) * (1 - black))
    return None


def _same_colour(first, second):
    return (
        first is not None
        and second is not None
        and all(abs(a - b) <= COLOUR_TOLERANCE for a, b in zip(first, second, strict=True))
    )


def _drawn_in_order(container):
    """A page's characters, shapes and images in the order they are painted, figures opened."""
    for item in container:
        if isinstance(item, LTFigure):
            yield from _drawn_in_order(item)
        else:
            yield item


def _centre_inside(char, box, margin=0.5):
    x = (char.x0 + char.x1) / 2
    y = (char.y0 + char.y1) / 2
    return box[0] - margin <= x <= box[2] + margin and box[1] - margin <= y <= box[3] + margin


def _inside(inner, outer, margin=2):
    return (
        inner[0] >= outer[0] - margin
        and inner[1] >= outer[1] - margin
        and inner[2] <= outer[2] + margin
        and inner[3] <= outer[3] + margin
    )


def _excerpt(chars):
    text = re.sub(r"\s+", " ", "".join(chars)).strip()
    return text if len(text) <= EXCERPT_LENGTH else text[: EXCERPT_LENGTH - 1] + "…"


def _rendered_area_check(pdfium_page):
    """A test of whether an area of the page, as drawn, shows one colour only: nothing visible there."""
    # Rendered upright whatever the page's /Rotate, so page coordinates map straight onto pixels.
    image = pdfium_page.render(scale=RENDER_SCALE, rotation=(360 - pdfium_page.get_rotation()) % 360)
    image = image.to_pil().convert("RGB")
    left, _bottom, _right, top = pdfium_page.get_bbox()

    def shows_nothing(bbox):
        inset = 1
        box = (
            int((bbox[0] - left) * RENDER_SCALE) + inset,
            int((top - bbox[3]) * RENDER_SCALE) + inset,
            int((bbox[2] - left) * RENDER_SCALE) - inset,
            int((top - bbox[1]) * RENDER_SCALE) - inset,
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            return True
        return all(high - low <= UNIFORM_PIXELS for low, high in image.crop(box).getextrema())

    return shows_nothing


def _page_findings(number, plumber_page, pdfium_page):
    """Text under boxes and invisible text on one page."""
    shapes, chars, images = [], [], []
    for order, item in enumerate(_drawn_in_order(plumber_page.layout)):
        if isinstance(item, LTChar):
            chars.append((order, item))
        elif isinstance(item, LTImage):
            images.append(item.bbox)
        elif isinstance(item, LTCurve) and not isinstance(item, LTLine) and item.fill:
            shapes.append((order, item.bbox, _rgb(item.non_stroking_color)))

    covered, in_background_colour, tiny = [], [], []
    for order, char in chars:
        # Spaces are kept so the excerpt reads as words; alone they are no finding.
        in_ocr_layer = any(_inside(char.bbox, image) for image in images)
        if any(later > order and _centre_inside(char, box) for later, box, _colour in shapes):
            covered.append(char)
            continue
        if in_ocr_layer:
            continue
        if char.size < SMALLEST_VISIBLE_SIZE:
            tiny.append(char.get_text())
            continue
        behind = next(
            (
                colour
                for earlier, box, colour in reversed(shapes)
                if earlier < order and _centre_inside(char, box)
            ),
            PAGE_BACKGROUND,
        )
        if _same_colour(_rgb(char.graphicstate.ncolor), behind):
            in_background_colour.append(char)

    findings = []
    if covered or in_background_colour:
        # A box may be see-through or only partly over the words, and a colour may be read wrongly
        # (a spot colour's tint is not a grey); the page as drawn decides.
        shows_nothing = _rendered_area_check(pdfium_page)
        hidden = [char.get_text() for char in covered if shows_nothing(char.bbox)]
        if "".join(hidden).strip():
            findings.append(Finding(COVERED, number, excerpt=_excerpt(hidden)))
        unseen = [char.get_text() for char in in_background_colour if shows_nothing(char.bbox)]
        if "".join(unseen).strip():
            findings.append(
                Finding(
                    INVISIBLE, number, detail="in the colour of what is behind it", excerpt=_excerpt(unseen)
                )
            )
    if "".join(tiny).strip():
        findings.append(
            Finding(
                INVISIBLE, number, detail=f"smaller than {SMALLEST_VISIBLE_SIZE} pt", excerpt=_excerpt(tiny)
            )
        )
    findings.extend(_invisible_mode_findings(number, pdfium_page))
    findings.extend(_redaction_annotation_findings(number, plumber_page))
    return findings


def _invisible_mode_findings(number, pdfium_page):
    """Text drawn in rendering mode 3 (neither filled nor stroked), unless it is an OCR layer over a scan."""
    textpage = pdfium_page.get_textpage()
    try:
        text_objects, images = [], []
        for item in pdfium_page.get_objects(max_depth=5, textpage=textpage):
            if item.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                if pdfium_c.FPDFTextObj_GetTextRenderMode(item.raw) == pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE:
                    text_objects.append(item)
            elif item.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                images.append(item.get_bounds())
        hidden = [
            item.extract()
            for item in text_objects
            if not any(_inside(item.get_bounds(), image) for image in images)
        ]
    finally:
        textpage.close()
    hidden = [text for text in hidden if text.strip()]
    if not hidden:
        return []
    return [
        Finding(INVISIBLE, number, detail="set not to show on the page", excerpt=_excerpt(" ".join(hidden)))
    ]


def _redaction_annotation_findings(number, plumber_page):
    findings = []
    for annotation in plumber_page.annots:
        subtype = str((annotation.get("data") or {}).get("Subtype", ""))
        if subtype.strip("/'") != "Redact":
            continue
        area = (annotation["x0"], annotation["top"], annotation["x1"], annotation["bottom"])
        chars = [
            char["text"]
            for char in plumber_page.chars
            if area[0] <= (char["x0"] + char["x1"]) / 2 <= area[2]
            and area[1] <= (char["top"] + char["bottom"]) / 2 <= area[3]
        ]
        findings.append(Finding(UNAPPLIED_REDACTION, number, excerpt=_excerpt(chars)))
    return findings


def earlier_revisions(data):
    """The file as it was before each incremental update: every prefix ending at an end-of-file mark."""
    ends = [match.end() for match in re.finditer(rb"%%EOF[\r\n]*", data)]
    final = len(data.rstrip())
    return [data[:end] for end in ends if end < final]


def _earlier_version_findings(data, final_texts):
    final_words = set()
    for text in final_texts:
        final_words.update(normalised_words(text))
    findings = []
    seen = set()
    for revision in earlier_revisions(data):
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


def check_pdf(data, terms=None):
    """Everything the disclosure check finds in this PDF, and what cleaning it removes.

    `terms` maps a key to the hashes of a listed name or term (see `term_hashes`).
    """
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as error:
        raise DisclosureCheckError("The file could not be opened as a PDF.") from error
    document = _open_pdfium(data)
    findings = []
    try:
        for number, (plumber_page, pdfium_page) in enumerate(zip(plumber.pages, document, strict=False), 1):
            findings.extend(_page_findings(number, plumber_page, pdfium_page))
            plumber_page.close()
            pdfium_page.close()
        page_count = len(document)
    finally:
        plumber.close()
        document.close()
    texts = page_texts(data)
    findings.extend(_earlier_version_findings(data, texts))
    findings.extend(name_findings(texts, terms or {}))
    cleaned, removed = clean_pdf(data)
    return Result(page_count=page_count, findings=findings, removed=removed, cleaned=cleaned)


# ---- the cleaned copy ------------------------------------------------------------------------

RUNS_SOMETHING = {"/JavaScript", "/Launch"}


def _action_kind(annotation):
    action = annotation.get("/A")
    return str(action.get("/S")) if isinstance(action, pikepdf.Dictionary) else ""


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


def clean_pdf(data):
    """The file without its hidden baggage, and what was taken out, in words; its pages look the same.

    Document information, XMP metadata, embedded files, comments and other annotations with text,
    form fields (flattened into the page, so filled-in values still show), JavaScript, and actions
    run on opening or launching programs. Saving also drops earlier versions kept by incremental
    updates.
    """
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as error:
        raise DisclosureCheckError("The file could not be opened as a PDF.") from error
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
            del root["/Metadata"]
            removed.append("XMP metadata")
        javascript = launch = False
        names = root.get("/Names")
        if isinstance(names, pikepdf.Dictionary):
            if "/EmbeddedFiles" in names:
                removed.append(_plural(len(pdf.attachments), "embedded file"))
                del names["/EmbeddedFiles"]
            if "/JavaScript" in names:
                del names["/JavaScript"]
                javascript = True
        if "/OpenAction" in root:
            opening = root.OpenAction
            javascript = (
                javascript or isinstance(opening, pikepdf.Dictionary) and opening.get("/S") == "/JavaScript"
            )
            del root["/OpenAction"]
            removed.append("an action run when the file is opened (OpenAction)")
        if "/AA" in root:
            del root["/AA"]
            javascript = True
        annotations = 0
        for page in pdf.pages:
            if "/AA" in page.obj:
                del page.obj["/AA"]
                javascript = True
            kept = []
            for annotation in page.obj.get("/Annots", []):
                subtype = str(annotation.get("/Subtype", ""))
                action = _action_kind(annotation)
                if action in RUNS_SOMETHING:
                    javascript = javascript or action == "/JavaScript"
                    launch = launch or action == "/Launch"
                    annotations += subtype != "/Link"
                elif subtype in ("/Link", "/Widget"):
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
            if "/AcroForm" in root:
                del root["/AcroForm"]
            removed.append(f"{_plural(fields, 'form field')} (their values kept on the page)")
        if javascript:
            removed.append("JavaScript")
        if launch:
            removed.append("an action that starts another program (Launch)")
        output = io.BytesIO()
        pdf.save(output, encryption=False, deterministic_id=True)
    return output.getvalue(), removed
