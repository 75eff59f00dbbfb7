"""Sources, review dates and key points: on guides and therapy pages, on every path."""

import io
import json
import re
import textwrap

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Article
from modalities.models import Modality
from tests.admin_form import form_data

THERAPY = """\
---
title: Test Therapy
summary: A therapy.
checked: 2026-11-20
updated: 2026-11-21
next_review: 2027-11-20
sources:
  - {authors: "Shapiro, F.", title: "EMDR <b>basics</b>", publisher: Guilford Press, year: 2018}
  - {title: Second, year: 2013}
  - {title: Third, doi: 10.1037/a0018378}
---
## Evidence

Strong for PTSD [1, 2]. Debated [CITE].
"""


def write(root, text, name="modalities/test-therapy.md"):
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def run(command, folder):
    call_command(command, str(folder), stdout=io.StringIO())


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.django_db
def test_a_therapy_file_gives_numbered_sources_that_its_citations_link_to(client, tmp_path):
    write(tmp_path, THERAPY.replace("[CITE]", "[3]"))
    run("import_content", tmp_path)
    modality = Modality.objects.get(slug="test-therapy")
    assert [s.title for s in modality.sources.all()] == ["EMDR <b>basics</b>", "Second", "Third"]
    page = client.get("/treatments/test-therapy/").content.decode()
    assert '<sup>[<a href="#source-1">1</a>, <a href="#source-2">2</a>]</sup>' in page
    assert '<li id="source-3">' in page
    assert "EMDR &lt;b&gt;basics&lt;/b&gt;" in page  # plain text, escaped
    assert 'Last reviewed <time datetime="2026-11-20">20 November 2026</time>' in page
    assert 'Last updated <time datetime="2026-11-21">21 November 2026</time>' in page


@pytest.mark.django_db
def test_a_therapy_file_citing_a_source_it_does_not_list_is_refused(tmp_path):
    write(tmp_path, THERAPY.replace("[CITE]", "[4]"))
    with pytest.raises(CommandError, match=r"cites \[4\] but the therapy page lists 3 source"):
        run("import_content", tmp_path)
    assert not Modality.objects.exists()


@pytest.mark.django_db
def test_a_therapy_pages_sources_and_dates_survive_export_and_import(tmp_path):
    write(tmp_path / "in", THERAPY.replace("[CITE]", "[3]"))
    run("import_content", tmp_path / "in")
    run("export_content", tmp_path / "out")
    exported = (tmp_path / "out/modalities/test-therapy.md").read_text()
    assert "checked: 2026-11-20\nupdated: 2026-11-21\nnext_review: 2027-11-20\n" in exported
    Modality.objects.all().delete()
    run("import_content", tmp_path / "out")
    modality = Modality.objects.get(slug="test-therapy")
    assert [(s.title, s.year, s.doi) for s in modality.sources.all()] == [
        ("EMDR <b>basics</b>", 2018, ""),
        ("Second", 2013, ""),
        ("Third", None, "10.1037/a0018378"),
    ]
    assert str(modality.next_review_due) == "2027-11-20"
    run("export_content", tmp_path / "again")
    assert (tmp_path / "again/modalities/test-therapy.md").read_text() == exported


def therapy_admin(editor, modality):
    url = f"/admin/modalities/modality/{modality.pk}/change/"
    data = form_data(editor, url)
    data.update({"sources-TOTAL_FORMS": "1", "sources-0-order": "0", "sources-0-title": "Book"})
    return url, data


def test_the_therapy_admin_saves_sources_and_refuses_a_citation_beyond_them(editor, make_modality):
    modality = make_modality(body="Shown in trials [1].")
    url, data = therapy_admin(editor, modality)
    data["checked_on"] = "2026-11-28"
    assert editor.post(url, data).status_code == 302
    modality.refresh_from_db()
    assert [s.title for s in modality.sources.all()] == ["Book"]
    assert str(modality.checked_on) == "2026-11-28"

    data = form_data(editor, url)
    data["body"] = "Shown in trials [2]."
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "The body cites [2] but the therapy page lists 1 source(s)." in response.content.decode()
    modality.refresh_from_db()
    assert modality.body == "Shown in trials [1].\n"  # nothing lost, nothing saved


def article_file(key_points):
    lines = "".join(f"  - {point!r}\n" for point in key_points)
    return f"---\ntitle: A guide\nsummary: S.\nstatus: published\nkey_points:\n{lines}---\nBody.\n"


@pytest.mark.django_db
def test_key_points_are_shown_escaped_at_the_top_of_the_guide(client, tmp_path):
    points = ["<script>alert(1)</script> first", "Second & last", "Third"]
    write(tmp_path, article_file(points), "articles/a-guide.md")
    run("import_content", tmp_path)
    page = client.get("/blog/a-guide/").content.decode()
    box = page.split('<section class="key-points"', 1)[1].split("</section>", 1)[0]
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt; first</li>" in box
    assert "<li>Second &amp; last</li>" in box
    assert page.index("key-points") < page.index('class="prose"')
    run("export_content", tmp_path / "out")
    assert (
        "key_points:\n- <script>alert(1)</script> first\n- Second & last\n- Third\n"
        in (tmp_path / "out/articles/a-guide.md").read_text()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("count", [2, 6])
def test_a_file_with_too_few_or_too_many_key_points_is_refused(tmp_path, count):
    write(tmp_path, article_file([f"Point {n}" for n in range(count)]), "articles/a-guide.md")
    with pytest.raises(CommandError, match=f"Give 3 to 5 key points.*there are {count}"):
        run("import_content", tmp_path)


def test_the_article_admin_refuses_two_key_points_and_keeps_them(editor, make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["key_points"] = "One\n\nTwo"
    page = editor.post(url, data).content.decode()
    assert "Give 3 to 5 key points, one per line (there are 2)." in page
    assert "One\n\nTwo</textarea>" in page.replace("\r\n", "\n")


def test_meta_sitemap_and_json_ld_give_the_date_the_guide_shows(client, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    shown = article.last_updated.isoformat()
    assert shown == "2026-11-28"  # the file's 'updated', not the time of the import
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<meta property="article:modified_time" content="{shown}">' in page
    assert f'Last updated <time datetime="{shown}">' in page
    (data,) = [d for d in json_ld(page) if "dateModified" in d]
    assert data["dateModified"] == shown
    sitemap = client.get("/sitemap-articles.xml").content.decode()
    url = settings.SITE_URL + article.get_absolute_url()
    assert f"<loc>{url}</loc><lastmod>{shown}</lastmod>" in sitemap


def test_a_therapy_pages_json_ld_and_sitemap_agree_with_the_page(client, site_content):
    modality = Modality.objects.get(slug="emdr-therapy")
    shown = modality.updated_on.isoformat()
    page = client.get(modality.get_absolute_url()).content.decode()
    assert f'Last updated <time datetime="{shown}">' in page
    (data,) = [d for d in json_ld(page) if "dateModified" in d]
    assert (data["dateModified"], data["lastReviewed"]) == (shown, modality.checked_on.isoformat())
    sitemap = client.get("/sitemap-therapies.xml").content.decode()
    url = settings.SITE_URL + modality.get_absolute_url()
    assert f"<loc>{url}</loc><lastmod>{shown}</lastmod>" in sitemap


def test_every_guide_and_therapy_page_shows_dates_and_the_sources_it_cites(client, site_content):
    pages = [*Article.objects.published(), *Modality.objects.all()]
    assert len(pages) == 11
    for page in pages:
        html = client.get(page.get_absolute_url()).content.decode()
        listed = len(re.findall(r'<li id="source-\d+">', html))
        cited = {int(n) for n in re.findall(r'<a href="#source-(\d+)">', html)}
        assert listed >= 2 and cited == set(range(1, listed + 1)), page.slug  # each one cited
        assert "Last reviewed <time" in html and "Last updated <time" in html, page.slug
        if isinstance(page, Article):
            assert '<h2 id="key-points-title">Key points <span' in html, page.slug
