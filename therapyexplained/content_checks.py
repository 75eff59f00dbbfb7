"""Checks an article must pass before it is saved, shared by the admin forms and the importer.

They read the output of markup.py, whose attributes are always written as name="value".
"""

import re
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils import timezone

from . import markup

_IMG = re.compile(r'<img((?:\s+[^\s=>"]+="[^"]*")*)>')
_ALT = re.compile(r'\salt="([^"]*)"')
_SRC = re.compile(r'\ssrc="([^"]*)"')
_LINK = re.compile(r'<a(?:\s+[^\s=>"]+="[^"]*")*?\shref="([^"]*)"')


def marker_problems(text, available, where="the article"):
    """Problems with a body's embed markers.

    available maps each embed kind to whether its data exists; None checks the names only.
    """
    problems = []
    for marker in markup.embed_markers(text):
        if marker not in markup.EMBED_KINDS:
            problems.append(
                f"unknown marker [[{marker}]]; the markers are "
                + ", ".join(f"[[{kind}]]" for kind in markup.EMBED_KINDS)
            )
        elif available is not None and not available.get(marker):
            problems.append(f"the body places [[{marker}]] but {where} has no {marker}")
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


def missing_pages(paths, visible_at):
    """The paths that will not show a page to readers at visible_at (not found or unpublished)."""
    from articles.models import Article
    from modalities.models import Modality
    from people.models import Person
    from permalinks.models import PathRedirect
    from topics.models import Topic

    missing = []
    for path in paths:
        try:
            match = resolve(path) if path.startswith("/") else None
        except Resolver404:
            match = None
        slug = match.kwargs.get("slug") if match else None
        if match is None:
            found = PathRedirect.objects.filter(old_path=path).exists()
        elif match.view_name == "articles:detail":
            found = (
                Article.objects.filter(
                    slug=slug, status=Article.Status.PUBLISHED, published_at__lte=visible_at
                ).exists()
                or PathRedirect.objects.filter(old_path=path).exists()
            )
        elif match.view_name == "modalities:detail":
            found = Modality.objects.filter(slug=slug).exists()
        elif match.view_name == "people:detail":
            found = Person.objects.filter(slug=slug).exists()
        elif match.view_name == "topics:detail":
            found = Topic.objects.filter(slug=slug).exists()
        elif match.view_name == "articles:review":
            found = False  # a private review link expires; readers must not be sent there
        else:
            found = not match.view_name.startswith("admin:")
        if not found:
            missing.append(path)
    return missing


def broken_links(article):
    """Internal links of a published article that readers would find broken."""
    if not article.is_published:
        return []
    html = article.body_html + article.cta_html
    html += "".join(article.faqs.values_list("answer_html", flat=True))
    paths = internal_paths(html)
    if article.cta_button_url.startswith("/"):
        paths.append(article.cta_button_url)
    return missing_pages(paths, max(article.published_at, timezone.now()))


def undefined_citations(html, source_count):
    """Source numbers the body cites that the article's list of sources does not have."""
    return [number for number in markup.cited_sources(html) if not 1 <= number <= source_count]
