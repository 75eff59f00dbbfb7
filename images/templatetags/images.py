"""{% picture image sizes="..." lazy=True %}: an image from the library as <picture>."""

from django import template
from django.core.files.storage import default_storage
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


def srcset(renditions):
    return ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)


@register.simple_tag
def picture(image, sizes="100vw", lazy=True, css_class=""):
    """AVIF and WebP sources and a JPEG <img> with width and height (no layout shift).

    `lazy=False` for an image above the fold (a lead image): fetched eagerly and first.
    """
    jpegs = image.renditions_of("width", "jpeg")
    if not jpegs:
        return ""
    largest = jpegs[-1]
    sources = format_html_join(
        "",
        '<source type="image/{}" srcset="{}" sizes="{}">',
        (
            (fmt, srcset(image.renditions_of("width", fmt)), sizes)
            for fmt in ("avif", "webp")
            if image.renditions_of("width", fmt)
        ),
    )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"'
        ' loading="{}" decoding="{}"{}{}></picture>',
        sources,
        default_storage.url(largest["name"]),
        srcset(jpegs),
        sizes,
        largest["width"],
        largest["height"],
        image.alt,
        "lazy" if lazy else "eager",
        "async" if lazy else "auto",
        "" if lazy else mark_safe(' fetchpriority="high"'),
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.simple_tag
def preload_picture(image, sizes="100vw"):
    """<link rel="preload"> for an image the page shows first, in the best format it has:
    a browser that cannot show that format skips the preload (the type says which)."""
    for fmt in ("avif", "webp", "jpeg"):
        if found := image.renditions_of("width", fmt):
            return format_html(
                '<link rel="preload" as="image" type="image/{}" imagesrcset="{}" imagesizes="{}"'
                ' fetchpriority="high">',
                fmt,
                srcset(found),
                sizes,
            )
    return ""
