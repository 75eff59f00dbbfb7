"""The query a page is cached under: the parameters its view reads, and only those.

Views declare what they read (core.query_params). Before a cacheable request
reaches its view, the query is cut down to those parameters, so the page is
the same with or without tracking tags and junk, and is served from the cache
either way: extra parameters cannot be used to skip it.
"""

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import Resolver404, resolve

from core.query_params import CANONICAL, declared


def declared_query(request):
    """Cut the request's query down to what its view reads; its canonical spelling.

    None when the page must not come from or go to the cache: an address that
    resolves to no view (a 404, never stored), or a declared parameter in a
    spelling other than its canonical one (or free text).
    """
    if not request.GET:
        return ""
    try:
        names = declared(resolve(request.path_info).func)
    except Resolver404:
        return None
    kept = sorted((name, values) for name, values in request.GET.lists() if name in names)
    for name, values in kept:
        if len(values) != 1 or not CANONICAL[name](values[0]):
            return None
    query = urlencode(kept, doseq=True)
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    return query
