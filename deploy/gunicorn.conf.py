"""gunicorn settings of an examforms app server (`make run`, production, the scale-out test).

    gunicorn -c deploy/gunicorn.conf.py 'web:create_app()'

Every value can be changed through the environment (README, "Production"). Each worker
builds its own app after the fork (no preload): database pools are never shared between
processes, and nothing in one worker's memory needs to agree with another's.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from typing import Any

# Listen on the loopback unless told otherwise: the reverse proxy is the public face.
bind = [os.environ.get("PORTAL_BIND", "127.0.0.1:8000")]
# Sync workers: the pages are CPU-bound (argon2 at login, PDF at Enregistrer), so threads
# would not add throughput, and one stuck request never holds another's. They need a
# buffering proxy in front (haproxy `option http-buffer-request`, nginx by default).
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1)))
timeout = int(os.environ.get("PORTAL_TIMEOUT", "30"))
graceful_timeout = 30
# A worker is replaced after this many requests (with jitter so that they do not all go
# at once): whatever a worker's memory grows by, it stays bounded.
max_requests = int(os.environ.get("PORTAL_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The heartbeat file in memory: a slow disk must not make the arbiter kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn's control socket is one path per user: two app servers on a machine would share it.
control_socket_disable = True
proc_name = os.environ.get("PORTAL_PROC_NAME", "examforms")
# The portal writes its own JSON line per request (web/ops/requestlog.py), with the request id.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("PORTAL_LOG_LEVEL", "info")

# Prometheus: every worker writes its figures to files of one folder, read by whichever
# worker answers /metrics. A folder given by the operator is kept; one made here is removed.
_made_metrics_dir = False
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="examforms-metrics-")
    _made_metrics_dir = True


def on_starting(server: Any) -> None:
    """Start from an empty metrics folder: files of a previous run would add up."""
    folder = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.remove(os.path.join(folder, name))


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    if _made_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
