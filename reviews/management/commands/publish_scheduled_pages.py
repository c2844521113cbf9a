"""Wagtail's older scheduler name: refused, like `publish_scheduled`, with the same pointer."""

from reviews.management.commands.publish_scheduled import Command  # noqa: F401
