"""sitemap.xml, robots.txt and the feeds: every published page, no drafts,
and the same addresses as the pages' canonical links."""

import datetime
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.utils import timezone

from articles.models import Article
from therapyexplained import sitemaps

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return ET.fromstring(response.content), response  # noqa: S314 - our own output


def canonical_of(client, url):
    page = client.get(url.removeprefix(settings.SITE_URL)).content.decode()
    return re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)


def add_draft_and_scheduled(make_article):
    make_article(slug="a-draft", status=Article.Status.DRAFT)
    make_article(slug="scheduled", published_at=timezone.now() + datetime.timedelta(days=3))


def test_sitemap_lists_every_published_page_with_lastmod(client, site_content, make_article):
    add_draft_and_scheduled(make_article)
    root, response = xml(client, "/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    entries = {
        url.find("sm:loc", NS).text: url.find("sm:lastmod", NS).text
        for url in root.findall("sm:url", NS)
    }
    assert all(entries.values())
    for article in Article.objects.published():
        url = settings.SITE_URL + article.get_absolute_url()
        assert entries[url] == article.updated_at.replace(microsecond=0).isoformat()
    for path in ["/", "/blog/", "/treatments/", "/faq/", "/topics/", "/topics/trauma/",
                 "/treatments/emdr-therapy/"]:  # fmt: skip
        assert settings.SITE_URL + path in entries
    assert not [url for url in entries if "a-draft" in url or "scheduled" in url]
    for url in entries:
        assert canonical_of(client, url) == url


def test_sitemap_becomes_an_index_when_large(client, site_content, monkeypatch):
    monkeypatch.setattr(sitemaps, "MAX_URLS", 3)
    root, _ = xml(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    files = [s.find("sm:loc", NS).text for s in root.findall("sm:sitemap", NS)]
    assert settings.SITE_URL + "/sitemap-therapies-3.xml" in files
    urls = []
    for file in files:
        part, _ = xml(client, file.removeprefix(settings.SITE_URL))
        found = part.findall("sm:url", NS)
        assert 1 <= len(found) <= 3
        urls += [url.find("sm:loc", NS).text for url in found]
    monkeypatch.setattr(sitemaps, "MAX_URLS", 50_000)
    whole, _ = xml(client, "/sitemap.xml")
    assert sorted(urls) == sorted(u.find("sm:loc", NS).text for u in whole.findall("sm:url", NS))
    assert client.get("/sitemap-nothing-1.xml").status_code == 404
    assert client.get("/sitemap-articles-99.xml").status_code == 404


def test_robots_txt_points_to_the_sitemap_and_keeps_admin_out(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


def test_rss_feed_lists_published_articles(client, site_content, make_article):
    add_draft_and_scheduled(make_article)
    root, response = xml(client, "/blog/feed/rss/")
    assert response["Content-Type"].startswith("application/rss+xml")
    items = root.findall("channel/item")
    links = [item.find("link").text for item in items]
    published = Article.objects.published()
    assert links == [settings.SITE_URL + a.get_absolute_url() for a in published]
    for link in links:
        assert canonical_of(client, link) == link
    first = items[0]
    assert first.find("title").text == published[0].title
    assert "Attachment" in [c.text for c in first.findall("category")]


def test_atom_feed_lists_published_articles(client, site_content, make_article):
    add_draft_and_scheduled(make_article)
    root, response = xml(client, "/blog/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = root.findall("atom:entry", NS)
    links = [entry.find("atom:link", NS).get("href") for entry in entries]
    published = Article.objects.published()
    assert links == [settings.SITE_URL + a.get_absolute_url() for a in published]
    assert entries[0].find("atom:updated", NS).text
    self_link = [x for x in root.findall("atom:link", NS) if x.get("rel") == "self"][0]
    assert self_link.get("href") == settings.SITE_URL + "/blog/feed/atom/"


def test_feed_escapes_plain_text_summaries(client, make_article):
    make_article(slug="hostile", summary="<b>not bold</b> & more")
    root, _ = xml(client, "/blog/feed/rss/")
    assert root.find("channel/item/description").text == "&lt;b&gt;not bold&lt;/b&gt; &amp; more"
