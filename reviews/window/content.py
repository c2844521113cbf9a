"""What a page carries to the public, told apart from bookkeeping: the one comparison of two versions.

A revision's content holds the page's fields and child objects, and also what only staff see
(who locked it, when it was saved, comments between staff), the window record and the
rich-text editor's own markup, which differs between a page written by code and the same page
saved unchanged from the editor. Two versions with the same `content_of` show the public the same.
"""

import json
import re

from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import Page, Revision

from reviews.window.guards import WINDOW_RECORD

# Keys of a page revision's content that say nothing the public reads.
BOOKKEEPING = frozenset(
    {
        "pk",
        "path",
        "depth",
        "numchild",
        "translation_key",
        "locale",
        "content_type",
        "url_path",
        "alias_of",
        "owner",
        "draft_title",
        "latest_revision",
        "latest_revision_created_at",
        "live_revision",
        "live",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "locked",
        "locked_at",
        "locked_by",
        "expired",
        # A takedown date is an administrator's decision applied to the live page at once (see
        # `reviews.window.forms`), not content awaiting approval.
        "expire_at",
        "comments",
        "wagtail_admin_comments",
        *WINDOW_RECORD,
    }
)
EDITOR_MARKUP = re.compile(r'\sdata-block-key="[^"]*"')


def _without_editor_markup(value):
    if isinstance(value, str):
        return EDITOR_MARKUP.sub("", value)
    if isinstance(value, list):
        return [_without_editor_markup(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_editor_markup(item) for key, item in value.items()}
    return value


def content_of(revision_content):
    """A revision's content reduced to what the public reads, in a form two saves can be compared in."""
    # Through JSON, so that a revision made in this process (dates as objects) compares with one
    # read back from the database (dates as text).
    content = json.loads(json.dumps(revision_content, cls=DjangoJSONEncoder))
    return {key: _without_editor_markup(value) for key, value in content.items() if key not in BOOKKEEPING}


def settle_draft_without_changes(page):
    """A live page whose latest revision shows the public nothing its live one does not is not "Live + draft".

    The latest revision becomes the live one: it holds what the live page holds (a takedown date
    saved with "Save schedule" is applied to the live page at once). True when it was settled.
    """
    row = Page.objects.filter(pk=page.pk, live=True).values("live_revision_id", "latest_revision_id").first()
    if row is None or row["live_revision_id"] in (None, row["latest_revision_id"]):
        return False
    revisions = Revision.objects.in_bulk([row["live_revision_id"], row["latest_revision_id"]])
    live, latest = revisions.get(row["live_revision_id"]), revisions.get(row["latest_revision_id"])
    if live is None or latest is None or content_of(live.content) != content_of(latest.content):
        return False
    Page.objects.filter(pk=page.pk).update(has_unpublished_changes=False, live_revision_id=latest.pk)
    return True
