"""Page text as one short plain line, for meta descriptions and feed summaries."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator


def plain_text_excerpt(rich_text, length=200):
    """Rich text as one short plain-text line."""
    text = re.sub(r"\s+", " ", html.unescape(strip_tags(rich_text or ""))).strip()
    return Truncator(text).chars(length)
