"""sitemap.xml (an index of sections), robots.txt and the feeds: every published page, no drafts,
and the same addresses as the pages' canonical links."""

import datetime
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.sitemaps import ArticleSitemap
from modalities.models import Modality
from people.models import Person
from topics.models import Topic

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


SECTIONS = ["pages", "articles", "therapies", "topics", "people", "sitepages"]


def section_files(client):
    root, response = xml(client, "/sitemap.xml")
    assert response["Content-Type"] == "application/xml"
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    return {
        entry.find("sm:loc", NS).text: entry.findtext("sm:lastmod", None, NS)
        for entry in root.findall("sm:sitemap", NS)  # an empty section has no lastmod
    }


def listed(client):
    """{address: lastmod} of every URL in every file the index names."""
    entries = {}
    for file in section_files(client):
        part, response = xml(client, file.removeprefix(settings.SITE_URL))
        assert response["Content-Type"] == "application/xml"
        assert part.tag == f"{{{NS['sm']}}}urlset"
        for url in part.findall("sm:url", NS):
            entries[url.find("sm:loc", NS).text] = url.findtext("sm:lastmod", None, NS)
    return entries


def w3c(moment):
    return moment.replace(microsecond=0).isoformat()


def test_sitemap_is_an_index_of_sections_at_site_url(client, site_content):
    files = section_files(client)
    assert list(files) == [f"{settings.SITE_URL}/sitemap-{name}.xml" for name in SECTIONS]
    assert all(files.values())
    # The articles' lastmod is the latest date readers see as "Last updated".
    latest = max(article.last_updated for article in Article.objects.published())
    assert files[f"{settings.SITE_URL}/sitemap-articles.xml"] == latest.isoformat()
    # The test client's host is "testserver": no address may come from the request.
    for file in files:
        assert b"testserver" not in client.get(file.removeprefix(settings.SITE_URL)).content


def test_sitemap_lists_every_published_page_with_lastmod(client, site_content, make_article):
    add_draft_and_scheduled(make_article)
    entries = listed(client)
    assert all(entries.values())
    for article in Article.objects.published():
        url = settings.SITE_URL + article.get_absolute_url()
        assert entries[url] == article.last_updated.isoformat()
    for path in ["/", "/blog/", "/treatments/", "/faq/", "/topics/", "/topics/trauma/",
                 "/treatments/emdr-therapy/", "/people/therapyexplained-editorial/"]:  # fmt: skip
        assert settings.SITE_URL + path in entries
    assert not [url for url in entries if "a-draft" in url or "scheduled" in url]
    for url in entries:
        assert canonical_of(client, url) == url


def test_sitemap_lists_the_people_readers_reach_from_a_byline(client, make_article, make_person):
    author, reviewer = make_person(slug="author"), make_person(slug="reviewer")
    article = make_article(author=author, reviewer=reviewer, reviewed_on=datetime.date(2026, 1, 1))
    make_article(slug="a-draft", status=Article.Status.DRAFT, author=make_person(slug="drafter"))
    make_article(
        slug="scheduled",
        published_at=timezone.now() + datetime.timedelta(days=3),
        reviewer=make_person(slug="scheduled-reviewer"),
        reviewed_on=datetime.date(2026, 1, 1),
    )
    make_person(slug="nobody")
    article.refresh_from_db()
    people = {url: lastmod for url, lastmod in listed(client).items() if "/people/" in url}
    del people[f"{settings.SITE_URL}/people/"]  # the list of people, in the "pages" section
    assert people == {
        f"{settings.SITE_URL}/people/author/": w3c(article.updated_at),
        f"{settings.SITE_URL}/people/reviewer/": w3c(article.updated_at),
    }
    # A person's page changes when the person's entry does, not only their articles.
    Person.objects.filter(slug="author").update(
        updated_at=article.updated_at + datetime.timedelta(hours=1)
    )
    later = listed(client)[f"{settings.SITE_URL}/people/author/"]
    assert later == w3c(article.updated_at + datetime.timedelta(hours=1))


def test_a_large_section_is_split_into_pages(client, site_content, monkeypatch):
    whole = listed(client)
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    files = section_files(client)
    articles = f"{settings.SITE_URL}/sitemap-articles.xml"
    assert [file for file in files if file.startswith(articles)] == [articles, articles + "?p=2"]
    urls = []
    for file in files:
        part, _ = xml(client, file.removeprefix(settings.SITE_URL))
        found = part.findall("sm:url", NS)
        assert 1 <= len(found) <= (3 if file.startswith(articles) else 50_000)
        urls += [url.find("sm:loc", NS).text for url in found]
    assert sorted(urls) == sorted(whole)
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-articles.xml?p=99").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def test_sitemaps_are_served_from_the_page_cache(client, site_content, settings):
    settings.PAGE_CACHE = True
    for url in ["/sitemap.xml", "/sitemap-articles.xml"]:
        first = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            second = client.get(url)
        assert len(queries) == 0
        assert second.content == first.content


def test_sitemaps_answer_reads_only(client, db):
    assert client.head("/sitemap.xml").status_code == 200
    assert client.post("/sitemap.xml").status_code == 405
    assert client.post("/sitemap-articles.xml").status_code == 405


def test_sitemaps_run_a_few_queries_whatever_the_number_of_pages(
    client, make_article, make_person, django_assert_max_num_queries
):
    topics = [
        Topic.objects.create(slug=f"topic-{i}", name=f"Topic {i}", summary="s") for i in range(10)
    ]
    for i in range(30):
        article = make_article(
            slug=f"article-{i}",
            author=make_person(slug=f"author-{i}"),
            reviewer=make_person(slug=f"reviewer-{i}"),
            reviewed_on=datetime.date(2026, 1, 1),
        )
        article.topics.add(*topics[: i % 10 + 1])
        Modality.objects.create(slug=f"therapy-{i}", name=f"T {i}", summary="s", body="b")
    with django_assert_max_num_queries(6 + 2 * 5):  # the pages' 3 aggregates, twice
        client.get("/sitemap.xml")
    for name in SECTIONS:
        with django_assert_max_num_queries(3):  # a count and a page of rows, or 3 aggregates
            response = client.get(f"/sitemap-{name}.xml")
        assert response.status_code == 200
    assert len(listed(client)) == 6 + 30 + 30 + 10 + 60


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
