"""Every public page type, what it lists, and what it refuses."""

import datetime
import gzip
import re

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article


def test_home_leads_with_the_newest_article_and_lists_therapies(client, site_content):
    page = client.get("/").content.decode()
    assert "Featured guide" in page
    lead = page.split('<section class="lead"', 1)[1].split("</section>", 1)[0]
    assert 'href="/blog/anxious-attachment-therapy/"' in lead
    assert "Therapies explained" in page
    assert page.count('href="/treatments/') >= 7


def test_blog_lists_published_articles_only(client, make_article):
    make_article(slug="visible", title="Visible guide")
    make_article(slug="hidden", title="Hidden draft", status=Article.Status.DRAFT)
    make_article(
        slug="future",
        title="Future guide",
        published_at=timezone.now() + datetime.timedelta(days=2),
    )
    page = client.get("/blog/").content.decode()
    assert "Visible guide" in page
    assert "Hidden draft" not in page
    assert "Future guide" not in page


def test_blog_paginates(client, make_article):
    for i in range(12):
        make_article(slug=f"guide-{i}")
    first = client.get("/blog/").content.decode()
    assert first.count('class="card"') == 10
    assert 'href="?page=2"' in first
    second = client.get("/blog/?page=2").content.decode()
    assert second.count('class="card"') == 2
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("url", ["/blog/?page=9", "/blog/?page=abc", "/blog/?page=-1"])
def test_bad_page_numbers_are_404(client, make_article, url):
    make_article()
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/blog/no-such-article/",
        "/treatments/no-such-therapy/",
        "/nowhere/",
        "/blog/%00/",
        "/blog/" + "a" * 300 + "/",
    ],
)
def test_unknown_urls_are_a_friendly_404(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "We can’t find that page" in page
    assert '<a href="tel:116123">116 123</a>' in page  # the help lines in the footer


def test_drafts_and_scheduled_articles_are_404(client, make_article):
    draft = make_article(slug="draft", status=Article.Status.DRAFT)
    scheduled = make_article(slug="soon", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404


def test_modality_pages(client, site_content):
    listing = client.get("/treatments/").content.decode()
    assert listing.count('<h2><a href="/treatments/') == 7
    page = client.get("/treatments/emotionally-focused-therapy-eft/").content.decode()
    assert "<h1>Emotionally Focused Therapy (EFT)</h1>" in page
    assert "Sue Johnson" in page


def test_faq_page_groups_questions_by_published_article(client, site_content, make_article):
    draft = Article.objects.get(slug="healing-insecure-attachment")
    draft.status = Article.Status.DRAFT
    draft.save()
    page = client.get("/faq/").content.decode()
    assert "Anxious Attachment Therapy: Best Approaches and What to Expect</h2>" in page
    assert draft.title not in page
    assert page.count('<details id="faq-') == sum(
        a.faqs.count() for a in Article.objects.published()
    )


@pytest.mark.urls("tests.urls_broken")
def test_server_error_page_is_plain_and_helpful(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "Traceback" not in page and "RuntimeError" not in page


def test_pages_share_one_stylesheet_and_no_third_party_assets(client, site_content):
    for url in ["/", "/blog/", "/blog/anxious-attachment-therapy/", "/treatments/", "/faq/"]:
        page = client.get(url).content.decode()
        # One for the screen, and the print rules, which a screen never waits for.
        sheets = re.findall(r'<link rel="stylesheet"[^>]*>', page)
        assert len(sheets) == 2 and sheets[1].endswith('media="print">'), sheets
        assert "<script>" not in page  # no inline script
        fetched = re.findall(
            r'<(?:script|img|link rel="stylesheet")[^>]*(?:src|href)="([^"]+)"', page
        )
        assert fetched and all(url.startswith("/") for url in fetched)  # nothing from elsewhere
        assert '<html lang="en">' in page


def test_pages_are_compressed_for_browsers_that_accept_it(client, site_content):
    plain = client.get("/blog/anxious-attachment-therapy/")
    packed = client.get("/blog/anxious-attachment-therapy/", headers={"accept-encoding": "gzip"})
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 2


def test_favicon_ico_points_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


@pytest.mark.parametrize("url", ["//evil.example/x", "/%2F%2Fevil.example"])
def test_the_404_page_never_links_to_the_path_it_was_asked_for(client, db, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "evil.example" not in page
    assert '<li><span aria-current="page">Page not found</span></li>' in page
