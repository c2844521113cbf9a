"""Gunicorn settings shared by `make run`, the container image and the benchmark.

Every value can be changed from the environment, so one file serves a laptop, one small
server and several containers behind a load balancer.
"""

import multiprocessing
import os

# PORT alone keeps the site on this machine; the container sets GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"

# Synchronous workers, about two per core: pages are short database reads, and cached pages
# need no database at all. WEB_CONCURRENCY is the name most platforms set.
workers = int(
    os.environ.get("WEB_CONCURRENCY")
    or os.environ.get("GUNICORN_WORKERS")
    or multiprocessing.cpu_count() * 2 + 1
)

# A request that takes longer than this is stuck; its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Longer than the proxy's upstream keep-alive, so nginx never writes to a closed connection.
keepalive = 75

# An empty GUNICORN_ACCESS_LOG turns the request log off (the benchmark does, for every server).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Heartbeat files in memory, not on a container's overlay disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
