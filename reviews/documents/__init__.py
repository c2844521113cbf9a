"""Documents: reports and other PDFs attached to reviews, checked on upload and described to readers."""
