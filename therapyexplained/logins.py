"""Sign-in throttling (django-axes): the lockout page, failed-login logs, reset on success.

Axes counts failures per username and per client address (settings: AXES_*);
this module is what the site adds around it.
"""

import logging

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .client_ip import client_ip

log = logging.getLogger(__name__)
USERNAME_LOGGED = 64  # characters: a username is typed by whoever is trying, at any length


def lockout_response(request, original_response=None, credentials=None):
    """429 with the same page whoever is locked out: it tells nothing about the username."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(request, "login_locked.html", {"minutes": seconds // 60}, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response


def counted_username(request, credentials=None):
    """The username axes counts failures under, cut to what its table holds.

    The admin's sign-in form does not limit the username's length, and a longer one
    would fail to save on PostgreSQL (no user has one: they are at most 150).
    """
    field = get_user_model().USERNAME_FIELD
    username = (credentials or request.POST).get(field)
    if username is None:
        return None
    return str(username)[: AccessAttempt._meta.get_field("username").max_length]


def _username(credentials):
    username = str((credentials or {}).get(get_user_model().USERNAME_FIELD) or "")
    return username[:USERNAME_LOGGED] + ("…" if len(username) > USERNAME_LOGGED else "")


@receiver(user_login_failed)
def log_failed_login(sender, credentials, request=None, **kwargs):
    # Django has already masked the password in `credentials`; only the username is logged.
    log.warning(
        "login failed",
        extra={
            "event": "login_failed",
            "username": _username(credentials),
            "client_ip": client_ip(request) if request else None,
            "locked_out": bool(getattr(request, "axes_locked_out", False)),
        },
    )


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    log.warning(
        "login locked out",
        extra={
            "event": "login_locked_out",
            "username": _username({get_user_model().USERNAME_FIELD: username}),
            "client_ip": ip_address,
            "cooloff_seconds": int(settings.AXES_COOLOFF_TIME.total_seconds()),
        },
    )


@receiver(user_logged_in)
def reset_own_failures(sender, request, user, **kwargs):
    """A successful sign-in clears the failures of that username from that address only.

    (Axes' own AXES_RESET_ON_SUCCESS clears every failure from the address and every
    failure of the username: someone with an account could then sign in between
    guesses at another user's password and never be locked out.)
    """
    address = client_ip(request) if request is not None else None
    if address:  # without one, axes would clear the username's failures from everywhere
        reset(ip=address, username=user.get_username())
