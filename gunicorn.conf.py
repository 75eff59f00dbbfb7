"""gunicorn settings for TherapyExplained; every value can be overridden from the environment."""

import multiprocessing
import os
import sys
from pathlib import Path

# gunicorn reads this file before it changes into the project (--chdir): make the
# project importable from wherever it is started.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from core import gunicorn_errors  # noqa: E402
from core.logs import stdout_config  # noqa: E402

gunicorn_errors.install()  # its own 400/414 pages get the security headers too

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Pages are mostly served from cache, so CPU-bound: the usual 2n+1 processes. Each
# has a few threads, so a request waiting on a slow database or Redis (bounded by
# their timeouts) does not stop the worker serving cached pages meanwhile.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30  # on SIGHUP/SIGTERM, finish in-flight requests first
keepalive = 5
max_requests = 2000  # recycle workers now and then, jittered so they don't all restart at once
max_requests_jitter = 200
# Several instances may share a host; the control socket path would collide.
control_socket_disable = True
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
# Plain text: core.logs.JsonFormatter writes each access line as JSON fields of its
# own, read from gunicorn's atoms, so nothing in a request can forge a field.
access_log_format = "%(m)s %(U)s %(s)s"
logconfig_dict = stdout_config("INFO", ["gunicorn.error", "gunicorn.access"])
