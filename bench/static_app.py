"""The physical limit: a WSGI app that returns the saved bytes of the index page, nothing else."""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_STATIC_PAGE"]).read_bytes()
HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
