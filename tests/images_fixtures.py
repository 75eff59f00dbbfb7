"""Small images made in memory for the image library's tests."""

import io

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
