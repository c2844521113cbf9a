"""Every model of the reviews app, importable as `reviews.models.*` (parts keep their own in their folder)."""

from reviews.documents.models import DisclosureCheck, DisclosureFinding, PdfDetails, ProtectedName
from reviews.editorial.models import ModeratorApprovalTask, PublicationReminder, StatutoryNoticeTask
from reviews.window.models import HeldPublication, PublishedAddress, WindowCheck

from .pages import CSPRPage, ReviewIndexPage, ReviewPage, SCRPage
from .themes import Theme

__all__ = [
    "CSPRPage",
    "DisclosureCheck",
    "DisclosureFinding",
    "HeldPublication",
    "ModeratorApprovalTask",
    "PdfDetails",
    "ProtectedName",
    "PublicationReminder",
    "ReviewIndexPage",
    "ReviewPage",
    "SCRPage",
    "StatutoryNoticeTask",
    "Theme",
    "PublishedAddress",
    "WindowCheck",
]
