"""Checks on save: an editor's mistake is a form error that names it, and nothing is saved."""

import pytest

from articles.models import Article
from tests.admin_form import errors_of, form_data

REFERENCE = "anxious-attachment-therapy"


@pytest.fixture
def change(editor, site_content):
    """Load the reference article's change form, edit it, post it; return (response, errors)."""
    article = Article.objects.get(slug=REFERENCE)
    url = f"/admin/articles/article/{article.pk}/change/"

    def post(**edits):
        data = form_data(editor, url)
        data.update(edits)
        response = editor.post(url, data)
        if response.status_code == 302:
            return response, []
        assert response.status_code == 200
        return response, errors_of(response)

    return post


def test_the_unchanged_form_saves(change):
    response, errors = change()
    assert errors == []
    assert response.status_code == 302


def body_of():
    return Article.objects.get(slug=REFERENCE).body


def test_unknown_embed_marker(change):
    before = body_of()
    _, errors = change(body=before + "\n[[quiz]]\n")
    assert any("Unknown marker [[quiz]]" in e for e in errors)
    assert body_of() == before


def test_marker_without_its_data(change):
    edits = {f"timeline_steps-{i}-DELETE": "on" for i in range(4)}
    _, errors = change(**edits)
    assert any("The body places [[timeline]] but there is no timeline" in e for e in errors)
    assert Article.objects.get(slug=REFERENCE).timeline_steps.count() == 4


def test_deleting_every_comparison_row_while_the_body_places_the_table(change, editor):
    article = Article.objects.get(slug=REFERENCE)
    edits = {f"comparison_rows-{i}-DELETE": "on" for i in range(article.comparison_rows.count())}
    _, errors = change(**edits)
    assert (
        "The body places [[comparison]] but there is no comparison to show. Add one here, "
        "or remove the [[comparison]] line from the body." in errors
    )
    assert article.comparison_rows.count() == 6


def test_links_to_missing_or_unpublished_pages_are_listed(change, make_article):
    make_article(slug="still-a-draft", status=Article.Status.DRAFT)
    body = body_of() + "\nSee [one](/blog/no-such-guide/), [two](/blog/still-a-draft/), "
    body += "[three](/treatments/nope/) and [fine](/treatments/emdr-therapy/).\n"
    _, errors = change(body=body)
    assert (
        "These links lead to pages that do not exist or are not published: "
        "/blog/no-such-guide/, /blog/still-a-draft/, /treatments/nope/" in errors
    )


def test_a_draft_may_link_to_pages_not_yet_published(change):
    _, errors = change(body=body_of() + "\n[soon](/blog/coming-soon/)\n", status="draft")
    assert errors == []


def test_image_without_alt_text(change):
    _, errors = change(body=body_of() + "\n![](/static/x.png)\n")
    assert any("needs alt text" in e and "/static/x.png" in e for e in errors)


def test_empty_checklist(change):
    _, errors = change(**{"checklist-0-items_text": "  \n\n"})
    assert "A checklist needs at least one item, one per line." in errors
    assert Article.objects.get(slug=REFERENCE).checklist.items.count() == 10


def test_comparison_row_without_a_modality(change):
    _, errors = change(**{"comparison_rows-0-modality": ""})
    assert "Choose the therapy this row describes." in errors


def test_citation_of_a_source_that_is_not_listed(change):
    _, errors = change(body=body_of() + "\nAs shown before [9].\n")
    assert "The body cites [9] but the article lists 6 source(s)." in " ".join(errors)


def test_reviewer_needs_a_review_date(change, make_person):
    reviewer = make_person(slug="dr-test", credentials="PsyD")
    _, errors = change(reviewer=str(reviewer.pk), reviewed_on="")
    assert "A clinical reviewer and the review date go together." in errors


def test_faq_answer_links_are_checked_when_published(change):
    _, errors = change(**{"faqs-0-answer": "See [this](/blog/gone/)."})
    assert "These links lead to pages that do not exist or are not published: /blog/gone/" in errors


def test_checklist_items_are_edited_as_lines(change):
    _, errors = change(**{"checklist-0-items_text": "First sign\nSecond sign\n"})
    assert errors == []
    items = Article.objects.get(slug=REFERENCE).checklist.items.all()
    assert [(i.text, i.order) for i in items] == [("First sign", 0), ("Second sign", 1)]


def test_an_article_cannot_be_related_to_itself(change):
    article = Article.objects.get(slug=REFERENCE)
    _, errors = change(related=[str(article.pk)])
    assert "An article cannot be related to itself." in errors


def test_publishing_a_draft_from_its_form_dates_it_now(editor, make_article):
    import datetime

    from django.utils import timezone

    draft = make_article(
        slug="old-draft",
        status=Article.Status.DRAFT,
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    url = f"/admin/articles/article/{draft.pk}/change/"
    data = form_data(editor, url)
    data["status"] = "published"
    assert editor.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert timezone.now() - draft.published_at < datetime.timedelta(minutes=1)
