"""Safe uploads: the one rule every path that stores an image goes through.

The type is sniffed from the bytes by Pillow, never taken from the name; the pixels are
decoded and re-encoded, so nothing but pixels survives (no EXIF, GPS, XMP or trailing
payload of a polyglot), in sRGB with the EXIF orientation applied.
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "AVIF", "GIF")
LOSSLESS_FORMATS = ("PNG", "GIF")
# The same formats as browsers name them, for file choosers and drops (a hint only: the
# bytes decide).
ACCEPTED_TYPES = ("image/jpeg", "image/png", "image/webp", "image/avif", "image/gif")
MIN_WIDTH = 200
NOT_AN_IMAGE = (
    "This file is not a JPEG, PNG, WebP, AVIF or GIF image. SVG, HTML and PDF files are "
    "not accepted: export the picture as PNG or JPEG and upload that."
)
SRGB = ImageCms.createProfile("sRGB")


def max_bytes():
    return settings.IMAGE_MAX_UPLOAD_BYTES


def read_upload(upload):
    """The upload's bytes, refusing an empty or oversize file before decoding anything."""
    if upload.size == 0:
        raise ValidationError("The file is empty (0 bytes).", code="empty")
    if upload.size > max_bytes():
        raise ValidationError(
            f"The file is {upload.size / 1e6:.1f} MB; images may be at most "
            f"{max_bytes() / 1e6:.0f} MB.",
            code="too_big",
        )
    upload.seek(0)
    return upload.read(max_bytes() + 1)


def looks_like_markup(data):
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<", b"%pdf"))


def decode(data):
    """The image's first frame, decoded, or a ValidationError naming the problem."""
    if looks_like_markup(data):
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
            picture.seek(0)
            picture.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                f"The image has too many pixels (at most {Image.MAX_IMAGE_PIXELS:,}).",
                code="too_many_pixels",
            ) from None
        except UnidentifiedImageError:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None
        except (OSError, SyntaxError, ValueError, EOFError):
            raise ValidationError(
                "The image file is damaged or incomplete: save it again and re-upload.",
                code="damaged",
            ) from None
    return picture


def to_srgb(picture):
    """Pixels in sRGB, upright, as RGB or RGBA; the source's profile and metadata dropped."""
    picture = ImageOps.exif_transpose(picture)
    icc = picture.info.get("icc_profile")
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            picture = ImageCms.profileToProfile(picture, source, SRGB, outputMode=picture.mode)
        except (ImageCms.PyCMSError, OSError):
            pass  # an unreadable profile: the pixels are most likely sRGB already
    # A fresh image, so no info (exif, xmp, icc_profile, comments) comes along.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)
    return clean


def clean_upload(upload):
    """The uploaded file as safe pixels, or a ValidationError an editor can act on.

    The pixels' `format` is the upload's, so that a lossless upload is stored losslessly.
    """
    picture = decode(read_upload(upload))
    if picture.width < MIN_WIDTH:
        raise ValidationError(
            f"The image is {picture.width} px wide; images must be at least {MIN_WIDTH} px "
            "wide so they stay sharp.",
            code="too_small",
        )
    clean = to_srgb(picture)
    clean.format = picture.format
    return clean


def original_extension(picture):
    """How the original is stored: PNG when the upload was lossless or has transparency
    (so a diagram's edges stay crisp and a round trip changes nothing), else JPEG."""
    return "png" if picture.mode == "RGBA" or picture.format in LOSSLESS_FORMATS else "jpg"


def encode_original(picture):
    out = io.BytesIO()
    if original_extension(picture) == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "JPEG", quality=92, optimize=True)
    return out.getvalue()
