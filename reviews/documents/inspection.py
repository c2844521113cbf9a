"""One inspection of each uploaded PDF, read in a separate process, that every part of the site uses.

The upload form (is it a PDF the check can read whole?), the "PDF, 48 pages" facts, the
accessibility report and the decision to check a file at once or in the background all read the
same inspection: page count, tagged, title, language. It is taken once per file (kept for the
request that uploads it, by the file's digest) and recorded in `PdfDetails`.
"""

import hashlib
import logging
import threading
from collections import OrderedDict

from reviews.documents import disclosure, untrusted
from reviews.documents.models import PdfDetails

logger = logging.getLogger(__name__)

# Inside the upload request, well within the server's 30-second timeout; reading a 400-page
# report's structure takes well under a second.
LIMITS = untrusted.Limits(
    cpu_seconds=4, memory_bytes=512 * untrusted.MEGABYTE, output_bytes=untrusted.MEGABYTE, wall=8
)
REMEMBERED = 8  # the upload form and the save that follows it read the same file

_remembered = OrderedDict()
_lock = threading.Lock()


def inspect(data):
    """The file's `disclosure.Inspection`, or DisclosureCheckError saying why the check cannot read it.

    A limit reached in the reading process is such a refusal too, naming the limit.
    """
    digest = hashlib.sha256(data).hexdigest()
    with _lock:
        if digest in _remembered:
            _remembered.move_to_end(digest)
            return _answer(_remembered[digest])
    try:
        outcome = untrusted.run(disclosure.inspection_job, data, limits=LIMITS)
    except untrusted.LimitReached as limit:
        outcome = {"unreadable": "limit", "message": f"It could not be read: {limit}."}
    except untrusted.ReaderFailed as failure:
        outcome = {"unreadable": "failed", "message": f"It could not be read: {failure}."}
    with _lock:
        _remembered[digest] = outcome
        while len(_remembered) > REMEMBERED:
            _remembered.popitem(last=False)
    return _answer(outcome)


def _answer(outcome):
    if "unreadable" in outcome:
        raise disclosure.DisclosureCheckError(outcome["message"], outcome["unreadable"])
    return disclosure.Inspection(**outcome["inspection"])


def read(document):
    """The document's file as bytes."""
    with document.open_file() as file:
        return file.read()


def record(document, found=None):
    """Keep the inspection of the document's file in `PdfDetails` (forgotten when it is not readable).

    `found` is an inspection already taken (by the whole check) of the same file.
    """
    if found is None:
        try:
            found = inspect(read(document))
        except disclosure.DisclosureCheckError as unreadable:
            logger.info("Document %s is not a readable PDF: %s", document.pk, unreadable)
            PdfDetails.objects.filter(document=document).delete()
            return None
        except Exception:
            # Storage can fail too; that may not stop the document being saved.
            logger.warning("Could not read document %s", document.pk, exc_info=True)
            PdfDetails.objects.filter(document=document).delete()
            return None
    PdfDetails.objects.update_or_create(
        document=document,
        defaults={
            "page_count": found.page_count,
            "is_tagged": found.is_tagged,
            "title": found.title[:255],
            "language": found.language[:35],
        },
    )
    return found
