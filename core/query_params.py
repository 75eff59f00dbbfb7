"""Which query parameters a view reads, declared on the view.

A view declares its parameters with @reads_query_params("page") (on a
class-based view or a function view). The page cache (pagecache.params) keys
pages by the declared ones alone and hands the view nothing else, so tracking
tags and junk neither change the page nor get past the cache.

Each name has a canonical form: the one spelling of a value that is stored. A
URL with a value in another spelling (`?page=007`), or with a free-text
parameter, is rendered as usual but not stored, so nobody can fill the cache
with made-up addresses.
"""

import re


def _free_text(value):
    # Search queries: seldom repeated word for word, and storing them would let
    # anyone fill the shared cache (and evict real pages) with made-up searches.
    return False


# Parameter name -> is this value the one canonical spelling the view accepts?
# `page` (lists, search) and `p` (sitemaps): a positive integer without leading
# zeros. A number past the last page is a 404, and only 200s are stored.
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}").fullmatch
# `kind` (search: one kind of result) only ever goes with a `q`, so it is never stored.
CANONICAL = {"page": _PAGE_NUMBER, "p": _PAGE_NUMBER, "q": _free_text, "kind": _free_text}


def reads_query_params(*names):
    """Declare the query parameters a view reads (decorates a class or a function)."""
    unknown = set(names) - set(CANONICAL)
    if unknown:
        raise ValueError(f"no canonical form known for {sorted(unknown)}: add one to CANONICAL")

    def declare(view):
        view.query_params = frozenset(names)
        return view

    return declare


def declared(view_func):
    """The parameters the resolved view (function, as_view() result or instance) reads."""
    view = getattr(view_func, "view_class", view_func)
    return getattr(view, "query_params", frozenset())
