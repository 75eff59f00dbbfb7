"""Small images made in memory for the image library's tests."""

import io
import struct
import zlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def picture_bytes(size=(800, 600), fmt="JPEG", color=(40, 90, 160), dot=None, **save):
    """An image of one colour, with a red dot (x, y, radius) if asked."""
    mode = "RGBA" if fmt == "PNG" and len(color) == 4 else "RGB"
    picture = Image.new(mode, size, color)
    if dot:
        x, y, r = dot
        picture.paste((255, 0, 0), (x - r, y - r, x + r, y + r))
    out = io.BytesIO()
    picture.save(out, fmt, **save)
    return out.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(folder=""):
    """The names of every stored file, read through the storage (either backend)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the filesystem's MEDIA_ROOT before the first upload
        return []
    below = [f for sub in folders for f in stored_files(f"{folder}{sub}/")]
    return sorted([*files, *below])


def png_bomb():
    """A tiny PNG that declares 50,000 x 50,000 pixels."""

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
)
POLYGLOT = b"GIF89a/*<html><script>alert(document.cookie)</script></html>*/=1;"
