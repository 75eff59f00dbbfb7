"""Crops to a fixed aspect ratio, kept as close to centred on the focal point as fits."""

from PIL import Image


def crop_box(width, height, ratio, focal_x, focal_y):
    """The largest box of `ratio` (width / height) inside the image, around the focal point."""
    if width / height > ratio:
        box_w, box_h = round(height * ratio), height
    else:
        box_w, box_h = width, round(width / ratio)
    left = min(max(round(focal_x * width - box_w / 2), 0), width - box_w)
    top = min(max(round(focal_y * height - box_h / 2), 0), height - box_h)
    return left, top, left + box_w, top + box_h


def crop_to(picture, size, focal_x, focal_y):
    """The picture cropped around the focal point and scaled to `size` (width, height)."""
    box = crop_box(picture.width, picture.height, size[0] / size[1], focal_x, focal_y)
    return picture.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
