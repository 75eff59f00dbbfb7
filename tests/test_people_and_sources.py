"""Trust signals: who wrote and reviewed an article, when, and its numbered sources."""

import datetime
import re

import pytest
from django.utils import timezone

from articles.models import Article, Source

REFERENCE = "/blog/anxious-attachment-therapy/"


@pytest.fixture
def reviewed(make_article, make_person):
    reviewer = make_person(slug="dr-ada", name="Ada Example", credentials="PsyD", bio="Hi.")
    article = make_article(
        slug="reviewed",
        body="Attachment theory [1] and romance [1, 2].\n",
        author=make_person(slug="team", name="Editorial Team"),
        reviewer=reviewer,
        reviewed_on=datetime.date(2026, 6, 10),
        updated_on=datetime.date(2026, 7, 1),
    )
    Source.objects.create(article=article, order=0, authors="Bowlby, J.", title="Attachment")
    Source.objects.create(
        article=article,
        order=1,
        title="Romantic love",
        publisher="J Pers Soc Psychol",
        year=1987,
        doi="10.1037/0022-3514.52.3.511",
        pmid="123",
    )
    return article


def test_byline_review_note_and_last_updated(client, reviewed):
    page = client.get("/blog/reviewed/").content.decode()
    assert 'Written by <a href="/people/team/">Editorial Team</a>' in page
    assert (
        'Medically reviewed by <a href="/people/dr-ada/">Ada Example, PsyD</a> on '
        '<time datetime="2026-06-10">10 June 2026</time>' in page
    )
    assert 'Last updated <time datetime="2026-07-01">1 July 2026</time>' in page


def test_sources_are_a_numbered_list_that_citations_link_to(client, reviewed):
    page = client.get("/blog/reviewed/").content.decode()
    sources = page.split('<section class="sources"', 1)[1].split("</section>", 1)[0]
    assert '<h2 id="sources">Sources</h2>' in sources
    assert '<li id="source-1">Bowlby, J. <cite>Attachment</cite>.</li>' in sources
    assert (
        '<li id="source-2">(1987). <cite>Romantic love</cite>. J Pers Soc Psychol. DOI: '
        '<a href="https://doi.org/10.1037/0022-3514.52.3.511" rel="noopener noreferrer">'
        "10.1037/0022-3514.52.3.511</a>. PMID: "
        '<a href="https://pubmed.ncbi.nlm.nih.gov/123/" rel="noopener noreferrer">123</a>.</li>'
        in sources
    )
    for number in re.findall(r'href="#source-(\d+)"', page):
        assert f'id="source-{number}"' in page
    assert '<li><a href="#sources">Sources</a></li>' in page


def test_the_reference_article_cites_real_sources(client, site_content):
    page = client.get(REFERENCE).content.decode()
    assert page.count('<li id="source-') == 6
    assert "Hazan, C., Shaver, P. (1987)" in page
    assert '<sup>[<a href="#source-1">1</a>]</sup>' in page


def test_an_article_without_review_data_shows_no_review_note(client, make_article):
    make_article(slug="plain")
    page = client.get("/blog/plain/").content.decode()
    assert "Medically reviewed" not in page
    assert "Last updated" in page  # the publish date until an update is recorded
    assert '<section class="sources"' not in page


def test_a_persons_page_lists_their_published_work(client, reviewed, make_article):
    make_article(slug="hidden", status=Article.Status.DRAFT, reviewer=reviewed.reviewer)
    page = client.get("/people/dr-ada/").content.decode()
    assert '<h1>Ada Example<span class="credentials">, PsyD</span></h1>' in page
    assert "Guides medically reviewed" in page
    assert 'href="/blog/reviewed/"' in page
    assert 'href="/blog/hidden/"' not in page
    assert client.get("/people/nobody/").status_code == 404


def test_names_and_credentials_are_escaped(client, reviewed):
    reviewed.reviewer.name = "<script>alert(1)</script>"
    reviewed.reviewer.credentials = '"><img src=x>'
    reviewed.reviewer.save()
    page = client.get("/blog/reviewed/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_the_admin_list_flags_overdue_reviews(editor, make_article):
    today = timezone.localdate()
    make_article(
        slug="stale", title="Stale guide", next_review_due=today - datetime.timedelta(days=1)
    )
    make_article(slug="fresh", title="Fresh guide", next_review_due=today + datetime.timedelta(90))
    page = editor.get("/admin/articles/article/").content.decode()
    assert "<strong>Overdue</strong> since" in page
    assert "field-reading_minutes" in page and "field-reviewer" in page
    page = editor.get("/admin/articles/article/?review=overdue").content.decode()
    assert "Stale guide" in page and "Fresh guide" not in page
