"""The content checks: what a save refuses, written once.

Models call them from clean(); the admin forms, inlines, live preview, bulk
actions and the importer all reach them through the models (or, for data posted
beside an article, through the same functions). They read the output of
markup.py, whose attributes are always written as name="value".
"""

import contextlib
import contextvars
import functools
import re
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve

from . import embeds, markup

_IMG = re.compile(r'<img((?:\s+[^\s=>"]+="[^"]*")*)>')
_ALT = re.compile(r'\salt="([^"]*)"')
_SRC = re.compile(r'\ssrc="([^"]*)"')
_LINK = re.compile(r'<a(?:\s+[^\s=>"]+="[^"]*")*?\shref="([^"]*)"')


def _sentence(text):
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


# Embed kinds that name what they place ([[image:slug]]): kind -> a function given the
# names a text uses that returns those that exist. Apps below core register them
# (images does, in its AppConfig.ready), so core imports no app.
NAMED_EMBEDS = {}
# Names counted as existing besides, in this context only: kind -> names (see pending).
_PENDING = contextvars.ContextVar("pending_named_embeds", default=None)


@contextlib.contextmanager
def pending(kind, names):
    """Count `names` of `kind` as existing while checking here (this thread or task only):
    an import checks a text naming an image of the same import before writing it."""
    token = _PENDING.set({**(_PENDING.get() or {}), kind: set(names)})
    try:
        yield
    finally:
        _PENDING.reset(token)


def marker_problems(text, allowed, available=None):
    """Problems with a text's embed markers.

    allowed: the markers this kind of text may place. available maps each to whether
    its data exists; None checks the names only. Named embeds ([[image:slug]]) are
    checked by named_embed_problems.
    """
    problems = []
    for marker in embeds.markers(text):
        if embeds.parse(marker)[0] in NAMED_EMBEDS and embeds.parse(marker)[0] in allowed:
            continue
        if marker not in allowed:
            known = ", ".join(f"[[{kind}]]" for kind in allowed)
            problems.append(
                _sentence(
                    f"unknown marker [[{marker}]]; "
                    + (f"the markers are {known}" if known else "this text cannot place embeds")
                )
            )
        elif available is not None and not available.get(marker):
            problems.append(
                f"The body places [[{marker}]] but there is no {marker} to show. Add one here, "
                f"or remove the [[{marker}]] line from the body."
            )
    return problems


def named_embed_problems(text, allowed):
    """Named embeds whose name is missing or not found: one query per kind used."""
    named = {}
    for marker in embeds.markers(text):
        kind, name = embeds.parse(marker)
        if kind in NAMED_EMBEDS and kind in allowed:
            named.setdefault(kind, []).append(name)
    problems = []
    for kind, names in named.items():
        existing = NAMED_EMBEDS[kind]({n for n in names if n})
        existing |= (_PENDING.get() or {}).get(kind, set())
        for name in dict.fromkeys(names):
            if not name:
                problems.append(f"[[{kind}]] needs a name, e.g. [[{kind}:its-slug]].")
            elif name not in existing:
                problems.append(
                    f'The body places [[{kind}:{name}]] but there is no {kind} "{name}" '
                    "in the library. Upload it, or correct the name."
                )
    return problems


def images_without_alt(html):
    """The src of every image that has no alt text (readers of screen readers miss it)."""
    missing = []
    for attrs in _IMG.findall(html):
        alt = _ALT.search(attrs)
        if not alt or not alt.group(1).strip():
            src = _SRC.search(attrs)
            missing.append(src.group(1) if src else "(no src)")
    return missing


def image_source_problems(html):
    """Image sources readers would see broken: another host (the Content-Security-Policy
    allows images from this site only) or a site path with no file behind it."""
    problems = []
    for attrs in _IMG.findall(html):
        src = _SRC.search(attrs)
        src = src.group(1).replace("&amp;", "&") if src else ""
        parts = urlsplit(src)
        if parts.scheme == "data":
            continue  # the CSP allows data: images
        elsewhere = markup.is_external(src) or parts.scheme not in {"", "http", "https"}
        if elsewhere:
            problems.append(
                f"The image {src} is on another site; the site's security policy blocks "
                "it, so readers would see a broken image. Upload it to the image library "
                "and place it with [[image:its-slug]]."
            )
            continue
        if not _site_file_exists(parts.path):
            problems.append(
                f"The image {src or '(no src)'} does not exist on this site. Upload it to the "
                "image library and place it with [[image:its-slug]]."
            )
    return problems


def _site_file_exists(path):
    """A static file, or a file under MEDIA_URL (a library original or rendition)."""
    for prefix, exists in (
        (settings.STATIC_URL, finders.find),
        (settings.MEDIA_URL, default_storage.exists),
    ):
        prefix = "/" + prefix.strip("/") + "/"
        if path.startswith(prefix):
            name = path[len(prefix) :]
            return bool(name) and ".." not in name.split("/") and bool(exists(name))
    return False


def internal_paths(html):
    """Site paths linked from HTML: relative links and absolute links to this site."""
    paths = []
    for href in _LINK.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.scheme in {"mailto", "tel"} or markup.is_external(href):
            continue
        if not parts.path:  # #anchor on the same page
            continue
        paths.append(parts.path)
    return list(dict.fromkeys(paths))


@functools.cache
def _page_models():
    """Models with pages of their own, by URL name (each sets url_name)."""
    return {
        model.url_name: model
        for model in apps.get_models()
        if getattr(model, "url_name", "") and hasattr(model, "slug")
    }


def page_at(path, hops=1):
    """The content object a site path shows (through one redirect), or None."""
    try:
        match = resolve(path) if path.startswith("/") else None
    except Resolver404:
        match = None
    model = _page_models().get(match.view_name) if match else None
    if model is not None:
        page = model._base_manager.filter(slug=match.kwargs.get("slug")).first()
        if page is not None:
            return page
    if (match is None or model is not None) and hops:
        from .models import PathRedirect

        moved = PathRedirect.objects.filter(old_path=path).values_list("new_path", flat=True)
        if target := moved.first():
            return page_at(target, hops - 1)
    return None


def missing_pages(paths, visible_at):
    """The paths that will not show a page to readers at visible_at."""
    missing = []
    for path in paths:
        if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            continue  # a file whitenoise serves, not a page
        try:
            match = resolve(path) if path.startswith("/") else None
        except Resolver404:
            match = None
        if match is None or match.view_name in _page_models():
            page = page_at(path)  # through a redirect, for an old address
            found = page is not None and _visible(page, visible_at)
        else:
            # Private pages (review links, the admin) must not be linked for readers.
            found = not match.view_name.startswith(("admin:", "articles:review"))
        if not found:
            missing.append(path)
    return missing


def _visible(page, moment):
    if hasattr(page, "status"):
        return page.is_published and page.published_at <= moment
    return True


def undefined_citations(html, source_count):
    """Source numbers the text cites that the list of sources does not have."""
    return [number for number in markup.cited_sources(html) if not 1 <= number <= source_count]


def citation_problems(html, source_count, page="article"):
    """The message for a text citing a source its page does not list: [] or [message]."""
    return [
        f"The body cites [{number}] but the {page} lists {source_count} source(s). "
        "Add the source, or correct the number."
        for number in undefined_citations(html, source_count)[:1]
    ]


def text_problems(obj, available=None, source_count=None):
    """Every problem in an object's markdown fields, rendered: {field: [messages]}.

    available and source_count describe the data beside an article's body (None:
    not checked here, e.g. an inline formset checks it with the posted rows).
    """
    problems = {}
    visible_at = obj.visible_at()
    for spec in obj.markdown_fields:
        source = getattr(obj, spec.source)
        html = getattr(obj, spec.html)
        allowed = obj.embeds if spec.document else ()
        found = marker_problems(source, allowed, available)
        found += named_embed_problems(source, allowed)
        if missing_alt := images_without_alt(html):
            found.append(
                "Every image needs alt text describing it, e.g. ![A therapist's office](/x.jpg). "
                "Missing for: " + ", ".join(missing_alt)
            )
        found += image_source_problems(html)
        counted = spec.document and source_count is not None
        if counted and (uncited := undefined_citations(html, source_count)):
            found.append(
                f"The text cites [{uncited[0]}] but there are {source_count} source(s). "
                "Add the source, or correct the number."
            )
        if visible_at is not None and (missing := missing_pages(internal_paths(html), visible_at)):
            found.append(
                "These links lead to pages that do not exist or are not published: "
                + ", ".join(missing)
            )
        if found:
            problems[spec.source] = found
    return problems
