"""The change form's preview: the whole unsaved form, checked as a save would check it,
rendered as the public page, saving nothing; for those who may write articles only."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.utils.html import escape

from articles.models import Article, Checklist, ChecklistItem, ComparisonRow, Source
from core.models import Link
from faqs.models import FAQ
from tests.admin_form import errors_of, form_data

ADD = "/admin/articles/article/add/"
PREVIEW = "/admin/articles/article/preview/"


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def preview_url(article):
    return f"/admin/articles/article/{article.pk}/preview/"


@pytest.fixture
def new_article(editor):
    """The add form as a browser would post it, with the fields a save needs filled in."""
    data = form_data(editor, ADD)
    data.update(title="New guide", slug="new-guide", summary="A new guide.")
    return data


def with_checklist(data, *items):
    data.update(
        {
            "checklist-TOTAL_FORMS": "1",
            "checklist-0-title": "Signs to look for",
            "checklist-0-note": "Not a diagnosis.",
            "checklist-0-items_text": "\n".join(items),
            "checklist-0-threshold": "2",
        }
    )
    return data


def with_sources(data, *titles):
    data["sources-TOTAL_FORMS"] = str(len(titles))
    for index, title in enumerate(titles):
        data[f"sources-{index}-title"] = title
        data[f"sources-{index}-order"] = str(index)
    return data


def stored_counts():
    models = [Article, Article.history.model, Checklist, ChecklistItem, ComparisonRow, Source]
    return [model.objects.count() for model in models] + [FAQ.objects.count(), Link.objects.count()]


def tags_of(page):
    """Every start tag of a page as (name, {attribute: value})."""
    tags = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: tags.append((tag, dict(attrs)))
    parser.feed(page)
    return tags


def article_element(page):
    """The <article> of a page: what the public page and the preview must share."""
    return re.search(r'<article class="article wrap">.*</article>', page, re.S).group(0)


def test_a_new_article_is_previewed_as_the_public_page_with_its_checklist(editor, new_article):
    data = with_checklist(new_article, "Worry when apart", "Needing reassurance")
    data["body"] = "## Signs\n\nSome *words*.\n\n[[checklist]]\n"
    before = stored_counts()
    result = editor.post(PREVIEW, data).json()
    assert result["problems"] == []
    page = result["page"]
    assert "Preview of unsaved changes" in page
    assert "<h1>New guide</h1>" in page
    assert '<h2 id="signs">Signs</h2>' in page and "<em>words</em>" in page
    assert "<legend>Signs to look for</legend>" in page
    assert page.index("Worry when apart") < page.index("Needing reassurance")
    assert 'data-threshold="2"' in page
    assert '<script src="/static/js/checklist.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/static/css/site.css">' in page
    assert result["reading_minutes"] == 1
    assert stored_counts() == before


def test_a_citation_with_no_source_is_a_problem_pointing_at_the_sources(editor, new_article):
    data = with_sources(new_article, "First", "Second")
    data["body"] = "As shown [1], [2] and [3].\n"
    result = editor.post(PREVIEW, data).json()
    assert result["problems"] == [
        {
            "where": "Sources",
            "message": "The body cites [3] but the article lists 2 source(s). "
            "Add the source, or correct the number.",
            "target": "sources-group",
        }
    ]
    assert '<li id="source-2"><cite>Second</cite>.</li>' in result["page"]


def test_a_comparison_row_with_no_therapy_is_a_problem_pointing_at_its_field(editor, new_article):
    new_article.update(
        {
            "body": "[[comparison]]\n",
            "comparison_rows-TOTAL_FORMS": "1",
            "comparison_rows-0-best_for": "Worry",
            "comparison_rows-0-format": "Weekly",
            "comparison_rows-0-evidence": "Strong",
        }
    )
    problems = editor.post(PREVIEW, new_article).json()["problems"]
    assert {
        "where": "Comparison row 1: Therapy",
        "message": "Choose the therapy this row describes.",
        "target": "id_comparison_rows-0-modality",
    } in problems


def test_a_marker_with_no_data_and_missing_fields_are_problems(editor):
    data = form_data(editor, ADD)
    data["body"] = "[[timeline]]\n\n[gone](/blog/nowhere/)\n"
    problems = editor.post(PREVIEW, data).json()["problems"]
    where = {(p["where"], p["target"]) for p in problems}
    assert ("Title", "id_title") in where
    assert ("Summary", "id_summary") in where
    assert ("Body (when published)", "id_body") in where
    messages = " ".join(p["message"] for p in problems)
    assert "[[timeline]]" in messages
    assert "/blog/nowhere/" in messages


@pytest.mark.parametrize("url", [PREVIEW, ADD])
def test_a_marker_with_no_data_is_refused_with_a_browsers_line_endings(editor, new_article, url):
    new_article["body"] = "Intro.\r\n\r\n[[comparison]]\r\n"  # as browsers post a textarea
    response = editor.post(url, new_article)
    if url == ADD:
        assert "there is no comparison to show" in " ".join(errors_of(response))
        assert not Article.objects.exists()
    else:
        messages = [p["message"] for p in response.json()["problems"]]
        assert any("there is no comparison to show" in m for m in messages)


def test_an_unrenderable_body_shows_nothing_and_says_why(editor, make_article):
    article = make_article(body="## Stored\n\nThe saved body.")
    data = form_data(editor, change_url(article))
    data["body"] = ">" * 200 + " deep\n"
    result = editor.post(preview_url(article), data).json()
    assert [p["target"] for p in result["problems"]] == ["id_body"]
    assert "The saved body" not in result["page"]


def test_the_preview_of_an_unchanged_article_is_its_public_page(editor, rich_article):
    article = rich_article(2)
    data = form_data(editor, change_url(article))
    before = stored_counts()
    result = editor.post(preview_url(article), data).json()
    assert result["problems"] == []
    public = editor.get(article.get_absolute_url()).content.decode()
    assert article_element(result["page"]) == article_element(public)
    page = result["page"]
    shown = ("Sign 1", "Options compared", "Phase 1", "Source 1", "Question 1?", "Related posts")
    assert all(part in page for part in shown)
    assert stored_counts() == before


def test_edits_to_a_saved_article_are_previewed_and_not_saved(editor, rich_article):
    article = rich_article(2)
    data = form_data(editor, change_url(article))
    data["title"] = "A retitled guide"
    data["body"] = data["body"].replace("## Timeline", "## What happens when")
    data["checklist-0-items_text"] = "A brand new sign"
    data["timeline_steps-0-title"] = "First weeks"
    data["sources-1-DELETE"] = "on"
    data["faqs-0-answer"] = "A **bold** answer."
    version = Article.objects.get(pk=article.pk).version
    before = stored_counts()
    page = editor.post(preview_url(article), data).json()["page"]
    assert "<h1>A retitled guide</h1>" in page
    assert '<h2 id="what-happens-when">What happens when</h2>' in page
    assert "A brand new sign" in page and "Sign 1" not in page
    assert "First weeks" in page
    assert "Source 0" in page and "Source 1" not in page
    assert "<strong>bold</strong>" in page
    assert stored_counts() == before
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.version) == (article.title, version)
    assert list(stored.checklist.items.values_list("text", flat=True)) == ["Sign 0", "Sign 1"]


def test_a_stale_form_is_a_problem_as_a_save_would_be(editor, make_article):
    article = make_article()
    data = form_data(editor, change_url(article))
    Article.objects.get(pk=article.pk).save()  # someone else saves meanwhile
    problems = editor.post(preview_url(article), data).json()["problems"]
    assert [p["where"] for p in problems] == [""]
    assert "changed by someone else" in problems[0]["message"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)" alt="a">',
        "[x](javascript:alert(1))",
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_hostile_input_comes_back_sanitized(editor, new_article, hostile):
    new_article["body"] = hostile
    new_article["title"] = hostile
    new_article["cta_title"] = "Act"
    new_article["cta_text"] = hostile
    page = editor.post(PREVIEW, new_article).json()["page"]
    tags = tags_of(page)
    scripts = {attrs.get("type") or attrs["src"] for tag, attrs in tags if tag == "script"}
    assert scripts <= {
        "application/ld+json",
        "/static/js/checklist.js",
        "/static/js/share.js",
        "/static/js/helplines.js",
    }
    assert not [attrs for _, attrs in tags if any(name.startswith("on") for name in attrs)]
    urls = [a.get(name) or "" for _, a in tags for name in ("href", "src", "action")]
    assert not [url for url in urls if "javascript:" in url.lower()]
    assert "iframe" not in {tag for tag, _ in tags}
    assert f"<h1>{escape(hostile)}</h1>" in page  # the title is shown as the text it is


def test_non_staff_and_anonymous_are_refused(client, django_user_model, db):
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    "codenames", [(), ("view_article",), ("change_modality",), ("change_article",)]
)
def test_staff_who_may_not_add_articles_get_no_preview_of_a_new_one(client, make_staff, codenames):
    client.force_login(make_staff("staff", *codenames))
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


@pytest.mark.parametrize("codenames", [(), ("view_article",), ("add_article",)])
def test_staff_who_may_not_change_an_article_get_no_preview_of_it(
    client, make_staff, make_article, codenames
):
    article = make_article()
    client.force_login(make_staff("staff", *codenames))
    assert client.post(preview_url(article), {"body": "x"}).status_code == 403


def test_writers_get_the_preview_of_what_they_may_write(client, make_staff, make_article):
    article = make_article(status=Article.Status.DRAFT)  # a published one is the editor's
    client.force_login(make_staff("writer", "add_article", "change_article", "view_article"))
    data = form_data(client, change_url(article))
    data["body"] = "*x*"
    assert "<p><em>x</em></p>" in client.post(preview_url(article), data).json()["page"]
    assert client.post(PREVIEW, form_data(client, ADD)).status_code == 200


def test_an_unknown_article_is_a_404(editor, db):
    assert editor.post("/admin/articles/article/999999/preview/", {}).status_code == 404
    assert editor.post("/admin/articles/article/nonsense/preview/", {}).status_code == 404


def test_get_is_refused_and_csrf_is_enforced(editor, db, django_user_model):
    assert editor.get(PREVIEW).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(username="editor"))
    assert strict.post(PREVIEW, {"body": "x"}).status_code == 403


def test_the_change_form_loads_the_scripts_and_has_no_inline_script(editor, make_article):
    page = editor.get(ADD).content.decode()
    assert '<script src="/static/js/admin_preview.js"></script>' in page
    assert '<script src="/static/js/admin_editor.js"></script>' in page
    assert f'data-preview-url="{PREVIEW}"' in page
    inline = [s for s in re.findall(r"<script([^>]*)>", page) if "src=" not in s]
    assert all("application/json" in attrs for attrs in inline), inline
    article = make_article()
    page = editor.get(change_url(article)).content.decode()
    assert f'data-preview-url="{preview_url(article)}"' in page


def test_the_script_inserts_the_page_only_into_the_frame(client):
    script = b"".join(client.get("/static/js/admin_preview.js").streaming_content).decode()
    assert "frame.srcdoc = result.page;" in script
    assert "innerHTML" not in script  # problems are inserted as text
    assert "eval(" not in script
