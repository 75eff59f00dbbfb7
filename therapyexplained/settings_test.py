"""Test settings: the real settings with a test secret and a fast password hasher."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-" + "x" * 50)

from .settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests serve static files unhashed, so they need no collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests run inside a transaction that never commits, so the content version
# (bumped on commit) would not move: tests of the page cache turn it on.
PAGE_CACHE = False
