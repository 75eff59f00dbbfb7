"""Error pages that render without the database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


def server_error(request):
    """handler500: a database outage is a 503 (try again), anything else a plain 500."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
