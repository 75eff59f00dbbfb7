"""Site paths: the only places a permalink redirect may send a reader.

Browsers read `//host`, `/\\host` and `\\\\host` as another site, drop leading
whitespace and tabs inside a URL, and run `javascript:`; none of these is a path here.
"""

import unicodedata
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.http import url_has_allowed_host_and_scheme

EXAMPLE = "/blog/new-name/"


def is_site_path(value):
    """Whether value is a path on this site, and nothing a browser could read otherwise."""
    return (
        isinstance(value, str)
        and value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        # Control, invisible and space characters (Unicode categories C* and Z*).
        and not any(unicodedata.category(char)[0] in "CZ" for char in value)
        and urlsplit(value).path == value  # no scheme, host, query or fragment
        and url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    )


def validate_site_path(value):
    if not is_site_path(value):
        raise ValidationError(
            f"Enter a path on this site, starting with one “/”, such as {EXAMPLE}: no other "
            "site's address, backslash, space, query or invisible character.",
            code="not_site_path",
        )
