"""Site search: what readers find, how it is ranked, and that no query can break the page."""

import datetime
import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from faqs.models import FAQ
from search.engine import MAX_LENGTH, clean_query


def results(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    page = response.content.decode()
    hrefs = re.findall(r'<h3><a href="([^"]+)">', page)
    return page, hrefs


def test_finds_published_articles_therapies_and_questions(client, make_article, make_modality):
    article = make_article(slug="zebra-guide", title="Zebra guide")
    make_modality(slug="zebra-therapy", name="Zebra therapy")
    faq = FAQ.objects.create(article=article, question="Is a zebra striped?", answer="Yes.")
    page, hrefs = results(client, "zebra")
    assert set(hrefs) == {
        "/blog/zebra-guide/",
        "/treatments/zebra-therapy/",
        f"/blog/zebra-guide/#faq-{faq.pk}",
    }
    assert "3 results for “zebra”" in page
    assert '<h2 id="results-questions">Questions <span class="count">(1)</span></h2>' in page
    assert "From the guide: Zebra guide" in page


def test_drafts_scheduled_articles_and_their_questions_are_never_found(client, make_article):
    make_article(slug="public", title="Okapi public")
    draft = make_article(slug="draft", title="Okapi draft", status=Article.Status.DRAFT)
    FAQ.objects.create(article=draft, question="Okapi question?", answer="Hidden.")
    make_article(
        slug="later", title="Okapi later", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    page, hrefs = results(client, "okapi")
    assert hrefs == ["/blog/public/"]
    assert "Okapi question" not in page


def test_a_title_match_ranks_above_a_body_match(client, make_article):
    make_article(slug="body", title="Other", body="## Part\n\nSomething about walruses here.")
    make_article(slug="title", title="Walruses explained", body="## Part\n\nUnrelated text.")
    make_article(slug="summary", title="Another", summary="A note on walruses.")
    _, hrefs = results(client, "walruses")
    assert hrefs == ["/blog/title/", "/blog/summary/", "/blog/body/"]


def test_words_are_stemmed(client, make_article):
    make_article(slug="stems", title="Therapy for partners", body="## A\n\nThey were walking.")
    make_article(slug="crisis", title="Other", body="## A\n\nWhen someone feels suicidal.")
    assert results(client, "therapies")[1] == ["/blog/stems/"]
    assert results(client, "walk")[1] == ["/blog/stems/"]
    assert results(client, "suicide")[1] == ["/blog/crisis/"]


def test_search_follows_edits_faq_changes_and_deletes(client, make_article):
    article = make_article(slug="edit", title="Pangolin facts")
    assert results(client, "pangolin")[1] == ["/blog/edit/"]
    article.title = "Armadillo facts"
    article.save()
    assert results(client, "pangolin")[1] == []
    assert results(client, "armadillo")[1] == ["/blog/edit/"]
    faq = FAQ.objects.create(article=article, question="Plain?", answer="About capybaras.")
    assert results(client, "capybaras")[1] == [f"/blog/edit/#faq-{faq.pk}"]
    faq.answer = "About nothing."
    faq.save()
    assert results(client, "capybaras")[1] == []
    FAQ.objects.filter(pk=faq.pk).delete()  # a bulk delete, as an admin action does
    article.delete()
    assert results(client, "armadillo")[1] == []


def test_words_exclusion_and_phrases(client, make_article):
    make_article(slug="both", title="Anxious and avoidant partner")
    make_article(slug="anxious", title="Anxious partner")
    assert results(client, "anxious -avoidant")[1] == ["/blog/anxious/"]
    assert results(client, '"anxious partner"')[1] == ["/blog/anxious/"]


def test_snippet_marks_matches_and_escapes_content(client, make_article):
    make_article(
        slug="hostile",
        title="Hostile",
        summary="Ferrets <script>alert(1)</script> & friends",
        body="## A\n\nThe ferret &lt;img src=x onerror=alert(1)&gt; sleeps.",
    )
    page, _ = results(client, "ferrets")
    snippet = page.split('<p class="snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>Ferrets</mark>" in snippet
    # Escaped as text (PostgreSQL's headline may drop what looks like a tag).
    assert "&amp; friends" in snippet
    assert "&lt;img src=x onerror=alert(1)&gt;" in snippet
    assert "<script>" not in snippet and "<img" not in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_results_are_paginated(client, make_article):
    for i in range(13):
        make_article(slug=f"lemur-{i}", title=f"Lemur {i}")
    page, hrefs = results(client, "lemur")
    assert len(hrefs) == 10
    assert "13 results for “lemur”; page 1 of 2." in page
    assert 'href="?q=lemur&amp;page=2"' in page
    page, hrefs = results(client, "lemur", page=2)
    assert len(hrefs) == 3
    assert "<title>Search results for “lemur” (page 2) | TherapyExplained</title>" in page
    assert results(client, "lemur", page="abc")[1] == results(client, "lemur")[1]


HOSTILE_QUERIES = [
    "",
    " ",
    "x",
    "a" * 1000,
    "word " * 300,
    "\x00",
    "abc\x00def",
    "🙂",
    "🙂🙂 therapy",
    "zaÌˆlgo",
    "\u202eevil\u202c",
    "\u200b\u200b",
    "日本語のテキスト",
    "مرحبا",
    "' OR 1=1 --",
    "!!!",
    "& | ! <-> :*",
    '"',
    '"unbalanced',
    "-",
    "--",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "%00",
    "\\",
    "NEAR(anxious therapy, 2)",
    "therapy*",
    "title:therapy",
    "^therapy",
    "therapy AND OR NOT",
    '"therapy" + "guide"',
    "{title body}: therapy",
    "a\x00b therapy",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_odd_queries_get_a_helpful_page_with_the_query_escaped(client, make_article, q):
    make_article(slug="guide", title="Therapy guide")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert 'name="q"' in page
    assert '<meta name="robots" content="noindex">' in page
    text = re.sub(r"<[^>]+>", " ", page)
    assert any(
        message in text
        for message in [
            "Type a word or two",
            "too short to search for",
            "Nothing matched",
            "result for",
            "results for",
        ]
    ), q


def test_an_empty_query_suggests_topics(client, site_content):
    page, _ = results(client, "")
    assert "Type a word or two" in page
    assert 'href="/topics/attachment/"' in page
    assert "<title>Search | TherapyExplained</title>" in page


def test_a_long_query_is_shortened_and_said_so(client, make_article):
    page, _ = results(client, "therapy " * 200)
    assert "Your search was long, so we used only its first part" in page


def test_clean_query():
    assert clean_query("  anxious\u200b   attachment\x00 ").text == "anxious attachment"
    assert clean_query("ﬁnd").text == "find"  # NFKC folds compatibility characters
    assert clean_query("\x00").problem == "empty"
    assert clean_query("é").problem == "short"
    long = clean_query("word " * 100)
    assert long.shortened and len(long.text) <= MAX_LENGTH and long.text.endswith("word")
    assert len(clean_query("a" * 1000).text) == MAX_LENGTH


def test_header_search_box_is_a_plain_labelled_get_form(client, db):
    page = client.get("/").content.decode()
    form = page.split('<form class="site-search"', 1)[1].split("</form>", 1)[0]
    assert 'role="search"' in form and 'action="/search/"' in form and 'method="get"' in form
    assert '<label for="site-search-q">' in form and 'id="site-search-q"' in form
    assert 'name="q"' in form and '<button type="submit">' in form


def test_search_query_budget_does_not_grow_with_results(client, make_article, make_modality):
    counts = {}
    client.get("/")  # what is cached per content version (the help lines) is warm
    for n in (2, 20):
        for i in range(n):
            article = make_article(slug=f"quokka-{n}-{i}", title=f"Quokka {i}")
            FAQ.objects.create(article=article, question="Quokka?", answer="Quokka.")
            make_modality(slug=f"quokka-therapy-{n}-{i}", name=f"Quokka therapy {i}")
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": "quokka"})
        counts[n] = len(queries)
    # At most: count, page, one query per kind of result on the page.
    assert counts[20] <= counts[2] <= 5


@pytest.mark.parametrize("raw", ["%ED%A0%80", "%FF%FE", "%C0%AF", "%E2%80", "q=%00"])
def test_malformed_utf8_in_the_address_is_not_an_error(client, db, raw):
    response = client.get(f"/search/?q={raw}")
    assert response.status_code == 200


@pytest.mark.parametrize("q", ["!!", "--", '""', "-anxious", "?!?!"])
def test_a_query_without_words_lists_nothing(client, make_article, q):
    make_article(slug="visible", title="Anxious attachment")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    page = response.content.decode()
    assert "has no words to search for" in page
    assert "/blog/visible/" not in page.split("</header>", 1)[1]


def test_a_result_deleted_while_searching_is_left_out_not_a_500(client, make_article):
    from search import engine

    article = make_article(slug="zebra-guide", title="Zebra guide")
    faq = FAQ.objects.create(article=article, question="Is a zebra striped?", answer="Yes.")
    ranked_only = engine._objects

    def deleted_meanwhile(source, query, pks, postgres):
        FAQ.objects.filter(pk=faq.pk).delete()  # an import replacing the guide's questions
        return ranked_only(source, query, pks, postgres)

    with mock.patch.object(engine, "_objects", deleted_meanwhile):
        response = client.get("/search/?q=zebra")
    assert response.status_code == 200
    assert "/blog/zebra-guide/" in response.content.decode()
