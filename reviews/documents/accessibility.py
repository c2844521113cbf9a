"""Which reviews' reports are not yet accessible: no web version, or a PDF that fails the basics.

The partnership's accessibility statement must say which documents fall short; this is the
list it is written from, in the admin's Reports menu and on the dashboard.
"""

from dataclasses import dataclass, field

from wagtail.models import Page
from wagtail.permissions import policy_registry

from reviews import kinds
from reviews.documents.facts import accessibility_gaps
from reviews.page_rows import PageRow

REPORT_PERMISSIONS = ["change", "publish"]


@dataclass
class ReportAccessibilityRow(PageRow):
    page: Page
    gaps: list = field(default_factory=list)

    @classmethod
    def for_review(cls, review):
        gaps = [] if review.report_body else ["No web version"]
        if review.report is not None:
            gaps += accessibility_gaps(review.report)
        return cls(page=review, gaps=gaps)

    @property
    def details(self):
        return getattr(self.page.report, "pdf_details", None) if self.page.report else None

    @property
    def web_version(self):
        return "Yes" if self.page.report_body else "No"

    @property
    def pdf_tagged(self):
        if self.page.report is None:
            return "No PDF"
        if self.details is None or self.details.is_tagged is None:
            return "Not checked yet"
        return "Yes" if self.details.is_tagged else "No"

    @property
    def pdf_title(self):
        return self.details.title if self.details else ""

    @property
    def pdf_language(self):
        return self.details.language if self.details else ""

    @property
    def to_fix(self):
        return ", ".join(self.gaps)


def can_see_accessibility(user):
    """Whoever may edit or publish some page: the same rule as Wagtail's own page reports."""
    return policy_registry.get_by_type(Page).user_has_any_permission(user, REPORT_PERMISSIONS)


def accessibility_rows(user):
    """A row for every review the user may edit: one query per kind of review."""
    editable = policy_registry.get_by_type(Page).instances_user_has_any_permission_for(
        user, REPORT_PERMISSIONS
    )
    return [
        ReportAccessibilityRow.for_review(review)
        for kind in kinds.REVIEW_KINDS
        for review in kind.model.objects.filter(pk__in=editable.values("pk"))
        .select_related("report__pdf_details")
        .order_by("title")
    ]


def rows_to_fix(user):
    return [row for row in accessibility_rows(user) if row.gaps]
