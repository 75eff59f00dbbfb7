"""The reference article page, as a reader sees it."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, ChecklistItem, ComparisonRow

REFERENCE = "/blog/anxious-attachment-therapy/"


@pytest.fixture
def page(client, site_content):
    response = client.get(REFERENCE)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_header_title_byline_date_and_reading_time(page):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    assert '<a class="site-name" href="/">TherapyExplained</a>' in page
    assert "<h1>Anxious Attachment Therapy: Best Approaches and What to Expect</h1>" in page
    assert f'<p class="standfirst">{article.summary}</p>' in page
    assert (
        'Written by <a href="/people/therapyexplained-editorial/">TherapyExplained Editorial</a>'
        in page
    )
    assert '<time datetime="2026-06-11">11 June 2026</time>' in page
    assert f"{article.reading_minutes} min read" in page
    assert article.reading_minutes == 11


def test_table_of_contents_links_to_every_section(page):
    toc = page.split('<nav class="toc"', 1)[1].split("</nav>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert len(targets) >= 10
    # One control holds it: closed on a phone, shown on wider screens by site.css.
    assert f'On this page <span class="toc-count">({len(targets)} sections)</span>' in toc
    assert '<details class="open-wide">' in toc
    for target in targets:
        assert f'id="{target}"' in page, target


def test_checklist_is_real_checkboxes_with_a_counter_from_the_data(page):
    checklist = Article.objects.get(slug="anxious-attachment-therapy").checklist
    assert checklist.items.count() == 10
    assert "<legend>Signs of anxious attachment in adults</legend>" in page
    assert page.count('type="checkbox"') == 10
    assert (
        '<p class="checklist-count" role="status" hidden><span data-checklist-count>0 of 10 checked'
        in page
    )
    assert 'data-threshold="3"' in page
    assert "not a diagnostic tool" in text_of(page).lower()
    # Always there to read, script or none: its reassurance is for a reader who ticks one or two.
    assert '<div class="checklist-interpretation">' in page
    assert "Ticking one or two during a difficult week is common" in page
    # The line under the count suits how many are ticked (the script picks one).
    assert 'data-reading-many="That is three or more. It is not a diagnosis;' in page
    assert '<script src="/static/js/checklist.js" defer></script>' in page
    assert "<form" not in page.split('class="prose"')[1]  # ticks are never submitted


def test_comparison_table_is_semantic_and_counts_from_data(page):
    table = page.split('<figure class="comparison">', 1)[1].split("</figure>", 1)[0]
    assert "Therapy modalities for anxious attachment at a glance" in table
    assert "(six therapies)" in table
    assert table.count('<th scope="col">') == 4
    assert table.count('<th scope="row">') == 6
    # Each cell says what it is, for a phone that shows a row as a block.
    assert table.count('data-label="Evidence level"') == 6
    assert '<a href="/treatments/emotionally-focused-therapy-eft/">EFT</a>' in table
    assert "Psychodynamic" not in table
    assert "six modalities" not in page.lower() and "seven modalities" not in page.lower()


def test_one_section_per_modality_linking_to_its_page(page):
    for slug in [
        "emotionally-focused-therapy-eft",
        "internal-family-systems-ifs",
        "emdr-therapy",
        "dialectical-behavior-therapy-dbt",
        "somatic-therapy",
        "cbt-and-schema-therapy",
        "psychodynamic-therapy",
    ]:
        assert f'href="/treatments/{slug}/"' in page
    assert page.count("What progress looks like") >= 7


def test_timeline_faq_cta_and_related_posts(page):
    timeline = page.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert timeline.count('<li class="timeline-step">') == 4
    assert "Sessions 1–4" in timeline
    assert page.count('<details id="faq-') == 6
    assert "<summary>Is anxious attachment an anxiety disorder?</summary>" in page or (
        "anxiety disorder" in page
    )
    assert '<h2 id="cta-title">Find a Therapist for Anxious Attachment</h2>' in page
    assert '<a class="button" href="/treatments/">' in page
    related = page.split('<section class="related"', 1)[1]
    assert 'href="/blog/healing-insecure-attachment/"' in related
    assert 'href="/blog/anxious-attachment-therapy/"' not in related


def test_footer_has_crisis_notice_and_not_medical_advice(page):
    footer_html = page.split('<footer class="site-footer">', 1)[1]
    footer = text_of(footer_html)
    # Every country's lines are in the page (the reader's choice shows theirs).
    assert '<a href="tel:988">988</a>' in footer_html
    assert '<a href="tel:116123">116 123</a>' in footer_html
    assert "call your local emergency number" in footer
    assert "not medical advice" in footer


def test_counts_follow_the_data_not_the_prose(client, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    ComparisonRow.objects.filter(article=article).last().delete()
    ChecklistItem.objects.filter(checklist__article=article).last().delete()
    page = client.get(REFERENCE).content.decode()
    assert "(five therapies)" in page
    assert "0 of 9 checked" in page


def test_plain_text_fields_are_escaped(client, rich_article):
    article = rich_article(2)
    article.title = "<script>alert('t')</script>"
    article.summary = '"><img src=x onerror=alert(1)>'
    article.save()
    article.checklist.items.update(text="<b>bold</b>")
    article.faqs.update(question="<i>q</i>")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "&lt;i&gt;q&lt;/i&gt;" in page


def test_query_budget_does_not_grow_with_content(client, rich_article):
    counts = {}
    client.get("/")  # what is cached per content version (the help lines) is warm
    for n in (2, 30):
        article = rich_article(n, slug=f"size-{n}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(article.get_absolute_url())
        page = response.content.decode()
        assert page.count('type="checkbox"') == n
        assert page.count('<details id="faq-') == n
        assert page.count('<th scope="row">') == n
        assert page.count('<li id="source-') == n
        assert "Medically reviewed by" in page
        counts[n] = len(queries)
    assert counts[2] == counts[30] <= 8


def test_no_markdown_runs_per_request(client, rich_article, monkeypatch):
    article = rich_article(2)
    import markdown

    def fail(*args, **kwargs):
        raise AssertionError("markdown rendered during a request")

    monkeypatch.setattr(markdown.Markdown, "convert", fail)
    assert client.get(article.get_absolute_url()).status_code == 200


def test_body_headings_named_like_the_pages_own_ids_leave_every_id_unique(client, rich_article):
    article = rich_article(2)
    page_ids = set(
        re.findall(r' id="([^"]+)"', client.get(article.get_absolute_url()).content.decode())
    )
    # A heading for each id the page gives its own parts ("## Sources", "## Faq 1", ...).
    article.body += "".join(f"\n## {page_id.replace('-', ' ')}\n\nText.\n" for page_id in page_ids)
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) > 2 * len(page_ids) - 5
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
