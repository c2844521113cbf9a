"""The site's background tasks, run by the worker from the database queue (see `scheduler`)."""

import logging

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import task

logger = logging.getLogger(__name__)


@task(backend=settings.BACKGROUND_TASKS)
def run_periodic_command(name):
    """Run one of the scheduler's jobs.

    A command that reports a problem by its exit status (the window self-audit finding a breach)
    has already logged and e-mailed it, so the job itself ran; any other error fails the task,
    whose traceback the worker logs and keeps, and the next interval runs the job again.
    """
    try:
        call_command(name)
    except CommandError as problem:
        logger.warning("%s reported: %s", name, problem)
        return str(problem)
    except Exception:
        logger.exception("%s failed; the scheduler runs it again at its next interval", name)
        raise
    return ""
