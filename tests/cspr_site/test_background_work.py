"""The site's periodic work goes on the database queue when due, and the real worker runs it."""

import datetime
import logging
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cspr_site import scheduler
from reviews.management.commands.publish_on_schedule import Command as PublishOnSchedule
from reviews.models import CSPRPage
from tests.reviews.factories import CSPRPageFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def database_queue(settings, transactional_db, django_db_serialized_rollback):
    """Background work goes to the database queue, as under `make run` and in production.

    The worker closes the database connection between tasks (`close_old_connections`), as a
    long-running process should; on PostgreSQL that would end the transaction a test runs in,
    so these tests commit for real and the database is restored afterwards.
    """
    settings.TASKS = {
        **settings.TASKS,
        settings.BACKGROUND_TASKS: {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }


def run_the_worker():
    """The real worker, as `make run` and Compose start it, until the queue is empty."""
    call_command(
        "db_worker", "--backend", settings.BACKGROUND_TASKS, "--batch", "--no-startup-delay", verbosity=0
    )


def queued_commands():
    return sorted(result.args_kwargs["args"][0] for result in DBTaskResult.objects.ready())


def test_the_scheduler_queues_every_job_once_until_its_interval_has_passed(db, database_queue):
    now = timezone.now()
    every_job = sorted(job.command for job in scheduler.JOBS)

    assert sorted(scheduler.queue_due_jobs(now)) == every_job
    # A second scheduler at the same moment, or the same one a little later, queues nothing more.
    assert scheduler.queue_due_jobs(now) == []
    assert scheduler.queue_due_jobs(now + datetime.timedelta(minutes=20)) == []
    assert queued_commands() == every_job

    run_the_worker()
    assert not DBTaskResult.objects.ready().exists()

    a_minute_on = [job.command for job in scheduler.JOBS if job.every <= datetime.timedelta(minutes=1)]
    assert sorted(scheduler.queue_due_jobs(now + datetime.timedelta(minutes=1))) == sorted(a_minute_on)


def test_the_real_worker_publishes_a_review_whose_go_live_time_has_passed(review_index, database_queue):
    review = CSPRPageFactory(parent=review_index, published=False, title="Harry")
    review.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = review.save_revision()
    revision.publish()
    passed = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = passed.isoformat()
    revision.approved_go_live_at = passed
    revision.save()

    call_command("run_scheduler", "--once", stdout=open(os.devnull, "w"))
    assert not CSPRPage.objects.get(pk=review.pk).live

    run_the_worker()

    assert CSPRPage.objects.get(pk=review.pk).live
    done = DBTaskResult.objects.get(args_kwargs__args=["publish_on_schedule"])
    assert done.status == TaskResultStatus.SUCCESSFUL


def test_a_job_that_fails_is_logged_with_its_traceback_and_queued_again_next_interval(
    db, database_queue, monkeypatch, caplog
):
    def broken(self, *args, **options):
        raise RuntimeError("the database went away half-way")

    monkeypatch.setattr(PublishOnSchedule, "handle", broken)
    now = timezone.now()
    scheduler.queue_due_jobs(now)

    with caplog.at_level(logging.ERROR, logger="cspr_site"):
        run_the_worker()

    failed = DBTaskResult.objects.get(args_kwargs__args=["publish_on_schedule"])
    assert failed.status == TaskResultStatus.FAILED
    assert "the database went away half-way" in failed.traceback
    logged = [record for record in caplog.records if "publish_on_schedule failed" in record.getMessage()]
    assert logged and "the database went away half-way" in caplog.text
    assert "publish_on_schedule" in scheduler.queue_due_jobs(now + datetime.timedelta(minutes=1))


def test_a_job_still_waiting_for_the_worker_is_not_queued_twice(db, database_queue):
    now = timezone.now()
    scheduler.queue_due_jobs(now)

    an_hour_on = scheduler.queue_due_jobs(now + datetime.timedelta(hours=1))

    assert an_hour_on == []
    assert len(queued_commands()) == len(scheduler.JOBS)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="starts its own site on a SQLite file; the same code runs on PostgreSQL in the other tests",
)
def test_make_runs_procfile_starts_the_site_its_worker_and_its_scheduler_and_ctrl_c_stops_all(
    transactional_db, django_db_serialized_rollback, tmp_path
):
    """What `make run` starts: the web server answers, the worker and scheduler run, one Ctrl-C ends all."""
    database = tmp_path / "db.sqlite3"
    # A copy of the test database, already migrated, for the processes to share.
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspr_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    honcho = subprocess.Popen(
        [str(Path(sys.executable).parent / "honcho"), "start", "--procfile", "Procfile"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as answer:
                    assert answer.status == 200
                    break
            except OSError:
                assert honcho.poll() is None, honcho.stdout.read()
                assert time.monotonic() < deadline, "the web server did not answer within a minute"
                time.sleep(0.5)
        # The scheduler queues its first jobs at once and the worker runs them.
        deadline = time.monotonic() + 60
        while not _all_first_jobs_done(database):
            assert time.monotonic() < deadline, "the worker did not run the scheduler's first jobs"
            time.sleep(0.5)
    finally:
        # Ctrl-C at the terminal reaches the whole process group.
        os.killpg(honcho.pid, signal.SIGINT)
        output, _ = honcho.communicate(timeout=30)
    assert honcho.returncode is not None
    for name in ("web", "worker", "scheduler"):
        assert f"{name}.1 stopped" in output, output
    leftover = subprocess.run(["pgrep", "-f", f"127.0.0.1:{port}"], capture_output=True, text=True)
    assert leftover.stdout == "", "a process outlived Ctrl-C"


def _all_first_jobs_done(database):
    with sqlite3.connect(database) as connection:
        rows = connection.execute("SELECT status FROM django_tasks_database_dbtaskresult").fetchall()
    return len(rows) >= len(scheduler.JOBS) and all(status in ("SUCCESSFUL", "FAILED") for (status,) in rows)


def test_every_periodic_job_is_a_command_an_operator_can_also_run_by_hand():
    from django.core.management import get_commands

    commands = get_commands()
    assert {job.command for job in scheduler.JOBS} >= {"publish_on_schedule", "check_publication_windows"}
    for job in scheduler.JOBS:
        assert job.command in commands, job.command
