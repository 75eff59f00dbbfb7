"""Probes for load balancers and orchestrators; never cached."""

import logging
from concurrent import futures

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)

# /readyz answers within this budget whatever hangs: a check that has not
# finished by then counts as unreachable. Checks run on their own threads, and
# one still running (hung) is waited on again rather than started twice.
READY_BUDGET = 1.5  # seconds
_threads = futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="readyz")
_running = {}


@never_cache
def healthz(request):
    """The process is alive and answering."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """The instance can serve: its database and cache both answer."""
    checks = {"database": _database_ok, "cache": _cache_ok}
    pending = {name: _start(name, check) for name, check in checks.items()}
    futures.wait(pending.values(), timeout=READY_BUDGET)
    results = {name: future.done() and future.result() for name, future in pending.items()}
    ready = all(results.values())
    body = {"status": "ready" if ready else "unavailable"}
    body.update({name: "ok" if ok else "unreachable" for name, ok in results.items()})
    return JsonResponse(body, status=200 if ready else 503)


def _start(name, check):
    future = _running.get(name)
    if future is None or future.done():
        future = _running[name] = _threads.submit(check)
    return future


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        log.warning("readiness: database unreachable (%s)", error)
        return False
    finally:
        connection.close()  # this thread serves no requests: keep no connection open


def _cache_ok():
    # The resilient cache swallows errors, so check that a value really round-trips.
    cache.set("readyz", "ok", 10)
    return cache.get("readyz") == "ok"
