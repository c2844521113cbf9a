"""The kinds of page the site lists: the one place that names them.

Lists, search, filters, the feed, the page types and Learning on a Page all read their labels
and lookups from here, so a new kind of review is one entry below plus its page model.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class Kind:
    """One kind of listed page: how people name it and where its facts live."""

    key: str  # in addresses: ?type=cspr
    label: str
    plural: str
    abbreviation: str
    model_label: str  # "app_label.ModelName"
    text_field: str  # the rich text a feed entry or excerpt is made from
    summarises_reviews: bool = False  # True for a summary whose date is its review's

    @property
    def model_name(self):
        """The lower-case model name: also the lookup from a plain `Page` row to this kind's table."""
        return self.model_label.partition(".")[2].lower()

    @property
    def model(self):
        return apps.get_model(self.model_label)

    @property
    def content_type_id(self):
        # Django keeps content types in memory after the first lookup.
        app_label = self.model_label.partition(".")[0]
        return ContentType.objects.get_by_natural_key(app_label, self.model_name).pk

    @property
    def date_lookups(self):
        """Where this kind's date lives, from a plain `Page`: a review's own, a summary its review's."""
        if self.summarises_reviews:
            return [f"{self.model_name}__review__{review.date_lookups[0]}" for review in REVIEW_KINDS]
        return [f"{self.model_name}__publication_date"]


CSPR = Kind(
    key="cspr",
    label="Child Safeguarding Practice Review",
    plural="Child Safeguarding Practice Reviews",
    abbreviation="CSPR",
    model_label="reviews.CSPRPage",
    text_field="summary",
)
SCR = Kind(
    key="scr",
    label="Serious Case Review",
    plural="Serious Case Reviews",
    abbreviation="SCR",
    model_label="reviews.SCRPage",
    text_field="summary",
)
LEARNING = Kind(
    key="learning",
    label="Learning on a Page",
    plural="Learning on a Page",
    abbreviation="",
    model_label="learning.LearningPage",
    text_field="key_learning",
    summarises_reviews=True,
)

ALL_KINDS = (CSPR, SCR, LEARNING)
REVIEW_KINDS = tuple(kind for kind in ALL_KINDS if not kind.summarises_reviews)
SUMMARY_KINDS = tuple(kind for kind in ALL_KINDS if kind.summarises_reviews)
BY_KEY = {kind.key: kind for kind in ALL_KINDS}
