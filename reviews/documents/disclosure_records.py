"""The disclosure check in the site: when a document is checked, what is kept, and what it refuses.

A document is checked when its file is uploaded or replaced (at once, inside the upload, when it
has up to `INLINE_PAGE_LIMIT` pages; otherwise by a background task queued as the upload is saved,
with `run_disclosure_checks` as the sweep for anything missed or interrupted), and again before a
page linking it is approved or goes live: a new file is checked, and its text is matched against
the names listed since. While a blocking finding is unresolved, the check has not finished, or
the file could not be checked, the page can be neither approved nor published.

Every reading of the file happens in a separate process inside limits (`untrusted`). Each file is
checked on its own: whatever goes wrong with one (a limit, a reader's error, storage) marks that
file "could not be checked", with the reason, and never stops the others or the upload.
"""

import datetime
import hashlib
import logging
from pathlib import PurePath
from types import SimpleNamespace

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from wagtail.documents import get_document_model
from wagtail.log_actions import log

from reviews.documents import disclosure, inspection, untrusted
from reviews.documents.models import DisclosureCheck, DisclosureFinding, PdfDetails, ProtectedName
from reviews.window import queries

logger = logging.getLogger(__name__)

# A report of up to this many pages is checked while the uploader waits: a dense page takes about
# 0.1 s, so 60 pages take a few seconds (bench/disclosure.py, docs/disclosure-check.md).
INLINE_PAGE_LIMIT = 60
# What one check may use. The processor time covers a dense 400-page report on a busy machine.
CHECK_LIMITS = untrusted.Limits(
    cpu_seconds=240, memory_bytes=1536 * untrusted.MEGABYTE, output_bytes=400 * untrusted.MEGABYTE
)
# A check inside the upload request stops well within the server's 30-second timeout; a file
# that needs longer is left to the background worker with the limits above.
INLINE_CHECK_LIMITS = untrusted.Limits(
    cpu_seconds=10, memory_bytes=CHECK_LIMITS.memory_bytes, output_bytes=CHECK_LIMITS.output_bytes, wall=15
)
NAMES_LIMITS = untrusted.Limits(
    cpu_seconds=60, memory_bytes=512 * untrusted.MEGABYTE, output_bytes=untrusted.MEGABYTE
)
# A file waiting longer than this shows on the administrators' dashboard.
WAITING_TOO_LONG = datetime.timedelta(minutes=10)
# A worker that took a file this long ago has stopped (every limit has passed): another may take it.
ABANDONED = datetime.timedelta(seconds=CHECK_LIMITS.wall_seconds + 60)
ACCEPTED_ACTION = "reviews.disclosure.accepted"
NAME_ADDED_ACTION = "reviews.disclosure.name_added"
NAME_REMOVED_ACTION = "reviews.disclosure.name_removed"

KIND_LABELS = {
    disclosure.COVERED: "text under a box",
    disclosure.UNAPPLIED_REDACTION: "a redaction never applied",
    disclosure.INVISIBLE: "invisible text",
    disclosure.EARLIER_VERSION: "an earlier version with removed text",
    disclosure.PROTECTED_NAME: "a listed name or term",
}


def _pages_linking(document):
    """Window pages (drafts included) that attach this document."""
    pages = []
    for model in queries.window_page_models():
        for name in queries.document_field_names(model):
            pages.extend(model.objects.filter(**{f"{name}_id": document.pk}))
    return pages


def name_owners(page):
    """The pages whose listed names apply to this one: itself and, for a Learning on a Page, its review."""
    return {pk for pk in (page.pk, getattr(page, "review_id", None)) if pk}


def listed_terms(document, pages=()):
    """The names listed for every review using this document (and for these pages), by id."""
    owners = set()
    for page in [*_pages_linking(document), *pages]:
        owners |= name_owners(page)
    return dict(ProtectedName.objects.filter(page_id__in=owners).values_list("pk", "hashes"))


def listed_terms_for(page):
    """The names listed for this page (and, for a Learning on a Page, its review), by id."""
    return dict(ProtectedName.objects.filter(page_id__in=name_owners(page)).values_list("pk", "hashes"))


def _digest(terms):
    return hashlib.sha256(",".join(str(key) for key in sorted(terms)).encode()).hexdigest()


def request_check(document):
    """Start checking a document's new file: at once when it is short, otherwise in the background."""
    if not document.file:
        DisclosureCheck.objects.filter(document=document).delete()
        return None
    # Findings, acceptances and the cleaned copy belong to the file they were made from.
    DisclosureFinding.objects.filter(disclosure_check__document=document).delete()
    for old in DisclosureCheck.objects.filter(document=document).exclude(cleaned_file=""):
        old.cleaned_file.delete(save=False)
    check, _created = DisclosureCheck.objects.update_or_create(
        document=document,
        defaults={
            "file_name": document.file.name,
            "status": DisclosureCheck.Status.CHECKING,
            "requested_at": timezone.now(),
            "started_at": None,
            "checked_at": None,
            "problem": "",
            "removed": [],
            "names_checked": "",
            "cleaned_file": "",
        },
    )
    # The inspection was recorded as the file was saved; a file it could not read is checked at
    # once, which says why.
    details = PdfDetails.objects.filter(document=document).first()
    if details is None or details.page_count <= INLINE_PAGE_LIMIT:
        check = run_check(document, in_request=True)
        if check.status != DisclosureCheck.Status.CHECKING:
            return check
    # Queued once the upload is committed, so the worker finds the file it is asked to check.
    document_id = document.pk
    transaction.on_commit(lambda: _enqueue_check(document_id))
    return check


def _enqueue_check(document_id):
    try:
        check_document.enqueue(document_id)
    except Exception:
        # The sweep (`run_disclosure_checks`, every minute) finds the file waiting all the same.
        logger.warning("Could not queue the disclosure check of document %s", document_id, exc_info=True)


@task(backend=settings.BACKGROUND_TASKS)
def check_document(document_id):
    """Check one uploaded file waiting for its check, in the background; what became of it, in words.

    Another worker (or the sweep, `run_disclosure_checks`) may have taken it already; a file
    replaced or deleted since it was queued has nothing left to check.
    """
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return "deleted"
    check = check_waiting(document)
    return check.get_status_display() if check else "not waiting"


def check_waiting(document):
    """Check a document waiting for its check, unless another worker has taken it; the check, or None.

    Taking it is one conditional update, so the task queued at upload and the sweep never check
    the same file twice; a worker that stopped mid-check leaves it to be taken again later.
    """
    now = timezone.now()
    taken = (
        DisclosureCheck.objects.filter(document=document, status=DisclosureCheck.Status.CHECKING)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - ABANDONED))
        .update(started_at=now)
    )
    if not taken:
        return None
    return run_check(document)


def run_check(document, pages=(), in_request=False):
    """Check the document's file now and keep the findings, carrying over those accepted before.

    Never raises: whatever stops the check is kept as the reason this file could not be checked.
    Inside a request a file that needs more time than a request may take is left waiting, for the
    background worker to check with its longer limits.
    """
    limits = INLINE_CHECK_LIMITS if in_request else CHECK_LIMITS
    check, _created = DisclosureCheck.objects.get_or_create(
        document=document, defaults={"file_name": document.file.name, "requested_at": timezone.now()}
    )
    try:
        terms = listed_terms(document, pages)
        outcome = untrusted.run(
            disclosure.check_job,
            inspection.read(document),
            terms,
            disclosure.name_key(),
            limits=limits,
        )
        if "unreadable" in outcome:
            return _not_checked(check, document, DisclosureCheck.Status.UNREADABLE, outcome["message"])
        with transaction.atomic():
            _replace_findings(check, [disclosure.Finding(**finding) for finding in outcome["findings"]])
            if check.cleaned_file:
                check.cleaned_file.delete(save=False)
            # Always a rebuilt copy, even when nothing was removed: never the uploaded bytes.
            check.cleaned_file.save(
                PurePath(document.file.name).name, ContentFile(outcome["cleaned"]), save=False
            )
            check.file_name = document.file.name
            check.status = DisclosureCheck.Status.CHECKED
            check.checked_at = timezone.now()
            check.problem = ""
            check.removed = outcome["removed"]
            check.names_checked = _digest(terms)
            check.save()
            inspection.record(document, disclosure.Inspection(**outcome["inspection"]))
        return check
    except untrusted.LimitReached as stopped:
        if in_request and stopped.limit in ("cpu", "time"):
            logger.info(
                "Document %s takes longer to check than an upload waits: left to the worker", document.pk
            )
            return check
        logger.warning("Disclosure check of document %s stopped: %s", document.pk, stopped)
        return _not_checked(check, document, DisclosureCheck.Status.FAILED, f"{stopped}")
    except untrusted.ReaderFailed as stopped:
        logger.warning("Disclosure check of document %s stopped: %s", document.pk, stopped)
        return _not_checked(check, document, DisclosureCheck.Status.FAILED, f"{stopped}")
    except Exception as error:
        logger.exception("Disclosure check of document %s failed", document.pk)
        reason = f"the check met an unexpected error ({type(error).__name__}); the administrators' log has it"
        return _not_checked(check, document, DisclosureCheck.Status.FAILED, reason)


def _not_checked(check, document, status, reason):
    """Keep why this file could not be checked: blocking, and shown in the panel."""
    try:
        with transaction.atomic():
            check.findings.all().delete()
            check.file_name = document.file.name
            check.status = status
            check.problem = reason[:500]
            check.checked_at = timezone.now()
            check.save()
    except Exception:
        logger.exception("Could not record that document %s could not be checked", document.pk)
    return check


def _replace_findings(check, findings, kinds=None):
    """Store these findings instead of the old ones (of these kinds), keeping acceptances that apply."""
    old = check.findings.all()
    if kinds is not None:
        old = old.filter(kind__in=kinds)
    accepted = {finding.fingerprint: finding for finding in old if finding.is_accepted}
    old.delete()
    for finding in findings:
        previous = accepted.get(finding.fingerprint)
        DisclosureFinding.objects.create(
            disclosure_check=check,
            kind=finding.kind,
            page_number=finding.page,
            detail=finding.detail,
            excerpt=finding.excerpt,
            fingerprint=finding.fingerprint,
            accepted_by=previous.accepted_by if previous else None,
            accepted_at=previous.accepted_at if previous else None,
            accepted_reason=previous.accepted_reason if previous else "",
        )


def _check_names_again(document, check, terms):
    """The listed names changed since the text was read: match it again (fast: text only).

    In both the file and the copy the public downloads, which shows form fields' values too.
    """
    try:
        data = inspection.read(document)
        with check.cleaned_file.open("rb") as cleaned:
            public = cleaned.read()
        outcome = untrusted.run(
            disclosure.names_job, data, public, terms, disclosure.name_key(), limits=NAMES_LIMITS
        )
        if "unreadable" in outcome:
            raise disclosure.DisclosureCheckError(outcome["message"], outcome["unreadable"])
    except Exception as error:
        logger.warning("Could not match the listed names again in document %s", document.pk, exc_info=True)
        _not_checked(
            check,
            document,
            DisclosureCheck.Status.FAILED,
            f"the listed names could not be matched again: {error}",
        )
        return
    with transaction.atomic():
        findings = [disclosure.Finding(**finding) for finding in outcome["findings"]]
        _replace_findings(check, findings, kinds=[disclosure.PROTECTED_NAME])
        check.names_checked = _digest(terms)
        check.save(update_fields=["names_checked"])


def current_check(document, pages=()):
    """The check of the document's present file against the names listed now, checking again if needed."""
    check = DisclosureCheck.objects.filter(document=document).first()
    if check is None or not check.is_current(document):
        return request_check(document)
    if check.status == DisclosureCheck.Status.CHECKED:
        terms = listed_terms(document, pages)
        if check.names_checked != _digest(terms):
            _check_names_again(document, check, terms)
    return check


def _documents_of(page):
    if not queries.is_window_model(type(page)):
        return []
    documents = (getattr(page, name) for name in queries.document_field_names(type(page)))
    return [document for document in documents if document is not None and document.file]


def describe_findings(findings):
    """ "text under a box on page 2; a listed name or term on pages 3 and 5" (never the hidden words)."""
    pages_by_kind = {}
    for finding in findings:
        pages_by_kind.setdefault(finding.kind, []).append(finding.page_number)
    parts = []
    for kind, numbers in pages_by_kind.items():
        numbers = sorted({number for number in numbers if number})
        if not numbers:
            parts.append(KIND_LABELS.get(kind, kind))
            continue
        listed = ", ".join(str(number) for number in numbers[:-1])
        where = f"pages {listed} and {numbers[-1]}" if listed else f"page {numbers[0]}"
        parts.append(f"{KIND_LABELS.get(kind, kind)} on {where}")
    return "; ".join(parts)


def waiting_for(check, now=None):
    """How long a file has waited for its check, in words: "4 minutes"."""
    since = check.requested_at or check.started_at
    if since is None:
        return ""
    minutes = int(((now or timezone.now()) - since).total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 120:
        return f"{minutes} minute{'' if minutes == 1 else 's'}"
    return f"{minutes // 60} hours"


def checks_needing_attention(now=None):
    """Files waiting longer than `WAITING_TOO_LONG` for their check, and files that could not be checked."""
    waited_too_long = (now or timezone.now()) - WAITING_TOO_LONG
    return (
        DisclosureCheck.objects.filter(
            Q(status=DisclosureCheck.Status.CHECKING, requested_at__lt=waited_too_long)
            | Q(status=DisclosureCheck.Status.FAILED)
        )
        .select_related("document")
        .order_by("requested_at", "pk")
    )


def document_problem(document, page):
    """What stops this document going live on this page, in words, or None."""
    check = current_check(document, pages=[page])
    if check is None:
        return None
    if check.status == DisclosureCheck.Status.CHECKING:
        waited = waiting_for(check)
        return f"“{document.title}” is still being checked (Checking…, waiting for {waited or 'a moment'})"
    if check.status == DisclosureCheck.Status.UNREADABLE:
        return f"“{document.title}” could not be read to check it: {check.problem or 'it is not a PDF'}"
    if check.status == DisclosureCheck.Status.FAILED:
        return f"“{document.title}” could not be checked: {check.problem}"
    blocking = [finding for finding in check.findings.all() if not finding.is_accepted]
    if blocking:
        return f"“{document.title}” has {describe_findings(blocking)}"
    return None


def refusal_message(problems):
    return (
        "The disclosure check stops this page going live: "
        + "; ".join(problems)
        + ". Upload a corrected file, or a partnership administrator can accept a finding with a "
        "reason in the “Disclosure check” panel."
    )


def going_live_refusal(page):
    """Why this version of the page may not be approved or published yet, or None."""
    problems = [document_problem(document, page) for document in _documents_of(page)]
    problems = [problem for problem in problems if problem]
    return refusal_message(problems) if problems else None


def upload_refusal(upload, page):
    """Why this uploaded file may not replace a published one at once (the correction), or None."""
    upload.seek(0)
    try:
        terms = dict(ProtectedName.objects.filter(page_id__in=name_owners(page)).values_list("pk", "hashes"))
        outcome = untrusted.run(
            disclosure.check_job, upload.read(), terms, disclosure.name_key(), limits=INLINE_CHECK_LIMITS
        )
    except (untrusted.LimitReached, untrusted.ReaderFailed) as stopped:
        return (
            f"The file could not be checked for hidden text: {stopped}. Correct the file and upload it again."
        )
    finally:
        upload.seek(0)
    if "unreadable" in outcome:
        return (
            f"The file could not be read to check it for hidden text. {outcome['message']} "
            "Upload it again as a PDF."
        )
    findings = [disclosure.Finding(**finding) for finding in outcome["findings"]]
    if not findings:
        return None
    return (
        f"The disclosure check found {describe_findings(_as_rows(findings))}. The public could recover "
        "what is hidden; correct the file and upload it again."
    )


def _as_rows(findings):
    return [SimpleNamespace(kind=finding.kind, page_number=finding.page) for finding in findings]


def accept_finding(finding, page, user, reason):
    """A partnership administrator accepts one finding with a written reason, kept in the page's history."""
    finding.accepted_by = user
    finding.accepted_at = timezone.now()
    finding.accepted_reason = reason
    finding.save(update_fields=["accepted_by", "accepted_at", "accepted_reason"])
    log(
        instance=page,
        action=ACCEPTED_ACTION,
        user=user,
        data={
            "document": finding.disclosure_check.document_id,
            "finding": KIND_LABELS.get(finding.kind, finding.kind),
            "page_number": finding.page_number,
            "reason": reason,
        },
    )


def add_protected_name(page, term, user):
    """Keep a name or term that must not appear as keyed hashes only; the history says one was added."""
    hashes = disclosure.term_hashes(term)
    if not hashes:
        return None
    name = ProtectedName.objects.create(
        page=page, hashes=hashes, word_count=len(disclosure.normalised_words(term)), added_by=user
    )
    log(instance=page, action=NAME_ADDED_ACTION, user=user, data={"protected_name": name.pk})
    return name


def remove_protected_name(name, page, user):
    log(instance=page, action=NAME_REMOVED_ACTION, user=user, data={"protected_name": name.pk})
    name.delete()


def checks_for_page(page):
    """Each attached document with its check, for the editor panel (nothing is checked again here)."""
    rows = []
    for document in _documents_of(page):
        check = DisclosureCheck.objects.filter(document=document).first()
        current = check is not None and check.is_current(document)
        rows.append((document, check if current else None))
    return rows
