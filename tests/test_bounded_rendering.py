"""Rendering cannot run away: input Python-Markdown handles in quadratic time (or worse)
is refused promptly with a message naming the problem, on every path (model, admin form,
live preview, importer), and every text the limits allow renders in bounded time."""

import io
import time
from pathlib import Path

import frontmatter
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from articles.models import Article
from core import markup, render_limits
from faqs.models import FAQ
from tests.admin_form import errors_of, form_data

SECONDS = 2  # generous: each case takes well under half of this on a loaded machine

NESTED = "Square brackets are nested or left open more than 32 deep near line 1."
OPEN_LINKS = "Parentheses are nested or left open more than 32 deep near line 1."
# The inputs of the report, with what a save says about each.
REPORTED = [
    pytest.param("[" * 2000 + "x" + "]" * 2000, NESTED, id="nested-2000"),
    pytest.param("[" * 4000 + "x" + "]" * 4000, NESTED, id="nested-4000"),
    pytest.param("[a](" * 8000, OPEN_LINKS, id="open-links-8000"),
]
OVERSIZE = "word " * 23_999 + "word"  # 120,000 characters with the final newline
OVERSIZE_PROBLEM = "The text is 120,000 characters; the limit is 100,000."


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def test_real_content_is_inside_every_limit():
    for path in Path(settings.CONTENT_DIR).rglob("*.md"):
        text = markup.normalize_source(frontmatter.load(path).content)
        assert render_limits.problems(text) == [], path


@pytest.mark.parametrize(("body", "problem"), [*REPORTED, (OVERSIZE, OVERSIZE_PROBLEM)])
def test_the_model_refuses_before_rendering(db, body, problem):
    article = Article(slug="guide", title="A guide", summary="S.", body=body)
    with Timer() as timer, pytest.raises(ValidationError) as error:
        article.full_clean()
    assert problem in error.value.message_dict["body"]
    assert timer.seconds < SECONDS


def test_every_markdown_field_is_bounded(db):
    answer = FAQ(question="Why?", answer="[" * 2000 + "x" + "]" * 2000)
    with pytest.raises(ValidationError) as error:
        answer.render_markdown()
    assert NESTED in error.value.message_dict["answer"]


PREVIEW = "/admin/articles/article/preview/"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        *REPORTED,
        pytest.param("[a](" * 6000, OPEN_LINKS, id="24KB-post"),
        (OVERSIZE, OVERSIZE_PROBLEM),
    ],
)
def test_the_live_preview_answers_promptly_with_the_problem(editor, body, problem):
    data = form_data(editor, "/admin/articles/article/add/")
    data["body"] = body
    with Timer() as timer:
        response = editor.post(PREVIEW, data)
    assert response.status_code == 200
    assert problem in [p["message"] for p in response.json()["problems"]]
    assert '<div class="prose">\n    \n  </div>' in response.json()["page"]  # no body shown
    assert timer.seconds < SECONDS


def test_the_admin_form_shows_the_problem_and_saves_nothing(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["body"] = "[a](" * 8000
    with Timer() as timer:
        response = editor.post(url, data)
    assert response.status_code == 200
    assert OPEN_LINKS in errors_of(response)
    assert Article.objects.get(pk=article.pk).body == article.body
    assert timer.seconds < SECONDS * 2  # the whole change form, inlines included


ARTICLE = "---\ntitle: A guide\nsummary: S.\n---\n"


@pytest.mark.django_db
@pytest.mark.parametrize(("body", "problem"), [*REPORTED, (OVERSIZE, OVERSIZE_PROBLEM)])
def test_the_importer_names_the_file_and_imports_nothing(tmp_path, body, problem):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "fine.md").write_text(ARTICLE + "Fine.\n", encoding="utf-8")
    (tmp_path / "articles" / "bad.md").write_text(ARTICLE + body + "\n", encoding="utf-8")
    with Timer() as timer, pytest.raises(CommandError) as error:
        call_command("import_content", str(tmp_path), stdout=io.StringIO())
    message = str(error.value)
    assert f"{tmp_path / 'articles' / 'bad.md'}: 'body': {problem}" in message
    assert "Nothing was imported." in message
    assert not Article.objects.exists()
    assert timer.seconds < SECONDS


# More shapes that are slow (or recurse) in Python-Markdown, at the size limit.
FAMILIES = {
    "open brackets": "[" * 100_000,
    "open image brackets": "![" * 50_000,
    "open markers": "[[" * 50_000,
    "unclosed tags": "<a " * 33_000,
    "autolinks": "<http://" * 12_500,
    "backticks": "`a``" * 25_000,
    "emphasis": "***a*b" * 16_000,
    "nested emphasis": "*a " * 16_000 + "b" + " a*" * 16_000,
    "one-line lists": "- " * 50_000 + "x",
    "nested quotes": "> " * 50_000 + "x",
    "indented lists": "\n".join("    " * level + "- x" for level in range(220)),
    "citations": "[" + "1, " * 33_000 + "1]",
    "reference links": "[r]: /x\n\n" + "[a][r] " * 14_000,
    "html blocks": "<div>\n" * 16_000,
    "rules": "***\n" * 25_000,
    "setext headings": "a\n=\n" * 25_000,
    "headings": "## a\n\n" * 16_000,
}
# The largest paragraph each limit allows, repeated up to the limits of the whole text.
ALLOWED = {
    "nested brackets": "[" * 32 + "x" + "]" * 32,
    "open links": "[a](" * 32,
    "emphasis": "*a" * 400,
    "nested lists": "- " * 8 + "x",
    "indented lists": "\n".join("    " * level + "- x" for level in range(8)),
    "list items": "- x\n" * 299,
    "rules": "***\n" * 133,
    "setext headings": "a\n=\n" * 149,
}


def largest_allowed(paragraph):
    """The paragraph repeated as often as the limits allow (to within an eighth)."""
    count = 1
    while True:
        more = count + max(1, count // 8)
        if render_limits.problems("\n\n".join([paragraph] * more)):
            return "\n\n".join([paragraph] * count)
        count = more


@pytest.mark.parametrize("text", FAMILIES.values(), ids=FAMILIES)
def test_pathological_input_is_refused_or_rendered_at_once(text):
    with Timer() as timer:
        try:
            markup.render_document(text)
        except render_limits.Unrenderable as error:
            assert error.messages
    assert timer.seconds < SECONDS


@pytest.mark.parametrize("paragraph", ALLOWED.values(), ids=ALLOWED)
def test_what_the_limits_allow_renders_in_bounded_time(paragraph):
    text = largest_allowed(paragraph)
    with Timer() as timer:
        markup.render_document(text)
    assert timer.seconds < SECONDS


def test_past_the_time_budget_rendering_stops_with_a_message(monkeypatch):
    monkeypatch.setattr(render_limits, "TIME_BUDGET", -1)
    with pytest.raises(render_limits.Unrenderable) as error:
        markup.render_document("Some [link](/x) and *emphasis*.")
    assert error.value.messages == [render_limits.TOO_SLOW]
