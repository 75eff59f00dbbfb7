"""The markup pipeline: markdown in, sanitized HTML out.

Every piece of HTML that comes from content (article bodies, FAQ answers,
modality pages, calls to action, the table of contents) is produced here and
nowhere else, and is computed on save, never per request. Markdown output and
any raw HTML an editor pasted pass through the same nh3 allowlist.
"""

import html as html_lib
import json
import math
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import urlsplit

import markdown
import nh3
from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.toc import slugify
from markdown.inlinepatterns import InlineProcessor

from . import embeds, render_limits

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del",
    "details", "dl", "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s",
    "small", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
# Relative URLs (site paths, #anchors) pass through; absolute ones need one of these.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=ALLOWED_URL_SCHEMES,
    link_rel=None,  # rel is added below, to external links only
    strip_comments=True,
)

# nh3 serializes every attribute as name="value" with '"' escaped, so this
# pattern reads its output exactly.
_ANCHOR = re.compile(r'<a((?:\s+[^\s=>"]+="[^"]*")*)>')
_HREF = re.compile(r'\shref="([^"]*)"')
EXTERNAL_REL = ' rel="noopener noreferrer"'

EMBED_MARKER = embeds.HTML_MARKER

WORDS_PER_MINUTE = 230


def sanitize(html):
    """Clean an HTML fragment with the site's allowlists; mark external links."""
    return _ANCHOR.sub(_add_external_rel, _cleaner.clean(html))


def _add_external_rel(match):
    attrs = match.group(1)
    href = _HREF.search(attrs)
    if href and is_external(href.group(1)):
        return f"<a{attrs}{EXTERNAL_REL}>"
    return match.group(0)


def is_external(href):
    parts = urlsplit(href.replace("&amp;", "&"))
    if not parts.netloc:
        return False
    return parts.netloc.lower() != urlsplit(settings.SITE_URL).netloc.lower()


# A citation of the article's sources by number: [1] or [1, 3]. Not a link ([1](url)),
# a reference link ([1][ref]) or a reference definition ([1]: url). At most 32 numbers:
# each becomes an element, and thousands of them take Python-Markdown seconds.
CITATION = r"\[(\d{1,3}(?:\s*,\s*\d{1,3}){0,31})\](?![(\[:])"
CITED_SOURCE = re.compile(r'<a href="#source-(\d+)">')


class _CitationProcessor(InlineProcessor):
    def handleMatch(self, m, data):  # Python-Markdown names it so
        numbers = [int(n) for n in re.split(r"\s*,\s*", m.group(1))]
        sup = etree.Element("sup")
        sup.text = "["
        for index, number in enumerate(numbers):
            link = etree.SubElement(sup, "a", href=f"#source-{number}")
            link.text = str(number)
            link.tail = ", " if index < len(numbers) - 1 else "]"
        return sup, m.start(0), m.end(0)


class _Citations(Extension):
    def extendMarkdown(self, md):
        # Before "reference" (170), which would otherwise leave [1] as text.
        md.inlinePatterns.register(_CitationProcessor(CITATION, md), "citation", 175)


# Ids the page templates give their own elements (the article's FAQ and sources
# sections, a numbered source, a sign of the checklist, the site's search box...).
# A body heading never takes one: "## Sources" in a body would break the link to
# the page's sources, and duplicate ids are invalid HTML.
PAGE_IDS = re.compile(
    r"main|content-main|faq|sources|toc-title|cta-title|related-title|discussed-title"
    r"|comparison-caption|checklist-note|crisis-title|crisis-first-title|abuse-help-title"
    r"|site-search-q|search-page-q|key-points-title"
    r"|(?:source|faq|sign)-\d+|help-[\w-]+"
)


def heading_id(text, separator):
    """A body heading's id: its slug, moved aside if the page template uses that id."""
    slug = slugify(text, separator)
    return f"{slug}{separator}section" if PAGE_IDS.fullmatch(slug) else slug


def _markdown(citations=False):
    return markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "toc"]
        + ([_Citations()] if citations else []),
        extension_configs={"toc": {"toc_depth": "2-3", "slugify": heading_id}},
        output_format="html",
    )


def normalize_source(text):
    """Markdown source as content files hold it: LF line endings, one final newline."""
    text = (text or "").replace("\r\n", "\n").strip()
    return text + "\n" if text else ""


def render_markdown(text):
    """Markdown to sanitized HTML (FAQ answers, calls to action, short texts).

    Raises render_limits.Unrenderable for a text that could not render in bounded time.
    """
    return sanitize(render_limits.convert(_markdown(), text or ""))


def toc_entries(toc_html):
    """How many headings a stored table of contents lists."""
    return toc_html.count("<li>")


@dataclass(frozen=True)
class RenderedDocument:
    html: str
    toc_html: str
    word_count: int

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))


def render_document(text):
    """A long document: sanitized body, its table of contents from H2/H3, its length.

    Its text may cite the article's numbered sources: [1] links to #source-1.
    Raises render_limits.Unrenderable for a text that could not render in bounded time.
    """
    md = _markdown(citations=True)
    html = sanitize(render_limits.convert(md, embeds.canonical(text)))
    toc_html = sanitize(md.toc) if md.toc_tokens else ""
    words = len(strip_tags(EMBED_MARKER.sub(" ", html)).split())
    return RenderedDocument(html=html, toc_html=toc_html, word_count=words)


def stored(html):
    """Mark HTML that this module produced and the database kept as safe to output."""
    return mark_safe(html)


@dataclass(frozen=True)
class Part:
    kind: str  # "html" or an embed kind
    html: SafeString = SafeString()
    name: str = ""  # what an embed names: the image's slug in [[image:slug]]
    image: object = None  # that image, filled in by the page (None: not in the library)


def split_embeds(html):
    """Split stored body HTML at its embed markers, for the template to fill in."""
    parts = []
    pieces = EMBED_MARKER.split(html)
    for index, piece in enumerate(pieces):
        if index % 2:
            kind, name = embeds.parse(piece)
            parts.append(Part(kind=kind, name=name))
        elif piece.strip():
            parts.append(Part(kind="html", html=stored(piece)))
    return parts


# Search snippets arrive as plain text with each match between these two
# private-use characters (see search/engine.py), which content never holds.
MATCH_START, MATCH_END = "\ue000", "\ue001"
_MATCH = re.compile(f"{MATCH_START}([^{MATCH_START}{MATCH_END}]*){MATCH_END}")
_SENTINELS = {ord(MATCH_START): None, ord(MATCH_END): None}


def plain_text(html):
    """The readable text of stored HTML, on one line: for search and snippets."""
    spaced = strip_tags(EMBED_MARKER.sub(" ", html or "").replace("<", " <"))
    return " ".join(html_lib.unescape(spaced).translate(_SENTINELS).split())


def strip_match_marks(text):
    return (text or "").translate(_SENTINELS)


def highlight(marked_text):
    """Escape a snippet first, then turn its match marks into <mark> elements."""
    escaped = html_lib.escape(marked_text, quote=True)
    return mark_safe(strip_match_marks(_MATCH.sub(r"<mark>\1</mark>", escaped)))


# JSON-LD is data inside a <script> element: these characters are written as
# \u escapes so no content can close the element or open a comment.
_JSON_SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld(data):
    """A <script type="application/ld+json"> element holding data, serialized safely."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def cited_sources(html):
    """The source numbers a rendered document cites, in order of first citation."""
    return list(dict.fromkeys(int(n) for n in CITED_SOURCE.findall(html)))
