from urllib.parse import unquote

from django.core.exceptions import BadRequest


class NulInQueryMiddleware:
    """Answer 400 Bad Request to a query string holding NUL (%00).

    No page reads one, and PostgreSQL refuses NUL in any text it compares, so a
    lookup with it (an admin list filter such as ?status=%00) would be a 500. Posted
    forms need no help: Django's form fields refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            raise BadRequest("NUL in the query string")
        return self.get_response(request)
