"""Wagtail loads this file; each part of the app keeps its own hooks."""

from learning.alerts import hooks as alerts_hooks  # noqa: F401
