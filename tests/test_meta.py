"""What machines read on every page: titles, descriptions, canonical URLs,
social cards, breadcrumbs and JSON-LD."""

import datetime
import html
import json
import re

from django.conf import settings

from articles.models import Article
from tests.test_links import crawl

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def meta(page, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return html.unescape(match.group(1)) if match else None


def structured(page):
    return [json.loads(block) for block in JSON_LD.findall(page)]


def of_type(page, kind):
    found = [d for d in structured(page) if kind == d["@type"] or kind in d["@type"]]
    assert len(found) == 1, kind
    return found[0]


def test_every_page_has_unique_title_description_canonical_and_cards(client, site_content):
    pages, _ = crawl(client)
    titles, canonicals = {}, {}
    for url in pages:
        page = client.get(url).content.decode()
        title = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))
        assert title not in titles, f"{url} repeats the title of {titles.get(title)}"
        titles[title] = url
        canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
        assert html.unescape(canonical) == settings.SITE_URL + url
        assert canonical not in canonicals
        canonicals[canonical] = url
        assert meta(page, "property", "og:url") == html.unescape(canonical)
        assert len(meta(page, "name", "description")) > 20, url
        assert meta(page, "property", "og:description") == meta(page, "name", "description")
        assert meta(page, "property", "og:title") and meta(page, "name", "twitter:title")
        assert meta(page, "name", "twitter:card") == "summary_large_image"
        assert '<html lang="en">' in page
        assert '<link rel="alternate" type="application/rss+xml"' in page
        assert '<link rel="alternate" type="application/atom+xml"' in page


def test_breadcrumbs_on_every_page_but_home(client, site_content):
    pages, _ = crawl(client)
    for url in pages:
        page = client.get(url).content.decode()
        if url == "/":
            assert 'aria-label="Breadcrumb"' not in page
            assert of_type(page, "WebSite")["potentialAction"]["@type"] == "SearchAction"
            continue
        nav = page.split('<nav class="breadcrumbs wrap" aria-label="Breadcrumb">', 1)[1]
        nav = nav.split("</nav>", 1)[0]
        hrefs = re.findall(r'<li><a href="([^"]+)"', nav)
        assert nav.strip().startswith("<ol>") and hrefs[0] == "/"
        assert f'<a href="{hrefs[-1]}" aria-current="page">' in nav
        trail = of_type(page, "BreadcrumbList")["itemListElement"]
        assert [item["item"] for item in trail] == [
            settings.SITE_URL + html.unescape(h) for h in hrefs
        ]
        assert [item["position"] for item in trail] == list(range(1, len(hrefs) + 1))


def test_article_json_ld(client, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    page = client.get(article.get_absolute_url()).content.decode()
    data = of_type(page, "Article")
    assert "MedicalWebPage" in data["@type"]
    assert data["headline"] == article.title
    assert data["description"] == article.summary
    assert data["datePublished"] == article.published_at.isoformat()
    assert data["dateModified"] == article.last_updated.isoformat()
    assert data["author"] == {
        "@type": "Organization",
        "name": "TherapyExplained Editorial",
        "url": settings.SITE_URL + "/people/therapyexplained-editorial/",
    }
    assert "reviewedBy" not in data  # nobody has reviewed the site's content yet
    assert data["publisher"]["name"] == "TherapyExplained"
    assert data["url"] == settings.SITE_URL + article.get_absolute_url()
    assert "Attachment" in data["keywords"]
    faq = of_type(page, "FAQPage")
    assert len(faq["mainEntity"]) == article.faqs.count()
    first = faq["mainEntity"][0]
    assert first["name"] == article.faqs.first().question
    assert "<" not in first["acceptedAnswer"]["text"] and first["acceptedAnswer"]["text"]
    assert meta(page, "property", "og:type") == "article"
    published = datetime.datetime.fromisoformat(meta(page, "property", "article:published_time"))
    assert published == article.published_at  # written in the site's zone, the same instant


def test_therapy_and_faq_pages_json_ld(client, site_content):
    page = client.get("/treatments/emdr-therapy/").content.decode()
    assert of_type(page, "MedicalWebPage")["about"]["@type"] == "MedicalTherapy"
    page = client.get("/faq/").content.decode()
    questions = of_type(page, "FAQPage")["mainEntity"]
    assert len(questions) == page.count('<details id="faq-')


def test_json_ld_cannot_be_closed_by_content(client, make_article):
    hostile = '</script><script>alert(1)</script><!-- & "quotes"'
    article = make_article(slug="hostile", title=hostile, summary=hostile)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    for block in JSON_LD.findall(page):
        assert "<" not in block and ">" not in block and "&" not in block
    assert of_type(page, "Article")["headline"] == hostile


def test_not_found_and_search_pages_are_noindex(client, db):
    page = client.get("/no-such-page/").content.decode()
    assert '<meta name="robots" content="noindex">' in page
    assert 'rel="canonical"' not in page and "application/ld+json" not in page
    assert 'aria-label="Breadcrumb"' in page
    page = client.get("/search/?q=therapy").content.decode()
    assert '<meta name="robots" content="noindex">' in page
    assert f'<link rel="canonical" href="{settings.SITE_URL}/search/?q=therapy">' in page


def test_paginated_lists_have_their_own_title_and_canonical(client, make_article):
    for i in range(12):
        make_article(slug=f"guide-{i}")
    page = client.get("/blog/?page=2").content.decode()
    assert "<title>Guides (page 2) | TherapyExplained</title>" in page
    assert f'<link rel="canonical" href="{settings.SITE_URL}/blog/?page=2">' in page
