"""sitemap.xml: every published page with its last modification time.

One <urlset> while the site fits in one file (the protocol allows 50,000
URLs); beyond that, /sitemap.xml becomes an index of numbered section files.
Addresses are SITE_URL + path, the same as each page's canonical link.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max, Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.models import Article
from core.seo import absolute
from modalities.models import Modality
from topics.models import Topic

MAX_URLS = 50_000


@dataclass(frozen=True)
class Entry:
    path: str
    lastmod: datetime | None

    @property
    def url(self):
        return absolute(self.path)

    @property
    def w3c_lastmod(self):
        return self.lastmod.replace(microsecond=0).isoformat() if self.lastmod else ""


def _latest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def articles():
    rows = Article.objects.published().order_by("-published_at", "-pk")
    return [
        Entry(reverse("articles:detail", args=[slug]), updated)
        for slug, updated in rows.values_list("slug", "updated_at")
    ]


def therapies():
    return [
        Entry(reverse("modalities:detail", args=[slug]), updated)
        for slug, updated in Modality.objects.values_list("slug", "updated_at")
    ]


def topics():
    published = Article.objects.published().values("pk")
    rows = Topic.objects.annotate(
        latest_article=Max("articles__updated_at", filter=Q(articles__in=published))
    ).values_list("slug", "updated_at", "latest_article")
    return [
        Entry(reverse("topics:detail", args=[slug]), _latest(updated, latest_article))
        for slug, updated, latest_article in rows
    ]


def pages():
    article = Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]
    therapy = Modality.objects.aggregate(latest=Max("updated_at"))["latest"]
    topic = Topic.objects.aggregate(latest=Max("updated_at"))["latest"]
    return [
        Entry(reverse("home"), _latest(article, therapy)),
        Entry(reverse("articles:list"), article),
        Entry(reverse("modalities:list"), therapy),
        Entry(reverse("faqs:index"), article),
        Entry(reverse("topics:list"), _latest(topic, article)),
    ]


SECTIONS = {"pages": pages, "articles": articles, "therapies": therapies, "topics": topics}


def _chunks(entries):
    return [entries[i : i + MAX_URLS] for i in range(0, len(entries), MAX_URLS)] or [[]]


def _urlset(request, entries):
    return render(
        request, "sitemaps/urlset.xml", {"entries": entries}, content_type="application/xml"
    )


@require_safe
def sitemap(request):
    sections = {name: entries() for name, entries in SECTIONS.items()}
    if sum(len(entries) for entries in sections.values()) <= MAX_URLS:
        return _urlset(request, [entry for entries in sections.values() for entry in entries])
    files = []
    for name, entries in sections.items():
        for number, chunk in enumerate(_chunks(entries), 1):
            path = reverse("sitemap_section", args=[name, number])
            files.append(Entry(path, _latest(*(entry.lastmod for entry in chunk))))
    return render(request, "sitemaps/index.xml", {"files": files}, content_type="application/xml")


@require_safe
def sitemap_section(request, section, number):
    if section not in SECTIONS:
        raise Http404("No such sitemap section")
    chunks = _chunks(SECTIONS[section]())
    if not 1 <= number <= len(chunks):
        raise Http404("No such sitemap page")
    return _urlset(request, chunks[number - 1])
