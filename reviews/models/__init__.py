from .documents import PdfDetails
from .pages import CSPRPage, ReviewIndexPage, ReviewPage, SCRPage
from .themes import Theme

__all__ = ["CSPRPage", "PdfDetails", "ReviewIndexPage", "ReviewPage", "SCRPage", "Theme"]
