"""Profile the uncached public pages in process with pyinstrument. Run by hand, never by CI.

    .venv/bin/python bench/profile.py [--reuse] [--requests 40] [--sessions DIR]

It builds the benchmark's database (300 reviews, as bench/run.py does; `--reuse` keeps the
one already there), then in a process with production settings and the page cache off asks
Django's test client for each page: twice to warm up, then `--requests` times under the
profiler. It prints, for each page, the milliseconds a request takes and the frames that cost
most, as shares of the request; `--sessions` also saves each profile for pyinstrument.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

from common import PYTHON, ROOT, Site, recreate_database

PAGES = {
    "simplest page": "/accessibility-statement/",
    "reviews list": "/child-safeguarding-practice-reviews/",
    "a review": "/child-safeguarding-practice-reviews/bench-review-100/",
    "a Learning on a Page": "/child-safeguarding-practice-reviews/bench-review-100-learning/",
    "search results": "/child-safeguarding-practice-reviews/?q=child",
    "filtered list": "/child-safeguarding-practice-reviews/?theme=neglect",
}

INSIDE = """
import json, sys, time
import django
django.setup()
from django.db import connection
from django.test import Client
from pyinstrument import Profiler
from pyinstrument.renderers import ConsoleRenderer

pages, requests, sessions = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
client = Client(HTTP_X_FORWARDED_PROTO="https")
TOP_FRAMES = 40
for name, url in pages.items():
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)):
        client.get(url)
    profiler = Profiler(interval=0.0005)
    started = time.perf_counter()
    profiler.start()
    for _ in range(requests):
        client.get(url)
    profiler.stop()
    each = (time.perf_counter() - started) * 1000 / requests
    print(f"\\n=== {name} ({url}): {each:.1f} ms a request, {len(queries)} queries ===")
    # The call tree hides library frames; the flat list shows where the time went inside them.
    tree = ConsoleRenderer(time="percent_of_total", processor_options={"filter_threshold": 0.02})
    flat = ConsoleRenderer(time="percent_of_total", flat=True, flat_time="total")
    print(profiler.output(tree))
    print("\\n".join(profiler.output(flat).splitlines()[:TOP_FRAMES]))
    if sessions:
        profiler.last_session.save(f"{sessions}/{name.replace(' ', '-')}.pyisession")
"""


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cspr_profile")
    parser.add_argument("--reuse", action="store_true", help="Profile the database already built.")
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument(
        "--sessions", default="", help="A folder to save each profile in (open with pyinstrument --load)."
    )
    options = parser.parse_args()
    # The page cache off: every request is rendered, as for a search or just after a change.
    site = Site(options.database_url, PAGE_CACHE_SECONDS="0")
    try:
        if not options.reuse:
            print("Building a fresh database with 300 reviews …", flush=True)
            recreate_database(options.database_url)
            site.build()
        if options.sessions:
            Path(options.sessions).mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [PYTHON, "-c", INSIDE, json.dumps(PAGES), str(options.requests), options.sessions],
            cwd=ROOT,
            env={**site.env, "PYTHONUNBUFFERED": "1"},
            check=True,
        )
    finally:
        site.stop()


if __name__ == "__main__":
    sys.exit(main())
