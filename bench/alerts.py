"""Send one alert to 10,000 subscribers through a local SMTP sink: the time and the peak memory.

    .venv/bin/python bench/alerts.py [--subscribers 10000] [--database-url postgres://…/cspr_bench_alerts]

A real SMTP server (aiosmtpd's sink, in its own process) receives every message over one
connection per batch, as a mail relay would. For a tenth, half and all of `--subscribers`, a
fresh process builds the list, announces a review, and times queuing and sending every alert
(`learning.alerts.sending`, as the worker runs it); the peak resident memory of that process
while sending is read from Linux's high-water mark, reset just before. Flat memory means the
peak does not grow with the list: sending reads a batch at a time. Target: 10,000 alerts in
under two minutes on the 2-core machine (README, docs/alerts.md).
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"The SMTP sink did not answer on port {port}")


def environment(database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cspr_site.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONPATH": str(ROOT),
    }


def prepare(database_url):
    """A migrated database with the demo partnership and its reviews."""
    from bench.common import recreate_database

    recreate_database(database_url)
    env = environment(database_url)
    for command in (["migrate", "--noinput", "-v", "0"], ["load_demo_content", "-v", "0"]):
        subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True)


def memory_kib(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def child(subscribers, port, batch_size):
    """One measured run, in its own process: build the list, announce, queue and send."""
    import django

    django.setup()
    from django.conf import settings
    from wagtail.models import Page

    from learning.alerts import events, sending
    from learning.alerts.models import Announcement, Delivery, DeliveryStatus, Subscriber

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 30
    settings.ALERTS_HOLD_MINUTES = 0
    settings.ALERTS_BATCH_SIZE = batch_size

    Subscriber.objects.all().delete()
    for start in range(0, subscribers, 1000):
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"practitioner{number}@example.org", confirmed_at=django.utils.timezone.now()
                )
                for number in range(start, min(start + 1000, subscribers))
            ]
        )
    review = Page.objects.get(slug="young-person-a").specific
    Announcement.objects.filter(page=review).delete()
    events.record_went_live(review)

    # Peak resident memory from here on: Linux resets the high-water mark on request.
    with open("/proc/self/clear_refs", "w") as clear_refs:
        clear_refs.write("5")
    before = memory_kib("VmRSS")
    started = time.perf_counter()
    queued = sending.queue_new_announcements()
    outcome = sending.send_due()
    seconds = time.perf_counter() - started
    peak = memory_kib("VmHWM")
    sent = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
    assert queued == subscribers and outcome.sent == sent == subscribers, (queued, outcome, sent)
    print(f"{subscribers}\t{seconds:.1f}\t{before / 1024:.1f}\t{peak / 1024:.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: a throwaway SQLite file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child, arguments.port, arguments.batch_size)
        return

    database_url = (
        arguments.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='cspr-bench-alerts-')}/db.sqlite3"
    )
    print(f"Preparing {database_url.split('@')[-1]} …", flush=True)
    prepare(database_url)
    port = free_port()
    sink = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Sink"]
    )
    try:
        wait_for_port(port)
        print("subscribers\tseconds\talerts/s\tmemory before (MB)\tpeak while sending (MB)")
        for size in sorted({arguments.subscribers // 10, arguments.subscribers // 2, arguments.subscribers}):
            result = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    str(size),
                    "--port",
                    str(port),
                    "--batch-size",
                    str(arguments.batch_size),
                ],
                env=environment(database_url),
                check=True,
                capture_output=True,
                text=True,
            )
            count, seconds, before, peak = result.stdout.strip().splitlines()[-1].split("\t")
            rate = int(count) / float(seconds)
            print(f"{int(count):,}\t\t{seconds}\t{rate:,.0f}\t\t{before}\t\t\t{peak}", flush=True)
    finally:
        sink.terminate()
        sink.wait(timeout=10)
        if not arguments.database_url:
            from bench.common import drop_database

            drop_database(database_url)


if __name__ == "__main__":
    main()
