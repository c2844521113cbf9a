"""Administrators hear about takedown decisions in time: a daily email and a dashboard panel."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cspr_site import scheduler
from reviews.models import CSPRPage, PublicationReminder, SCRPage
from reviews.window import rules
from tests.reviews.factories import CSPRPageFactory, SCRPageFactory

pytestmark = pytest.mark.django_db


def days_from_now(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def due_pages(review_index):
    """One window ending in about five days, one takedown in ten days, and two pages far from either."""
    ending = CSPRPageFactory(parent=review_index, title="Young Person A")
    CSPRPage.objects.filter(pk=ending.pk).update(live_since=days_from_now(-360))
    scheduled = SCRPageFactory(parent=review_index, title="Child WR")
    SCRPage.objects.filter(pk=scheduled.pk).update(
        live_since=days_from_now(-400), expire_at=days_from_now(10)
    )
    CSPRPageFactory(parent=review_index, title="Baby F")  # its year has only just started
    far_takedown = SCRPageFactory(parent=review_index, title="Harry")
    SCRPage.objects.filter(pk=far_takedown.pk).update(
        live_since=days_from_now(-800), expire_at=days_from_now(60)
    )
    return CSPRPage.objects.get(pk=ending.pk), SCRPage.objects.get(pk=scheduled.pk)


@pytest.fixture
def recipients(administrator_user, superuser, django_user_model, editor_user):
    """Who gets the reminder: administrators and superusers with an address, and nobody else."""
    for username, email, active in [("no-address", "", True), ("former", "former@example.org", False)]:
        user = django_user_model.objects.create_user(username=username, email=email, is_active=active)
        user.groups.add(*administrator_user.groups.all())
    return {administrator_user.email, superuser.email}


def send_reminders():
    output = StringIO()
    call_command("send_publication_reminders", stdout=output, stderr=output)
    return output.getvalue()


def test_the_reminder_lists_windows_ending_and_takedowns_due_in_the_next_30_days(
    due_pages, recipients, mailoutbox
):
    ending, scheduled = due_pages

    send_reminders()

    assert {tuple(message.to) for message in mailoutbox} == {(email,) for email in recipients}
    message = mailoutbox[0]
    assert (
        message.subject == "Reviews in the next 30 days: 1 publication window ending and 1 takedown scheduled"
    )
    window_end = rules.format_moment(ending.earliest_takedown)
    takedown = rules.format_moment(scheduled.expire_at)
    expected_line = f"- “Young Person A” (Child Safeguarding Practice Review): window ends {window_end}."
    assert f"{expected_line} No takedown date set." in message.body
    assert f"- “Child WR” (Serious Case Review): taken down {takedown}." in message.body
    assert f"http://testserver/admin/pages/{ending.pk}/edit/" in message.body
    assert "http://testserver/admin/reports/publication-windows/" in message.body
    assert "Baby F" not in message.body
    assert "Harry" not in message.body


def test_running_the_reminder_twice_in_a_day_sends_nothing_new(due_pages, recipients, mailoutbox):
    send_reminders()
    sent = len(mailoutbox)

    output = send_reminders()

    assert len(mailoutbox) == sent == len(recipients)
    assert "already been sent" in output
    assert PublicationReminder.objects.get().sent_on == timezone.localdate()


def test_the_next_day_the_reminder_goes_out_again(due_pages, recipients, mailoutbox):
    send_reminders()
    PublicationReminder.objects.update(sent_on=timezone.localdate() - datetime.timedelta(days=1))

    send_reminders()

    assert len(mailoutbox) == 2 * len(recipients)


def test_no_email_goes_out_when_nothing_is_due(review_index, recipients, mailoutbox):
    CSPRPageFactory(parent=review_index)

    output = send_reminders()

    assert mailoutbox == []
    assert not PublicationReminder.objects.exists()
    assert "no reminder sent" in output


def test_a_failed_send_is_not_recorded_so_the_next_run_tries_again(
    due_pages, recipients, mailoutbox, settings
):
    settings.EMAIL_BACKEND = "tests.reviews.test_reminders.FailingEmailBackend"

    with pytest.raises(OSError):
        send_reminders()

    assert not PublicationReminder.objects.exists()


class FailingEmailBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise OSError("the mail server is unreachable")

    def close(self):
        pass

    def send_messages(self, messages):
        self.open()


def test_the_scheduler_runs_the_reminder():
    assert "send_publication_reminders" in {job.command for job in scheduler.JOBS}


# --- dashboard ------------------------------------------------------------------------------------


def test_administrators_see_the_takedown_decisions_due_on_their_dashboard(
    due_pages, administrator_user, client_for
):
    html = client_for(administrator_user).get("/admin/").content.decode()

    assert "Takedown decisions in the next 30 days" in html
    panel = html[html.index("Takedown decisions in the next 30 days") :]
    panel = panel[: panel.index("</section>")]  # this panel only, not the ones after it
    assert "Young Person A" in panel and "Child WR" in panel
    assert "Harry" not in panel


@pytest.mark.parametrize("role", ["editor_user", "moderator_user"])
def test_editors_and_moderators_do_not_get_the_takedown_panel(due_pages, client_for, request, role):
    html = client_for(request.getfixturevalue(role)).get("/admin/").content.decode()

    assert "Takedown decisions" not in html
