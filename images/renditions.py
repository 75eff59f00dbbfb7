"""Renditions, made once when an image is saved (never per request).

Every width in AVIF and WebP with a JPEG fallback, and the 1200x630 share crop. Names
carry a hash of the pixels and focal point, so they can be cached forever, and a file
already stored under its name is that rendition: it is kept, not encoded again (so
remaking an image's renditions only fills in the missing ones).
"""

import hashlib
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from .crops import crop_to

WIDTHS = (320, 480, 640, 960, 1280, 1600)
SHARE_SIZE = (1200, 630)
FOLDER = "images/renditions/"
# (format, Pillow encoder, options): AVIF's speed 8 keeps saving quick on a small server.
FORMATS = (
    ("avif", "AVIF", {"quality": 55, "speed": 8}),
    ("webp", "WEBP", {"quality": 78, "method": 4}),
    ("jpeg", "JPEG", {"quality": 80, "optimize": True, "progressive": True}),
)
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}


def widths_for(original_width):
    """The standard widths below the original, and the original's own (up to the largest)."""
    widths = [w for w in WIDTHS if w < original_width]
    largest = min(original_width, WIDTHS[-1])
    return widths if largest in widths else [*widths, largest]


def fingerprint(picture, focal_x, focal_y):
    digest = hashlib.sha256(picture.tobytes())
    digest.update(f"{focal_x:.4f},{focal_y:.4f}".encode())
    return digest.hexdigest()[:10]


def flattened(picture):
    """JPEG has no transparency: put transparent pixels on white."""
    if picture.mode != "RGBA":
        return picture
    canvas = Image.new("RGB", picture.size, "white")
    canvas.paste(picture, mask=picture.getchannel("A"))
    return canvas


def encode(picture, fmt):
    _, encoder, options = next(f for f in FORMATS if f[0] == fmt)
    out = io.BytesIO()
    (flattened(picture) if fmt == "jpeg" else picture).save(out, encoder, **options)
    return out.getvalue()


def store(name, data, written):
    saved = default_storage.save(name, ContentFile(data))
    written.append(saved)
    return saved


def make(picture, slug, focal_x, focal_y, written):
    """Write every rendition of `picture` not stored yet; return their list for the model.

    `written` collects each stored name as it goes, so a failure can remove them all.
    """
    stem = f"{FOLDER}{slug}-{fingerprint(picture, focal_x, focal_y)}"
    made = []
    for width in widths_for(picture.width):
        height = round(picture.height * width / picture.width)
        names = {fmt: f"{stem}-{width}.{EXTENSIONS[fmt]}" for fmt, _, _ in FORMATS}
        missing = [fmt for fmt, name in names.items() if not default_storage.exists(name)]
        if missing:
            scaled = picture.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
            for fmt in missing:
                names[fmt] = store(names[fmt], encode(scaled, fmt), written)
        made += [
            {"kind": "width", "format": fmt, "width": width, "height": height, "name": name}
            for fmt, name in names.items()
        ]
    name = f"{stem}-share.jpg"
    if not default_storage.exists(name):
        share = crop_to(picture, SHARE_SIZE, focal_x, focal_y)
        name = store(name, encode(share, "jpeg"), written)
    made.append({"kind": "share", "format": "jpeg", "width": 1200, "height": 630, "name": name})
    return made


def delete_files(names):
    for name in names:
        default_storage.delete(name)
