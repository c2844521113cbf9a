"""Fault test: restart PostgreSQL while the site is under load. Run by hand, never by CI.

    .venv/bin/python bench/fault.py

By default it makes a throwaway PostgreSQL cluster of its own on 127.0.0.1:5433 (initdb, as the
postgres user when run as root), so restarting it cuts no one else's sessions; --database-url
and --restart-command point it at an existing server instead. The site runs under gunicorn
with production settings and the page cache off, so every request reads the database through
the workers' persistent connections. Four local clients request a review page for a bounded
time while an editor process, which keeps its connection like a web worker does, publishes
an edit before the restart, tries one while PostgreSQL is down and publishes one after. The
report says when requests failed, when they recovered (gunicorn is never restarted:
CONN_HEALTH_CHECKS replaces dead connections) and whether every edit reported as published
is on the page and in the revisions.
"""

import argparse
import glob
import json
import os
import shlex
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg
from common import PYTHON, ROOT, Site, drop_database, get, recreate_database

REVIEW = "/child-safeguarding-practice-reviews/young-person-a/"
EDITS = {
    "before the restart": "Edit published before the restart",
    "while PostgreSQL is down": "Edit attempted while PostgreSQL is down",
    "after the restart": "Edit published after the restart",
}
EDITOR = """
import sys, django
django.setup()
from django.db import close_old_connections
from reviews.models import CSPRPage

print("ready", flush=True)
for line in sys.stdin:
    # What Django does at the start of every request: drop a connection that no longer works.
    close_old_connections()
    try:
        review = CSPRPage.objects.get(slug="young-person-a")
        review.search_description = line.strip()
        review.save_revision().publish()
        print("published", flush=True)
    except Exception as error:
        print(f"refused with {type(error).__name__}", flush=True)
"""
STATE = """
import json, django
django.setup()
from wagtail.models import Revision
from reviews.models import CSPRPage

review = CSPRPage.objects.get(slug="young-person-a")
revisions = Revision.objects.for_instance(review).order_by("created_at")
print(json.dumps({
    "live": review.search_description,
    "revisions": [revision.content.get("search_description") for revision in revisions],
}))
"""


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder, started, restarted and removed by this script."""

    def __init__(self, port):
        self.port = port
        found = sorted(
            glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda path: int(path.split("/")[4])
        )
        if not found and not os.environ.get("PG_BIN_DIR"):
            raise SystemExit(
                "No PostgreSQL server binaries (initdb) under /usr/lib/postgresql; set PG_BIN_DIR."
            )
        self.bin = Path(os.environ.get("PG_BIN_DIR") or Path(found[-1]).parent)
        self.folder = Path(tempfile.mkdtemp(prefix="cspr-fault-pg-"))
        self.data = self.folder / "data"
        # initdb refuses to run as root.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_owner:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        options = f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start"
        )

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/cspr_fault"

    @property
    def restart_command(self):
        arguments = ["-D", str(self.data), "-l", str(self.folder / "log"), "-m", "fast", "-w", "restart"]
        return [*self.as_owner, str(self.bin / "pg_ctl"), *arguments]

    def remove(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _run(self, tool, *args, check=True):
        subprocess.run([*self.as_owner, str(self.bin / tool), *args], check=check, capture_output=True)


def arguments():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", help="An existing server's database (recreated) instead of a cluster."
    )
    parser.add_argument(
        "--restart-command", help="How to restart that server, e.g. 'pg_ctlcluster 15 main restart'."
    )
    parser.add_argument("--port", type=int, default=5433, help="Port of the throwaway cluster.")
    parser.add_argument("--seconds", type=float, default=30, help="How long the load runs.")
    parser.add_argument("--restart-at", type=float, default=10, help="Seconds into the load.")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--max-requests", type=int, default=50_000)
    return parser.parse_args()


class Clock:
    def __init__(self):
        self.start = time.monotonic()

    def now(self):
        return time.monotonic() - self.start

    def sleep_until(self, moment):
        time.sleep(max(0.0, moment - self.now()))


class Repeat:
    """Calls `probe` over and over on a few threads, timing each answer; bounded in time and count."""

    def __init__(self, clock, probe, threads, seconds, limit, pause=0.0):
        self.clock, self.probe, self.seconds, self.limit, self.pause = clock, probe, seconds, limit, pause
        self.results = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(threads)]
        for thread in self.threads:
            thread.start()

    def run(self):
        while self.clock.now() < self.seconds and len(self.results) < self.limit:
            sent = self.clock.now()
            answer = self.probe()
            with self.lock:
                self.results.append((sent, answer))
            time.sleep(self.pause)

    def wait(self):
        for thread in self.threads:
            thread.join()
        return sorted(self.results)


def request(url):
    try:
        return get(url, timeout=5)[0]
    except OSError as error:
        return type(error).__name__


def database_answers(url):
    try:
        with psycopg.connect(url, connect_timeout=1) as connection:
            connection.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


class Editor:
    """A long-lived process publishing edits over one database connection, as a web worker would."""

    def __init__(self, site):
        self.process = subprocess.Popen(
            [PYTHON, "-c", EDITOR],
            cwd=ROOT,
            env=site.env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def publish(self, text):
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


def main():
    options = arguments()
    cluster = None
    if options.database_url:
        if not options.restart_command:
            raise SystemExit("--database-url needs --restart-command.")
        url, restart = options.database_url, shlex.split(options.restart_command)
    else:
        cluster = ThrowawayCluster(options.port)
        url, restart = cluster.url, cluster.restart_command
    site = Site(url)
    finished = False
    try:
        recreate_database(url)
        site.build(with_reviews=False)
        base = site.serve("fault", 8104, PAGE_CACHE_SECONDS="0")
        run(site, base, url, restart, options)
        finished = True
    finally:
        site.stop(keep_logs=not finished)
        if cluster:
            cluster.remove()
        else:
            drop_database(url)


def run(site, base, url, restart, options):
    editor = Editor(site)
    clock = Clock()
    load = Repeat(
        clock, lambda: request(base + REVIEW), options.clients, options.seconds, options.max_requests
    )
    database = Repeat(clock, lambda: database_answers(url), 1, options.seconds, 100_000, pause=0.05)
    edits = {}
    clock.sleep_until(options.restart_at - 3)
    edits["before the restart"] = editor.publish(EDITS["before the restart"])
    clock.sleep_until(options.restart_at)
    restart_started = clock.now()
    # No pipes: the restarted server would inherit them and keep them open.
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    restarting = threading.Thread(target=subprocess.run, args=(restart,), kwargs=quiet)
    restarting.start()
    while database_answers(url) and clock.now() < restart_started + 10:
        time.sleep(0.02)
    edits["while PostgreSQL is down"] = editor.publish(EDITS["while PostgreSQL is down"])
    restarting.join()
    while not database_answers(url):
        time.sleep(0.1)
    edits["after the restart"] = editor.publish(EDITS["after the restart"])
    results = load.wait()
    probes = database.wait()
    editor.close()
    report(site, base, options, results, probes, restart_started, edits)


def report(site, base, options, results, probes, restart_started, edits):
    down = [moment for moment, ok in probes if not ok and moment >= restart_started]
    back = next((moment for moment, ok in probes if ok and down and moment > down[-1]), None)
    failed = [moment for moment, status in results if status != 200]
    print(f"Requests: {len(results)} from {options.clients} clients; failed: {len(failed)}")
    if down:
        print(
            f"PostgreSQL refused connections from {down[0]:.2f} s to {down[-1]:.2f} s; back at {back:.2f} s"
        )
    if failed:
        recovered = next(
            (moment for moment, status in results if moment > failed[-1] and status == 200), None
        )
        print(
            f"Requests failed from {failed[0]:.2f} s to {failed[-1]:.2f} s; next success at {recovered:.2f} s"
        )
        late = [moment for moment in failed if back is not None and moment > back + 1]
        print(f"Requests failing more than 1 s after PostgreSQL was back: {len(late)}")
        kinds = sorted({str(status) for _, status in results if status != 200})
        print(f"Failure answers: {', '.join(kinds)}")
    for name, outcome in edits.items():
        print(f"Edit {name}: {outcome}")
    state = json.loads(site.python(STATE))
    published = [EDITS[name] for name, outcome in edits.items() if outcome == "published"]
    lost = [text for text in published if text not in state["revisions"]]
    print(f"Live now: {state['live']!r}; published edits missing from the revisions: {lost or 'none'}")
    _, _, page = get(base + REVIEW)
    print(f"The page shows the last published edit: {published[-1] in page.decode()}")


if __name__ == "__main__":
    main()
