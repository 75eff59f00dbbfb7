from urllib.parse import unquote

from django.core.exceptions import BadRequest
from django.urls import reverse


class NulInAdminQueryMiddleware:
    """Answer 400 Bad Request to an admin URL whose query string holds NUL (%00).

    The admin's list filters compare query values with the database as given, and
    PostgreSQL refuses NUL outright, so ?status=%00 would be a 500. Posted forms need
    no help (Django's form fields refuse NUL), and public pages check their own
    parameters (search strips NUL and answers the query).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in unquote(query) and request.path.startswith(reverse("admin:index")):
            raise BadRequest("NUL in the query string")
        return self.get_response(request)
