"""The real worker sends what a publication queued, and the scheduler runs the alerts' jobs."""

import pytest
from django_tasks_db.models import DBTaskResult

from cspr_site import scheduler
from learning.alerts.models import Subscriber
from tests.cspr_site.test_background_work import database_queue, run_the_worker  # noqa: F401
from tests.learning.factories import SubscriberFactory
from tests.reviews.factories import CSPRPageFactory

pytestmark = pytest.mark.django_db


def test_a_publication_queues_its_alerts_and_the_real_worker_sends_them(
    review_index,
    smtp_server,
    database_queue,  # noqa: F811
):
    subscriber = SubscriberFactory()

    CSPRPageFactory(parent=review_index, title="Baby F")

    assert smtp_server.messages == []  # nothing is sent inside the request that published
    assert DBTaskResult.objects.ready().filter(task_path="learning.alerts.tasks.deliver_alerts").exists()
    run_the_worker()
    assert [message["Subject"] for message in smtp_server.to(subscriber.email)] == [
        "Child Safeguarding Practice Review: Baby F"
    ]


def test_a_sign_up_is_answered_at_once_and_its_confirmation_sent_by_the_worker(
    client,
    review_index,
    smtp_server,
    database_queue,  # noqa: F811
):
    from tests.learning.alerts.conftest import SIGN_UP, sign_up_data

    assert client.post(SIGN_UP, sign_up_data()).status_code == 302
    assert smtp_server.messages == []

    run_the_worker()

    assert [message["Subject"] for message in smtp_server.messages] == ["Confirm your e-mail alerts"]
    assert Subscriber.objects.get().confirmed_at is None


def test_the_scheduler_runs_sending_the_digest_and_the_clean_up():
    jobs = {job.command: job.every.total_seconds() for job in scheduler.JOBS}

    assert jobs["send_alerts"] == 60
    assert jobs["send_alert_digests"] == 3600
    assert jobs["clean_up_alerts"] == 3600
