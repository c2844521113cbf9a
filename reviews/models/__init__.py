from .documents import PdfDetails
from .pages import CSPRPage, ReviewIndexPage, ReviewPage, SCRPage
from .reminders import PublicationReminder
from .themes import Theme
from .workflows import ModeratorApprovalTask, StatutoryNoticeTask

__all__ = [
    "CSPRPage",
    "ModeratorApprovalTask",
    "PdfDetails",
    "PublicationReminder",
    "ReviewIndexPage",
    "ReviewPage",
    "SCRPage",
    "StatutoryNoticeTask",
    "Theme",
]
