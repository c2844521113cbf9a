"""Wagtail loads this file; each part of the app keeps its own hooks."""

from reviews.documents import hooks as document_hooks  # noqa: F401
from reviews.editorial import hooks as editorial_hooks  # noqa: F401
from reviews.window import hooks as window_hooks  # noqa: F401
