"""The disclosure queue never sticks: each file is checked on its own, inside limits, and says how it stands.

A file whose check fails, for a limit or anything unexpected, is marked "could not be checked"
with the reason and blocks its page, and the others are checked all the same; an upload never
answers 500; a long file is queued for the worker as it is uploaded; the panel says when the
check last ran and how long a file has waited; administrators see a file waiting too long.
"""

import datetime
import io
from io import StringIO

import pikepdf
import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from reviews.documents import disclosure_records, untrusted
from reviews.documents.models import DisclosureCheck
from reviews.models import CSPRPage
from tests.cspr_site.test_background_work import database_queue, run_the_worker  # noqa: F401 (a fixture)
from tests.reviews import disclosure_corpus as corpus
from tests.reviews.factories import CSPRPageFactory
from tests.reviews.test_disclosure_publishing import (
    panel_of,
    publish_from_the_editor,
    refusal_beside,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_files(monkeypatch):
    """Files over two pages wait for the background, so short test files can stand for long reports."""
    monkeypatch.setattr(disclosure_records, "INLINE_PAGE_LIMIT", 2)


def review_of(review_index, report, title):
    return CSPRPageFactory(parent=review_index, published=False, report=report, title=title)


def status_of(document):
    return DisclosureCheck.objects.get(document=document).status


def annotation_without_a_place():
    """A one-page PDF with an annotation that lacks its /Rect, which once stopped the whole queue."""

    def add(pdf):
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Contents="Check")]
            )
        )

    with pikepdf.open(io.BytesIO(corpus.table_with_black_header_cells())) as pdf:
        add(pdf)
        output = io.BytesIO()
        pdf.save(output)
    return output.getvalue()


def test_a_pdf_with_an_annotation_lacking_its_place_uploads_and_is_checked(admin_client, review_index):
    report = upload(admin_client, "no-rect", annotation_without_a_place())
    review = review_of(review_index, report, "Child R")

    panel = panel_of(admin_client, review)

    assert status_of(report) == DisclosureCheck.Status.CHECKED
    assert "Nothing hidden was found in 1 page" in panel
    assert "1 comment or other annotation" in panel


def test_a_file_whose_check_fails_is_marked_with_the_reason_and_the_others_are_still_checked(
    admin_client, review_index, long_files
):
    first = upload(admin_client, "first", corpus.long_report(pages=3), title="First report")
    broken = upload(admin_client, "broken", corpus.long_report(pages=3), title="Broken report")
    last = upload(admin_client, "last", corpus.long_report(pages=3), title="Last report")
    broken.file.storage.delete(broken.file.name)  # the storage lost the file: the check cannot read it
    review = review_of(review_index, broken, "Child B")
    output = StringIO()

    call_command("run_disclosure_checks", stdout=output)

    assert status_of(first) == status_of(last) == DisclosureCheck.Status.CHECKED
    check = DisclosureCheck.objects.get(document=broken)
    assert check.status == DisclosureCheck.Status.FAILED
    assert "unexpected error (FileNotFoundError)" in check.problem
    assert "Broken report" in output.getvalue() and "Could not be checked" in output.getvalue()
    assert "Could not be checked:</strong> the check met an unexpected error" in panel_of(
        admin_client, review
    )
    refusal = refusal_beside(publish_from_the_editor(admin_client, review), "report")
    assert "“Broken report” could not be checked: the check met an unexpected error" in refusal
    assert not CSPRPage.objects.get(pk=review.pk).live


def limited(monkeypatch, name="CHECK_LIMITS", **limits):
    """The check (in the background, or with `name` inside the upload), with these of its limits lowered."""
    defaults = getattr(disclosure_records, name)
    monkeypatch.setattr(
        disclosure_records,
        name,
        untrusted.Limits(
            cpu_seconds=limits.get("cpu_seconds", defaults.cpu_seconds),
            memory_bytes=limits.get("memory_bytes", defaults.memory_bytes),
            output_bytes=limits.get("output_bytes", defaults.output_bytes),
            wall=defaults.wall,
        ),
    )


@pytest.mark.parametrize(
    ("limits", "pages", "reason"),
    [
        ({"cpu_seconds": 1}, 150, "reading it took more than the limit of 1 second of processor time"),
        ({"memory_bytes": 4 * untrusted.MEGABYTE}, 3, "reading it needed more than the memory limit of 4 MB"),
        ({"output_bytes": 2048}, 3, "reading it gave more than the output limit of 2 KB"),
    ],
    ids=["processor time", "memory", "output"],
)
def test_a_check_that_reaches_a_limit_is_a_clear_refusal_naming_it(
    admin_client, review_index, monkeypatch, long_files, limits, pages, reason
):
    report = upload(admin_client, "heavy", corpus.long_report(pages=pages))
    review = review_of(review_index, report, "Child L")
    limited(monkeypatch, **limits)

    call_command("run_disclosure_checks", stdout=StringIO())
    check = DisclosureCheck.objects.get(document=report)
    refusal = refusal_beside(publish_from_the_editor(admin_client, review), "report")

    assert check.status == DisclosureCheck.Status.FAILED
    assert check.problem == reason
    assert f"could not be checked: {reason}" in refusal
    assert not CSPRPage.objects.get(pk=review.pk).live


def test_an_upload_whose_check_reaches_a_limit_still_answers_and_says_why(
    admin_client, review_index, monkeypatch
):
    limited(monkeypatch, "INLINE_CHECK_LIMITS", output_bytes=1024)

    report = upload(admin_client, "short", corpus.long_report(pages=3))

    panel = panel_of(admin_client, review_of(review_index, report, "Child S"))
    assert "Could not be checked:</strong> reading it gave more than the output limit of 1 KB" in panel


def test_a_file_that_needs_longer_than_an_upload_may_wait_is_left_to_the_worker(
    admin_client, review_index, monkeypatch, django_capture_on_commit_callbacks
):
    limited(monkeypatch, "INLINE_CHECK_LIMITS", cpu_seconds=1)
    monkeypatch.setattr(disclosure_records, "INLINE_PAGE_LIMIT", 150)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        report = upload(admin_client, "dense", corpus.long_report(pages=150))

    assert status_of(report) == DisclosureCheck.Status.CHECKING
    assert queued, "the file was not queued for the worker"
    call_command("run_disclosure_checks", stdout=StringIO())
    assert status_of(report) == DisclosureCheck.Status.CHECKED


def test_a_long_file_is_queued_as_it_is_uploaded_and_checked_without_the_sweep(
    admin_client, review_index, long_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        report = upload(admin_client, "long", corpus.long_report(pages=3))

    assert queued, "the check was not queued when the upload was saved"
    assert status_of(report) == DisclosureCheck.Status.CHECKED


@pytest.mark.usefixtures("database_queue")
def test_the_real_worker_checks_a_long_file_queued_at_upload(admin_client, review_index, long_files):
    report = upload(admin_client, "long", corpus.long_report(pages=3))
    assert status_of(report) == DisclosureCheck.Status.CHECKING
    assert DBTaskResult.objects.ready().filter(task_path__endswith="check_document").exists()

    run_the_worker()

    assert status_of(report) == DisclosureCheck.Status.CHECKED


def test_a_file_another_worker_is_checking_is_left_to_it_until_that_worker_has_plainly_stopped(
    admin_client, long_files
):
    report = upload(admin_client, "long", corpus.long_report(pages=3))
    DisclosureCheck.objects.filter(document=report).update(started_at=timezone.now())

    taken = StringIO()
    call_command("run_disclosure_checks", stdout=taken)
    assert "being checked by another worker" in taken.getvalue()
    assert status_of(report) == DisclosureCheck.Status.CHECKING

    stopped_long_ago = timezone.now() - disclosure_records.ABANDONED - datetime.timedelta(minutes=1)
    DisclosureCheck.objects.filter(document=report).update(started_at=stopped_long_ago)
    call_command("run_disclosure_checks", stdout=StringIO())
    assert status_of(report) == DisclosureCheck.Status.CHECKED


def test_the_panel_says_how_long_a_file_has_waited_and_when_the_check_last_ran(
    admin_client, review_index, long_files
):
    report = upload(admin_client, "long", corpus.long_report(pages=3))
    review = review_of(review_index, report, "Child W")
    DisclosureCheck.objects.filter(document=report).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=25)
    )

    waiting = panel_of(admin_client, review)
    refusal = refusal_beside(publish_from_the_editor(admin_client, review), "report")
    call_command("run_disclosure_checks", stdout=StringIO())
    checked = panel_of(admin_client, review)

    assert "Checking… This file has been waiting for the check for 25 minutes." in waiting
    assert "is still being checked (Checking…, waiting for 25 minutes)" in refusal
    ran = DisclosureCheck.objects.get(document=report).checked_at
    local = timezone.localtime(ran)
    assert f"Checked on {local.day} {local:%B %Y} at {local:%H:%M}." in checked


def test_administrators_see_a_file_waiting_more_than_ten_minutes_on_their_dashboard(
    admin_client, administrator_user, editor_user, client_for, long_files
):
    stuck = upload(admin_client, "stuck", corpus.long_report(pages=3), title="Stuck report")
    recent = upload(admin_client, "recent", corpus.long_report(pages=3), title="Recent report")
    DisclosureCheck.objects.filter(document=stuck).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=11)
    )
    DisclosureCheck.objects.filter(document=recent).update(
        requested_at=timezone.now() - datetime.timedelta(minutes=3)
    )

    administrators = client_for(administrator_user).get("/admin/").content.decode()
    editors = client_for(editor_user).get("/admin/").content.decode()

    assert "Disclosure checks needing attention" in administrators
    assert "Stuck report" in administrators and "Waiting for the check for 11 minutes" in administrators
    assert "Recent report" not in administrators
    assert "Disclosure checks needing attention" not in editors
