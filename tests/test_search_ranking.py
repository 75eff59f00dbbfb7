"""Search as readers use it: a therapy page first for its own name, results grouped
by kind with counts, typos answered with "Did you mean", and the index rebuildable."""

import re

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article
from faqs.models import FAQ
from modalities.models import Modality


def results(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    page = response.content.decode()
    return page, re.findall(r'<h3><a href="([^"]+)">', page)


def text(page):
    return " ".join(re.sub(r"<[^>]+>", "", page).split())


@pytest.mark.parametrize(
    ("q", "slug", "name", "short_name"),
    [
        ("EMDR", "emdr-therapy", "Eye Movement Desensitization and Reprocessing", "EMDR"),
        ("schema therapy", "schema", "Schema Therapy", ""),
        ("emotionally focused therapy", "eft", "Emotionally Focused Therapy", "EFT"),
    ],
)
def test_a_therapy_page_comes_first_for_its_own_name(
    client, make_article, make_modality, q, slug, name, short_name
):
    make_modality(slug=slug, name=name, short_name=short_name, body="## About\n\n" + "Text. " * 80)
    article = make_article(slug="guide", title="Attachment guide")
    for n in range(3):
        FAQ.objects.create(
            article=article, question=f"Is {q} right for me? ({n})", answer=f"{q} can help. {q}."
        )
    _, hrefs = results(client, q)
    assert hrefs[0] == f"/treatments/{slug}/"


def test_on_the_site_therapy_pages_do_not_fall_behind_every_question(client, site_content):
    page, hrefs = results(client, "anxious")
    therapies = [href for href in hrefs if href.startswith("/treatments/")]
    assert len(therapies) >= 3, hrefs  # on page 1, beside the guides
    assert hrefs[0].startswith("/blog/")
    assert results(client, "EMDR")[1][0] == "/treatments/emdr-therapy/"


def test_results_are_grouped_by_kind_with_counts_and_a_kind_can_be_kept(
    client, make_article, make_modality
):
    for n in range(3):
        article = make_article(slug=f"okapi-{n}", title=f"Okapi guide {n}")
        FAQ.objects.create(article=article, question="An okapi?", answer="Okapi.")
        FAQ.objects.create(article=article, question="Two okapis?", answer="Okapis.")
    make_modality(slug="okapi-therapy", name="Okapi therapy")
    page, hrefs = results(client, "okapi")
    assert "10 results for “okapi”: 3 guides, 1 therapy, 6 questions." in text(page)
    headings = re.findall(r'<h2 id="results-(\w+)">', page)
    assert sorted(headings) == ["guides", "questions", "therapies"]
    assert 'href="?q=okapi&amp;kind=questions"' in page

    page, hrefs = results(client, "okapi", kind="questions")
    assert len(hrefs) == 6 and all("#faq-" in href for href in hrefs)
    assert "Showing questions only. Show all 10 results." in text(page)
    assert re.findall(r'<h2 id="results-(\w+)">', page) == ["questions"]
    # An unknown kind is ignored, not an error.
    assert len(results(client, "okapi", kind="<script>")[1]) == 10


def test_pagination_keeps_the_kind(client, make_article):
    article = make_article(slug="tapir", title="Tapir")
    for n in range(12):
        FAQ.objects.create(article=article, question=f"Tapir {n}?", answer="Tapirs.")
    page, hrefs = results(client, "tapir", kind="questions")
    assert len(hrefs) == 10
    assert 'href="?q=tapir&amp;kind=questions&amp;page=2"' in page
    assert len(results(client, "tapir", kind="questions", page=2)[1]) == 2


def test_a_misspelt_word_gets_results_for_the_closest_word(client, make_article):
    make_article(slug="anxious", title="Anxious attachment explained")
    page, hrefs = results(client, "anxius atachment")
    assert hrefs == ["/blog/anxious/"]
    assert "Did you mean anxious attachment?" in text(page)
    assert 'href="?q=anxious%20attachment"' in page


def test_no_suggestion_from_a_draft(client, make_article):
    make_article(slug="draft", title="Pangolins", status=Article.Status.DRAFT)
    page, hrefs = results(client, "pangolinz")
    assert hrefs == [] and "Did you mean" not in page and "Pangolin" not in page
    assert "Nothing matched “pangolinz”" in text(page)


def test_rebuild_search_index_restores_what_a_bulk_update_bypassed(client, make_modality):
    make_modality(slug="ibis", name="Ibis therapy")
    Modality.objects.filter(slug="ibis").update(name="Heron therapy")  # bypasses save()
    call_command("rebuild_search_index", stdout=None)
    assert results(client, "heron")[1] == ["/treatments/ibis/"]
    assert results(client, "ibis")[1] == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 index is SQLite's")
def test_the_fts5_index_is_kept_in_step_on_sqlite(make_article):
    from core.search_fields import FTS_TABLE

    article = make_article(slug="index", title="Index")
    FAQ.objects.create(article=article, question="Q?", answer="A.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        assert cursor.fetchone()[0] == 2
        article.delete()  # its questions go with it
        cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}")
        assert cursor.fetchone()[0] == 0
