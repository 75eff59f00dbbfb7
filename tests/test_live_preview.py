"""The change form's live preview: the public page's pipeline, for staff only, no inline script."""

import re

import pytest
from django.test import Client

PREVIEW = "/admin/articles/article/preview-body/"


def test_the_body_is_rendered_by_the_public_pipeline(editor, db):
    response = editor.post(PREVIEW, {"body": "## Intro\n\nSome *words* [1]."})
    assert response.status_code == 200
    result = response.json()
    assert result["html"] == (
        '<h2 id="intro">Intro</h2>\n'
        '<p>Some <em>words</em> <sup>[<a href="#source-1">1</a>]</sup>.</p>'
    )
    assert result["reading_minutes"] == 1
    assert result["problems"] == []
    assert response["Cache-Control"].startswith("max-age=0")


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
def test_hostile_input_comes_back_sanitized(editor, db, hostile):
    html = editor.post(PREVIEW, {"body": hostile}).json()["html"]
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html.lower()
    assert "<iframe" not in html


def test_problems_are_reported_while_typing(editor, db):
    body = "[[quiz]]\n\n![](/x.png)\n\n[gone](/blog/nowhere/)\n"
    problems = editor.post(PREVIEW, {"body": body}).json()["problems"]
    assert problems == [
        "Unknown marker [[quiz]]; the markers are [[checklist]], [[comparison]], [[timeline]].",
        "Every image needs alt text describing it, e.g. ![A therapist's office](/x.jpg). "
        "Missing for: /x.png",
        "These links lead to pages that do not exist or are not published: /blog/nowhere/",
    ]


def test_non_staff_and_anonymous_are_refused(client, django_user_model, db):
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("reader"))
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("codenames", [(), ("view_article",), ("change_modality",)])
def test_staff_who_may_not_write_articles_are_refused(client, make_staff, codenames):
    client.force_login(make_staff("staff", *codenames))
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


@pytest.mark.parametrize("codename", ["add_article", "change_article"])
def test_staff_who_write_articles_get_the_preview(client, make_staff, codename):
    client.force_login(make_staff("writer", codename))
    assert client.post(PREVIEW, {"body": "*x*"}).json()["html"] == "<p><em>x</em></p>"


def test_get_is_refused_and_csrf_is_enforced(editor, db, django_user_model):
    assert editor.get(PREVIEW).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(django_user_model.objects.get(username="editor"))
    assert strict.post(PREVIEW, {"body": "x"}).status_code == 403


def test_the_change_form_loads_the_script_and_has_no_inline_script(editor, db):
    page = editor.get("/admin/articles/article/add/").content.decode()
    assert '<script src="/static/js/admin_preview.js"></script>' in page
    assert f'data-preview-url="{PREVIEW}"' in page
    inline = [s for s in re.findall(r"<script([^>]*)>", page) if "src=" not in s]
    assert all("application/json" in attrs for attrs in inline), inline


def test_the_script_inserts_only_the_servers_html(client):
    script = b"".join(client.get("/static/js/admin_preview.js").streaming_content).decode()
    assert "output.innerHTML = result.html;" in script
    assert script.count("innerHTML") == 1  # problems are inserted as text
    assert "eval(" not in script
