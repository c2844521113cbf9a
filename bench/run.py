"""Benchmark the public pages against the physical limit of this server. Run by hand, never by CI.

    .venv/bin/python bench/run.py

It builds a fresh database holding 300 reviews (themes, reports, Learning on a Page), then
starts three gunicorns with the same gunicorn.conf.py and production settings on 127.0.0.1:
the site, the site with its page cache off (PAGE_CACHE_SECONDS=0), and bench/static_app.py,
which returns the saved bytes of the same index page. wrk measures each target for a fixed
time, interleaved over several rounds. The figures that count are the ratios to the static
copy: absolute numbers on a shared machine drift from minute to minute, ratios much less.
Two floors are measured beside the pages, to show what any uncached answer costs here: the
site's simplest Wagtail page and robots.txt, which reads no database.

    .venv/bin/python bench/run.py --scenario editing

measures instead a mixed public load over 30 addresses (the list and its later pages, reviews,
Learning on a Page, the feed, the sitemap, filters, searches) on the cached site, alternately
alone and while a local loop saves a draft of a page that is not live once a second (as the
editor's autosave does), and reports both and their ratio.

    .venv/bin/python bench/run.py --scenario ceiling

measures how far each uncached page could go against the simplest page if its own template
cost nothing: the list, a review and a search, as they are and served from a copy of the site
whose two page templates render only the title (under the same base template, as the simplest
page does). What is left beyond the simplest page is then the page's context: its queries
and its Python.
"""

import argparse
import datetime
import json
import multiprocessing
import re
import runpy
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import PROXY_HEADERS, PYTHON, ROOT, Site, drop_database, get, recreate_database

INDEX = "/child-safeguarding-practice-reviews/"
REVIEW = "/child-safeguarding-practice-reviews/bench-review-100/"
FEED = "/child-safeguarding-practice-reviews/feed/"
SEARCH = f"{INDEX}?q=child"
# Two floors for reading the figures: the simplest Wagtail page of the site (Wagtail's own
# site lookup, routing, privacy check and the settings, nothing of ours) and a Django view
# that reads no database at all.
SIMPLEST_PAGE = "/accessibility-statement/"
NO_DATABASE = "/robots.txt"
FLOORS = ("simplest page (uncached)", "robots.txt (uncached)")
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
PAUSE = 3
HITS_IN_A_ROW = 10
# The editing scenario's public load: what visitors read while staff work.
MIXED_ADDRESSES = [
    INDEX,
    f"{INDEX}?page=2",
    f"{INDEX}?page=3",
    *(f"{INDEX}bench-review-{number:03d}/" for number in range(1, 11)),
    *(f"{INDEX}bench-review-{number:03d}-learning/" for number in range(1, 6)),
    FEED,
    "/sitemap.xml",
    *(f"{INDEX}?theme={slug}" for slug in ("neglect", "domestic-abuse", "safe-sleep")),
    f"{INDEX}?type=cspr",
    f"{INDEX}?type=scr",
    *(f"{INDEX}?q={words}" for words in ("child", "neglect", "young+person", "housing", "exploitation")),
]
# wrk asks for each address in turn, on every connection.
MIXED_LOAD_SCRIPT = """
wrk.headers["X-Forwarded-Proto"] = "https"
local paths = {%s}
local next_path = 0
request = function()
  next_path = next_path %% #paths + 1
  return wrk.format("GET", paths[next_path])
end
"""
# The ceiling scenario's stand-in for the list's and a review's own templates: what the simplest
# page renders, less its body.
TITLE_ONLY_TEMPLATE = """{% extends "base.html" %}
{% block breadcrumbs %}{% include "includes/breadcrumbs.html" %}{% endblock %}
{% block content %}<h1>{{ page.title }}</h1>{% endblock %}
"""
PAGE_TEMPLATES = ("reviews/review_index_page.html", "reviews/review_page.html")
# A bounded loop saving drafts of a page that is not live, as the page editor does for a draft:
# the page row itself, then a new revision. It stops when its standard input closes.
DRAFT_SAVER = """
import sys, threading, time, django
django.setup()
from cspr_site.models import HomePage, InformationPage

page = InformationPage.objects.filter(slug="being-written").first()
if page is None:
    page = InformationPage(title="Being written", slug="being-written", body="<p>Draft.</p>", live=False)
    HomePage.objects.get().add_child(instance=page)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
print("ready", flush=True)
saves = 0
while not stop.wait(1.0):
    saves += 1
    page.body = f"<p>Draft {saves}.</p>"
    page.save()
    page.save_revision()
print(saves, flush=True)
"""

QUERIES = """
import json, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(headers={"x-forwarded-proto": "https"})
counts = {}
for url in %r:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    counts[url] = [status, len(queries)]
print(json.dumps(counts))
"""


def arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/cspr_bench")
    parser.add_argument("--redis-url", help="Use this Redis for the cache instead of each worker's memory.")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database afterwards.")
    parser.add_argument(
        "--scenario",
        choices=["pages", "editing", "ceiling"],
        default="pages",
        help="pages: each page cached and uncached against a static copy; editing: the mixed public "
        "load with and without drafts being saved; ceiling: each uncached page against the simplest "
        "page, as it is and with its own template rendering only the title.",
    )
    return parser.parse_args()


def wrk(url, options, duration, script=None):
    # Requests still queued in a server after the last run would eat into this one.
    time.sleep(PAUSE)
    command = ["wrk", f"-t{options.threads}", f"-c{options.connections}", f"-d{duration}s", "--latency"]
    command += ["--timeout", "5s"]
    for name, value in PROXY_HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _latency(output, "50%"),
        "p99": _latency(output, "99%"),
        "errors": _errors(output),
    }


def _latency(output, percentile):
    value, unit = re.search(rf"^\s+{percentile}\s+([\d.]+)(us|ms|s)\s*$", output, re.M).groups()
    return float(value) * UNITS[unit]


def _errors(output):
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)


def interleaved_rounds(targets, options):
    """wrk over every target in turn, round after round, after a short warm-up of each."""
    for url in targets.values():
        wrk(url, options, 2)
    rounds = []
    for number in range(1, options.rounds + 1):
        print(f"Round {number} of {options.rounds} …", flush=True)
        rounds.append({name: wrk(url, options, options.duration) for name, url in targets.items()})
    return rounds


def over_rounds(rounds, name):
    """A target's requests/s, p50 and p99 as medians of the rounds, and its errors in all of them."""
    medians = {key: statistics.median(run[name][key] for run in rounds) for key in ("rps", "p50", "p99")}
    return {**medians, "errors": sum(run[name]["errors"] for run in rounds)}


def ratio_over_rounds(rounds, name, to):
    """The median of each round's throughput of one target to another's."""
    return statistics.median(run[name]["rps"] / run[to]["rps"] for run in rounds)


def check_targets(targets):
    """Every target answers 200, and the cache is on exactly where it should be.

    Each gunicorn worker has its own memory cache and requests reach workers unevenly, so a
    cached page is asked for until ten answers in a row come from the cache.
    """
    for name, url in targets.items():
        answers = [get(url) for _ in range(30)]
        assert all(status == 200 for status, _, _ in answers), (name, url)
        if "(cached)" in name:
            hits_in_a_row = 0
            for _ in range(300):
                status, headers, _ = get(url)
                hits_in_a_row = hits_in_a_row + 1 if headers.get("X-Page-Cache") == "hit" else 0
                if hits_in_a_row == HITS_IN_A_ROW:
                    break
            assert hits_in_a_row == HITS_IN_A_ROW, (name, url)
        elif "(uncached)" in name:
            cache_states = {headers.get("X-Page-Cache") for _, headers, _ in answers}
            assert cache_states == {None}, (name, url, cache_states)


def main():
    options = arguments()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    extra = {"REDIS_URL": options.redis_url} if options.redis_url else {}
    site = Site(options.database_url, **extra)
    workdir = Path(tempfile.mkdtemp(prefix="cspr-bench-"))
    finished = False
    try:
        print("Building a fresh database with 300 reviews …", flush=True)
        recreate_database(options.database_url)
        site.build()
        if options.scenario in ("editing", "ceiling"):
            {"editing": editing, "ceiling": ceiling}[options.scenario](site, options, workdir)
            finished = True
            return
        uncached = site.serve("uncached", 8103, PAGE_CACHE_SECONDS="0")
        cached = site.serve("cached", 8102)
        _, _, index_bytes = get(uncached + INDEX)
        (workdir / "index.html").write_bytes(index_bytes)
        static = site.serve(
            "static",
            8101,
            app="static_app:application",
            chdir=ROOT / "bench",
            BENCH_STATIC_PAGE=str(workdir / "index.html"),
        )
        targets = {
            "static copy": static + "/",
            "index (cached)": cached + INDEX,
            "index (uncached)": uncached + INDEX,
            "review (cached)": cached + REVIEW,
            "review (uncached)": uncached + REVIEW,
            "feed (cached)": cached + FEED,
            "feed (uncached)": uncached + FEED,
            "search (uncached)": uncached + SEARCH,
            FLOORS[0]: uncached + SIMPLEST_PAGE,
            FLOORS[1]: uncached + NO_DATABASE,
        }
        check_targets(targets)
        queries = json.loads(
            site.python(QUERIES % [INDEX, REVIEW, FEED, SEARCH, SIMPLEST_PAGE], PAGE_CACHE_SECONDS="0")
        )
        rounds = interleaved_rounds(targets, options)
        report(options, targets, rounds, queries, len(index_bytes))
        finished = True
    finally:
        site.stop(keep_logs=not finished)
        if not options.keep:
            drop_database(options.database_url)
        shutil.rmtree(workdir, ignore_errors=True)


def report(options, targets, rounds, queries, index_size):
    workers = site_workers()
    print()
    cache = "Redis" if options.redis_url else "per-worker memory"
    print(
        f"Date: {datetime.date.today()}; {multiprocessing.cpu_count()} cores; {workers} gunicorn workers each"
    )
    print(
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s, {options.rounds} rounds "
        f"interleaved; database {options.database_url.split(':', 1)[0]}; cache {cache}"
    )
    print(f"Index page: {index_size:,} bytes")
    print()
    print(f"{'target':<26}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'ratio':>9}{'errors':>8}")
    for name in targets:
        target, ratio = over_rounds(rounds, name), ratio_over_rounds(rounds, name, "static copy")
        print(
            f"{name:<26}{target['rps']:>10,.0f}{target['p50']:>10.2f}{target['p99']:>10.2f}"
            f"{ratio:>9.3f}{target['errors']:>8}"
        )
    against_floor = {
        name: ratio_over_rounds(rounds, name, FLOORS[0])
        for name in targets
        if name.endswith("(uncached)") and name not in FLOORS
    }
    print()
    print(
        "Against the simplest page, uncached (median of the rounds' ratios): "
        + ", ".join(f"{name} {ratio:.2f}" for name, ratio in against_floor.items())
    )
    print(
        "SQL queries per warm uncached request: "
        + ", ".join(f"{url} {count}" for url, (_, count) in queries.items())
    )
    print("Per round, requests/s: ")
    for number, run in enumerate(rounds, 1):
        print(
            f"  round {number}: " + ", ".join(f"{name} {result['rps']:,.0f}" for name, result in run.items())
        )


def editing(site, options, workdir):
    """The mixed public load on the cached site, alone and while drafts are saved, round by round."""
    cached = site.serve("cached", 8102)
    for address in MIXED_ADDRESSES:
        assert get(cached + address)[0] == 200, address
    script = workdir / "mixed.lua"
    script.write_text(MIXED_LOAD_SCRIPT % ", ".join(json.dumps(address) for address in MIXED_ADDRESSES))
    wrk(cached + "/", options, 2, script)
    rounds, saves = [], []
    for number in range(1, options.rounds + 1):
        print(f"Round {number} of {options.rounds} …", flush=True)
        quiet = wrk(cached + "/", options, options.duration, script)
        saver = subprocess.Popen(
            [PYTHON, "-c", DRAFT_SAVER],
            cwd=ROOT,
            env=site.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert saver.stdout.readline().strip() == "ready"
            busy = wrk(cached + "/", options, options.duration, script)
        finally:
            saver.stdin.close()
            saves.append(int(saver.stdout.readline() or 0))
            saver.wait(timeout=30)
        rounds.append({"no editing": quiet, "drafts saved once a second": busy})
    print()
    print(
        f"Date: {datetime.date.today()}; {multiprocessing.cpu_count()} cores; "
        f"{site_workers()} gunicorn workers; "
        f"wrk -t{options.threads} -c{options.connections} -d{options.duration}s over {len(MIXED_ADDRESSES)} "
        f"addresses, {options.rounds} rounds; cache {'Redis' if options.redis_url else 'per-worker memory'}"
    )
    print(f"{'load':<30}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
    for name in rounds[0]:
        load = over_rounds(rounds, name)
        print(f"{name:<30}{load['rps']:>10,.0f}{load['p50']:>10.2f}{load['p99']:>10.2f}{load['errors']:>8}")
    ratio = ratio_over_rounds(rounds, "drafts saved once a second", "no editing")
    print(f"Ratio, with drafts saved to without (median of rounds): {ratio:.3f}")
    print(f"Drafts saved in each round: {saves}")


def ceiling(site, options, workdir):
    """Each uncached page against the simplest page, as it is and with only its title rendered."""
    title_only = workdir / "title-only"
    shutil.copytree(ROOT, title_only, ignore=shutil.ignore_patterns(".git", ".venv", "media", "__pycache__"))
    for template in PAGE_TEMPLATES:
        (title_only / "templates" / template).write_text(TITLE_ONLY_TEMPLATE)
    as_is = site.serve("uncached", 8103, PAGE_CACHE_SECONDS="0")
    stripped = site.serve("title only", 8104, chdir=title_only, PAGE_CACHE_SECONDS="0")
    targets = {"simplest page": as_is + SIMPLEST_PAGE}
    for name, address in {"list": INDEX, "a review": REVIEW, "search": SEARCH}.items():
        targets[name] = as_is + address
        targets[f"{name}, title only"] = stripped + address
    for name, url in targets.items():
        status, headers, body = get(url)
        assert status == 200 and "X-Page-Cache" not in headers, (name, url, status)
        if name != "simplest page":
            # Every page as it is lists reviews (a review its related ones); no title-only page does.
            assert (b"review-card" in body) != name.endswith("title only"), (name, url)
    rounds = interleaved_rounds(targets, options)
    print()
    print(
        f"Date: {datetime.date.today()}; {multiprocessing.cpu_count()} cores; {site_workers()} gunicorn "
        f"workers each; wrk -t{options.threads} -c{options.connections} -d{options.duration}s, "
        f"{options.rounds} rounds interleaved; page cache off"
    )
    print(f"{'target':<26}{'req/s':>10}{'p50 ms':>10}{'against the simplest page':>28}{'errors':>8}")
    for name in targets:
        target, ratio = over_rounds(rounds, name), ratio_over_rounds(rounds, name, "simplest page")
        print(f"{name:<26}{target['rps']:>10,.0f}{target['p50']:>10.2f}{ratio:>28.2f}{target['errors']:>8}")


def site_workers():
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]


if __name__ == "__main__":
    main()
