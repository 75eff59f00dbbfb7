"""Media files, served by the app from the default storage.

Whitenoise only indexes files when the process starts, so it cannot serve uploads made
since; this view reads them through the storage, on every instance.
"""

import mimetypes
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

SERVED = ("images/originals/", "images/renditions/")
# Every served name carries a content hash: a changed image gets a new name.
FOREVER = "public, max-age=31536000, immutable"


def checked_name(path):
    parts = PurePosixPath(path).parts
    if not path.startswith(SERVED) or ".." in parts or "\\" in path or "\x00" in path:
        raise Http404("No such file.")
    return path


@require_safe
def media(request, path):
    name = checked_name(path)
    try:
        stored = default_storage.open(name)
    except (FileNotFoundError, IsADirectoryError, SuspiciousFileOperation):
        raise Http404("No such file.") from None
    kind, _ = mimetypes.guess_type(name)
    response = FileResponse(stored, content_type=kind or "application/octet-stream")
    response["Cache-Control"] = FOREVER
    return response
