"""Probes for load balancers and orchestrators; never cached."""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

log = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """The process is alive and answering."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
def readyz(request):
    """The instance can serve: its database and cache both answer."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    body = {"status": "ready" if ready else "unavailable"}
    body.update({name: "ok" if ok else "unreachable" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if ready else 503)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError as error:
        log.warning("readiness: database unreachable (%s)", error)
        return False


def _cache_ok():
    # The resilient cache swallows errors, so check that a value really round-trips.
    cache.set("readyz", "ok", 10)
    return cache.get("readyz") == "ok"
