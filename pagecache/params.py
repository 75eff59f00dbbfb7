"""Which query parameters a view reads, so the page cache stores only those URLs.

A view declares its parameters with @cache_page_params("page") (on a class-based
view or a function view). A URL is stored only when every parameter in it is
declared by the view that answered, once, with a canonical value; any other URL
(tracking tags, junk, `?page=007`) is rendered as usual but not stored, so
nobody can fill the cache with made-up addresses.
"""

import re

# Parameter name -> is this value the one canonical spelling the view accepts?
# `page`: a positive integer without leading zeros. A number past the last page
# is a 404 from Django's paginator, and only 200s are stored.
CANONICAL = {"page": re.compile(r"[1-9][0-9]{0,8}").fullmatch}


def cache_page_params(*names):
    """Declare the query parameters a view reads (decorates a class or a function)."""
    unknown = set(names) - set(CANONICAL)
    if unknown:
        raise ValueError(f"no canonical form known for {sorted(unknown)}: add one to CANONICAL")

    def declare(view):
        view.page_cache_params = frozenset(names)
        return view

    return declare


def declared(view_func):
    """The parameters the resolved view (function, as_view() result or instance) reads."""
    view = getattr(view_func, "view_class", view_func)
    return getattr(view, "page_cache_params", frozenset())


def storable_query(request):
    """Whether the request's query holds only declared parameters, in canonical form."""
    match = getattr(request, "resolver_match", None)
    names = declared(match.func) if match is not None else frozenset()
    for name, values in request.GET.lists():
        if name not in names or len(values) != 1 or not CANONICAL[name](values[0]):
            return False
    return True
