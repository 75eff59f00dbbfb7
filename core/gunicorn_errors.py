"""gunicorn's own error responses (400, 414, 431...) with the site's security headers.

gunicorn answers requests it cannot parse itself, before Django sees them, with
a bare page. It has no setting for their headers, so gunicorn.conf.py puts this
in place of gunicorn.util.write_error: the same page, with headers that say it
may not be framed, sniffed or cached and may run nothing.
"""

import html

from gunicorn import util

HEADERS = (
    "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Referrer-Policy: same-origin\r\n"
    "Cache-Control: no-store\r\n"
)


def write_error(sock, status_int, reason, mesg):
    page = (
        f"<!doctype html><title>{html.escape(reason)}</title>"
        f"<h1>{html.escape(reason)}</h1><p>{html.escape(mesg)}</p>\n"
    ).encode("latin-1", "replace")
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: text/html; charset=iso-8859-1\r\n{HEADERS}"
        f"Content-Length: {len(page)}\r\n\r\n"
    ).encode("latin-1", "replace")
    util.write_nonblock(sock, head + page)


def install():
    util.write_error = write_error
