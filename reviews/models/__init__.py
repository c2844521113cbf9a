from .pages import CSPRPage, ReviewIndexPage, ReviewPage, SCRPage
from .themes import Theme

__all__ = ["CSPRPage", "ReviewIndexPage", "ReviewPage", "SCRPage", "Theme"]
