"""A signed cookie on a signed-in staff member's browser: their pages skip the cache.

Staff may see drafts, so their pages are never taken from or put into the shared
cache. Telling staff from the session cookie would need the session store (the
database) on every request, cached ones too, and anyone could skip the cache by
sending a made-up session cookie. This cookie is checked by its signature alone.
"""

from django.conf import settings
from django.core import signing

COOKIE = "te_staff"
SALT = "pagecache.staff"


def is_staff_browser(request):
    try:
        request.get_signed_cookie(COOKIE, salt=SALT, max_age=settings.SESSION_COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        return False
    return True


class StaffCookieMiddleware:
    """Gives the cookie to staff once they are signed in, and takes it back when they are not."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Look at the user only when there is a session: for anonymous readers,
        # reading it would mark their pages "Vary: Cookie".
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES or request.session.modified
        staff = signed_in and request.user.is_active and request.user.is_staff
        if staff and not is_staff_browser(request):
            response.set_signed_cookie(
                COOKIE,
                "1",
                salt=SALT,
                max_age=settings.SESSION_COOKIE_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif not staff and COOKIE in request.COOKIES:
            response.delete_cookie(COOKIE, samesite="Lax")
        return response
