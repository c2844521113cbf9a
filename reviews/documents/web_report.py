"""The report as a web page: the blocks it is written in, its contents list and its anchors.

Anchors come from the content (a heading's words, "recommendation-4"), never from a block's
position or its random id, so a link to "Recommendation 4" keeps working when text around it
is edited, and a page never has the same id twice.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

REPORT_SLUG = "report"
TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "superscript"]
# Ids the report page itself uses; a heading with the same words gets a suffix instead.
RESERVED_IDS = {"main-content", "contents", "contents-heading"}


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=255)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section"), ("h3", "Subsection"), ("h4", "Minor heading")],
        default="h2",
        help_text="Sections and subsections appear in the report's contents list.",
    )

    class Meta:
        icon = "title"
        label_format = "{text}"


class NumberedBlock(blocks.StructBlock):
    """A finding or a recommendation, with the number the report gives it."""

    kind = blocks.ChoiceBlock(choices=[("finding", "Finding"), ("recommendation", "Recommendation")])
    number = blocks.IntegerBlock(
        min_value=1,
        help_text='Its number in the report. Links such as "#recommendation-4" use it: keep it when editing.',
    )
    text = blocks.RichTextBlock(features=TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        label_format = "{kind} {number}"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=500,
        help_text="What the image shows, for people who cannot see it.",
    )
    caption = blocks.CharBlock(required=False, max_length=500)

    class Meta:
        icon = "image"


def report_table_block():
    return TableBlock(
        table_options={"startRows": 3, "startCols": 3, "editor": "text", "renderer": "text"},
        help_text="Tick “Row header” so the first row is read out as the column headings.",
        icon="table",
    )


class ReportBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(features=TEXT_FEATURES, label="Paragraphs and lists")
    numbered = NumberedBlock(label="Finding or recommendation")
    table = report_table_block()
    image = ImageBlock()
    footnotes = blocks.ListBlock(
        blocks.RichTextBlock(features=["bold", "italic", "link"]),
        help_text='Numbered in order; link to them from the text as "#footnote-1", "#footnote-2"…',
        icon="list-ol",
    )

    class Meta:
        block_counts = {"footnotes": {"max_num": 1}}


# --- reading the body -------------------------------------------------------------------


def unique_id(wanted, used):
    """`wanted`, or `wanted-2`, `wanted-3`… when the page already uses it."""
    candidate, number = wanted, 1
    while candidate in used or candidate in RESERVED_IDS:
        number += 1
        candidate = f"{wanted}-{number}"
    used.add(candidate)
    return candidate


@dataclass
class Part:
    """One block of the report as the page shows it, with its id when it has one."""

    block: object
    anchor: str = ""
    label: str = ""
    table_number: int = 0


@dataclass
class ContentsEntry:
    text: str
    anchor: str
    children: list = field(default_factory=list)


@dataclass
class Outline:
    parts: list
    contents: list


def numbered_label(block):
    return f"{block.value['kind'].capitalize()} {block.value['number']}"


def outline(body):
    """The parts of the report with their anchors, and its contents list (sections, subsections)."""
    parts = [Part(block) for block in body]
    contents, tables = [], 0
    # Footnotes are "footnote-1", "footnote-2"… wherever they come; no heading may take those.
    used = {
        f"footnote-{number}"
        for block in body
        if block.block_type == "footnotes"
        for number in range(1, len(block.value) + 1)
    }
    # Findings and recommendations choose first, so "#recommendation-4" is always Recommendation 4
    # even when a heading has the same words.
    for part in parts:
        if part.block.block_type == "numbered":
            part.label = numbered_label(part.block)
            part.anchor = unique_id(slugify(part.label), used)
    for part in parts:
        block = part.block
        if block.block_type == "heading":
            part.anchor = unique_id(slugify(block.value["text"]) or "section", used)
            entry = ContentsEntry(block.value["text"], part.anchor)
            # Subsections and minor headings are listed beneath the section they belong to.
            if block.value["level"] == "h2" or not contents:
                contents.append(entry)
            else:
                contents[-1].children.append(entry)
        elif block.block_type == "table":
            tables += 1
            part.table_number = tables
        elif block.block_type == "footnotes":
            part.anchor = unique_id("footnotes", used)
            contents.append(ContentsEntry("Footnotes", part.anchor))
    return Outline(parts=parts, contents=contents)


# --- plain text, for search results ---------------------------------------------------------


def _plain(value):
    return re.sub(r"\s+", " ", strip_tags(str(value))).strip()


def block_text(block):
    """The words of a block, as a search engine reads them."""
    if block.block_type == "heading":
        return block.value["text"]
    if block.block_type == "numbered":
        return _plain(block.value["text"].source)
    if block.block_type == "text":
        return _plain(block.value.source)
    if block.block_type == "table":
        rows = (block.value or {}).get("data") or []
        return " ".join(str(cell) for row in rows for cell in row if cell)
    if block.block_type == "image":
        return " ".join(filter(None, [block.value["alt_text"], block.value["caption"]]))
    if block.block_type == "footnotes":
        return " ".join(_plain(item.source) for item in block.value)
    return ""


def sections(body):
    """(heading text, anchor, the section's words) for each section under a heading."""
    found = []
    current = None
    for part in outline(body).parts:
        if part.block.block_type == "heading":
            current = [part.block.value["text"], part.anchor, []]
            found.append(current)
        elif current is not None:
            current[2].append(block_text(part.block))
    return [(heading, anchor, " ".join(words)) for heading, anchor, words in found]


def section_matching(body, words):
    """The first section whose heading and text hold every one of the words: (heading, anchor) or None."""
    wanted = [word.lower() for word in re.findall(r"\w+", words or "")]
    if not wanted:
        return None
    for heading, anchor, text in sections(body):
        haystack = f"{heading} {text}".lower()
        if all(re.search(rf"\b{re.escape(word)}", haystack) for word in wanted):
            return heading, anchor
    return None
