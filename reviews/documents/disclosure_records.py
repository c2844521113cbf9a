"""The disclosure check in the site: when a document is checked, what is kept, and what it refuses.

A document is checked when its file is uploaded or replaced (at once when it is short, otherwise
by `run_disclosure_checks`), and again before a page linking it is approved or goes live: a new
file is checked, and its text is matched against the names listed since. While a blocking
finding is unresolved, or the check has not finished, the page can be neither approved nor
published.
"""

import hashlib
import logging
from pathlib import PurePath
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from reviews.documents import disclosure
from reviews.documents.models import DisclosureCheck, DisclosureFinding, ProtectedName
from reviews.window import queries

logger = logging.getLogger(__name__)

# Longer files are checked by `run_disclosure_checks`, outside the request: a page of dense text
# takes about a quarter of a second (bench/disclosure.py, docs/disclosure-check.md).
INLINE_PAGE_LIMIT = 5
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


def _read(document):
    with document.open_file() as file:
        return file.read()


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
            "checked_at": None,
            "page_count": None,
            "removed": [],
            "names_checked": "",
            "cleaned_file": "",
        },
    )
    try:
        page_count = disclosure.page_count(_read(document))
    except disclosure.DisclosureCheckError:
        page_count = 0
    if page_count <= INLINE_PAGE_LIMIT:
        return run_check(document)
    return check


def run_check(document, pages=()):
    """Check the document's file now and keep the findings, carrying over those accepted before."""
    check, _created = DisclosureCheck.objects.get_or_create(
        document=document, defaults={"file_name": document.file.name}
    )
    terms = listed_terms(document, pages)
    try:
        data = _read(document)
        result = disclosure.check_pdf(data, terms)
    except disclosure.DisclosureCheckError:
        logger.warning("Disclosure check could not read document %s", document.pk, exc_info=True)
        with transaction.atomic():
            check.findings.all().delete()
            check.file_name = document.file.name
            check.status = DisclosureCheck.Status.UNREADABLE
            check.checked_at = timezone.now()
            check.save()
        return check
    with transaction.atomic():
        _replace_findings(check, result.findings)
        if check.cleaned_file:
            check.cleaned_file.delete(save=False)
        # With nothing to remove the original is what the public gets: no second copy to keep.
        if result.removed:
            check.cleaned_file.save(
                PurePath(document.file.name).name, ContentFile(result.cleaned), save=False
            )
        check.file_name = document.file.name
        check.status = DisclosureCheck.Status.CHECKED
        check.checked_at = timezone.now()
        check.page_count = result.page_count
        check.removed = result.removed
        check.names_checked = _digest(terms)
        check.save()
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
    """The listed names changed since the text was read: match it again (fast: text only)."""
    try:
        texts = disclosure.page_texts(_read(document))
    except disclosure.DisclosureCheckError:
        return
    with transaction.atomic():
        _replace_findings(check, disclosure.name_findings(texts, terms), kinds=[disclosure.PROTECTED_NAME])
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


def document_problem(document, page):
    """What stops this document going live on this page, in words, or None."""
    check = current_check(document, pages=[page])
    if check is None:
        return None
    if check.status == DisclosureCheck.Status.CHECKING:
        return f"“{document.title}” is still being checked (Checking…)"
    if check.status == DisclosureCheck.Status.UNREADABLE:
        return f"“{document.title}” could not be read to check it"
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
        findings = disclosure.check_pdf(upload.read(), terms).findings
    except disclosure.DisclosureCheckError:
        return "The file could not be read to check it for hidden text. Upload it again as a PDF."
    finally:
        upload.seek(0)
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
