"""Editors work in the Django admin: every model is there and usable."""

import pytest

from articles.models import Article, Checklist
from faqs.models import FAQ
from modalities.models import Modality
from people.models import Person
from tests.admin_form import form_data


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/article/",
        "/admin/articles/article/?q=attachment",
        "/admin/articles/article/?state=draft",
        "/admin/articles/article/?state=scheduled",
        "/admin/articles/article/?state=live",
        "/admin/articles/article/?review=overdue",
        "/admin/articles/article/?review=soon",
        "/admin/articles/article/?review=unset",
        "/admin/modalities/modality/?q=EFT",
        "/admin/people/person/",
        "/admin/core/pathredirect/",
        "/admin/articles/article/add/",
        "/admin/modalities/modality/add/",
        "/admin/topics/topic/",
        "/admin/topics/topic/add/",
        "/admin/articles/article/?topics__id__exact=1",
        "/admin/people/person/add/",
    ],
)
def test_admin_pages_load(editor, site_content, url):
    assert editor.get(url).status_code == 200


def test_change_forms_show_inlines_and_read_only_html(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    page = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "Comparison rows" in page
    assert "FAQs" in page
    assert "Timeline steps" in page
    assert "the body cites them as [1], [2]" in page
    assert 'name="body_html"' not in page  # stored HTML is shown, never edited
    items = form_data(editor, f"/admin/articles/article/{article.pk}/change/")[
        "checklist-0-items_text"
    ]
    assert len(items.splitlines()) == 10
    modality = Modality.objects.get(slug="emdr-therapy")
    assert editor.get(f"/admin/modalities/modality/{modality.pk}/change/").status_code == 200


def test_parts_of_an_article_have_no_admin_of_their_own(editor, site_content):
    """FAQs and checklists are edited on their article's form, with its checks and revisions."""
    faq = FAQ.objects.first()
    checklist = Checklist.objects.first()
    assert editor.get(f"/admin/faqs/faq/{faq.pk}/change/").status_code == 404
    assert editor.get(f"/admin/articles/checklist/{checklist.pk}/change/").status_code == 404


def inline_management(prefix, total=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_article_data(**overrides):
    data = {
        "title": "A new guide",
        "slug": "a-new-guide",
        "summary": "What it covers.",
        "status": "published",
        "published_at_0": "2026-01-02",
        "published_at_1": "09:00:00",
        "body": "## Hello\n\nSome *markdown* <script>alert(1)</script>",
        "faqs-0-question": "Is it safe?",
        "faqs-0-answer": "Yes, **mostly**.",
        "faqs-0-order": "0",
        **inline_management("checklist"),
        **inline_management("comparison_rows"),
        **inline_management("timeline_steps"),
        **inline_management("faqs", total=1),
        **inline_management("sources"),
    }
    data.update(overrides)
    return data


def test_an_editor_writes_and_publishes_an_article(editor, client, make_person):
    author = make_person(slug="editorial-team", name="Editorial Team")
    response = editor.post("/admin/articles/article/add/", new_article_data(author=author.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(slug="a-new-guide")
    assert article.body_html == '<h2 id="hello">Hello</h2>\n<p>Some <em>markdown</em> </p>'
    assert article.faqs.get().answer_html == "<p>Yes, <strong>mostly</strong>.</p>"
    assert article.author == author
    client.logout()
    page = client.get("/blog/a-new-guide/").content.decode()
    assert "<summary>Is it safe?</summary>" in page
    assert 'Written by <a href="/people/editorial-team/">Editorial Team</a>' in page


def test_slug_is_prepopulated_from_the_title(editor, db):
    page = editor.get("/admin/articles/article/add/").content.decode()
    assert "prepopulated" in page


def test_editors_set_topics_on_articles_and_therapies(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    page = editor.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert 'name="topics"' in page and 'name="related"' in page
    modality = Modality.objects.get(slug="emdr-therapy")
    page = editor.get(f"/admin/modalities/modality/{modality.pk}/change/").content.decode()
    assert 'name="topics"' in page
    response = editor.post(
        "/admin/topics/topic/add/",
        {"name": "Sleep", "slug": "sleep", "summary": "Rest.", "body": "*Zzz*", "order": "0"},
    )
    assert response.status_code == 302
    assert editor.get("/topics/sleep/").status_code == 200


def test_people_are_edited_in_the_admin(editor, client):
    response = editor.post(
        "/admin/people/person/add/",
        {"name": "Ada Reviewer", "slug": "ada-reviewer", "credentials": "PsyD", "bio": "*Hi*"},
    )
    assert response.status_code == 302
    assert Person.objects.get().bio_html == "<p><em>Hi</em></p>"
    page = client.get("/people/ada-reviewer/").content.decode()
    assert '<h1>Ada Reviewer<span class="credentials">, PsyD</span></h1>' in page
