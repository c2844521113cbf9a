"""What runs on a schedule, and how often: the one list of the site's periodic work.

Each job is a management command, so an operator can run it by hand or from cron too. The
scheduler (`manage.py run_scheduler`, started by `make run` and Compose) puts each job on the
background queue when it is due; the worker (`manage.py db_worker --backend background`) runs it.
Several schedulers may run at once (a restart, two servers): a job is claimed in the database
before it is queued, so each interval queues it once.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from cspr_site.models import PeriodicRun
from cspr_site.tasks import run_periodic_command


@dataclass(frozen=True)
class PeriodicJob:
    command: str
    every: datetime.timedelta
    why: str


JOBS = [
    PeriodicJob(
        "publish_on_schedule",
        datetime.timedelta(minutes=1),
        "Publishes what is due and takes down what has reached its takedown date, never inside a window.",
    ),
    PeriodicJob(
        "run_disclosure_checks",
        datetime.timedelta(minutes=1),
        "Checks the long reports waiting for the disclosure check (and any whose check was interrupted).",
    ),
    PeriodicJob(
        "send_publication_reminders",
        datetime.timedelta(minutes=15),
        "E-mails administrators the takedown decisions coming up; at most once a day.",
    ),
    PeriodicJob(
        "check_publication_windows",
        datetime.timedelta(minutes=15),
        "Checks as an anonymous visitor that every review inside its year is public and complete.",
    ),
    PeriodicJob(
        "send_alerts",
        datetime.timedelta(minutes=1),
        "Sends the e-mail alerts that are due, and tries again those waiting for the mail server.",
    ),
    PeriodicJob(
        "send_alert_digests",
        datetime.timedelta(hours=1),
        "Once a week is over, sends each weekly subscriber one digest of it.",
    ),
    PeriodicJob(
        "clean_up_alerts",
        datetime.timedelta(hours=1),
        "Deletes alert sign-ups not confirmed within 7 days.",
    ),
]

STILL_RUNNING = {TaskResultStatus.READY, TaskResultStatus.RUNNING}


def _still_queued(result_id):
    """Whether the job's last run is still waiting or running, so queuing it again would pile up."""
    if not result_id or not run_periodic_command.get_backend().supports_get_result:
        return False
    try:
        return run_periodic_command.get_result(result_id).status in STILL_RUNNING
    except TaskResultDoesNotExist:
        return False


def queue_due_jobs(now=None):
    """Queue every job whose interval has passed since it was last queued; the commands queued."""
    now = now or timezone.now()
    queued = []
    for job in JOBS:
        run, _created = PeriodicRun.objects.get_or_create(command=job.command)
        if _still_queued(run.last_result_id):
            continue
        due = Q(last_queued_at__isnull=True) | Q(last_queued_at__lte=now - job.every)
        # The claim: of several schedulers, only the one whose update changes the row queues it.
        if not PeriodicRun.objects.filter(pk=run.pk).filter(due).update(last_queued_at=now):
            continue
        result = run_periodic_command.enqueue(job.command)
        PeriodicRun.objects.filter(pk=run.pk).update(last_result_id=str(result.id))
        queued.append(job.command)
    return queued
