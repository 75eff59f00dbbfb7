"""Revision history: every save is kept, compared, and restored with its inline children."""

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from articles.models import Article
from modalities.models import Modality
from tests.admin_form import form_data

REFERENCE = "anxious-attachment-therapy"


@pytest.fixture
def edited(editor, site_content):
    """The editor deletes an FAQ, rewrites a checklist item and retitles the article."""
    article = Article.objects.get(slug=REFERENCE)
    before = article.history.first()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    items = data["checklist-0-items_text"].splitlines()
    items[0] = "An edited first sign"
    data["checklist-0-items_text"] = "\n".join(items)
    data["faqs-0-DELETE"] = "on"
    data["title"] = "A new title"
    assert editor.post(url, data).status_code == 302
    return article, before


def snapshot(article):
    article.refresh_from_db()
    return (
        article.title,
        list(article.faqs.values_list("question", "answer")),
        list(article.checklist.items.values_list("text", flat=True)),
    )


def test_history_lists_revisions_with_who_and_what(editor, edited):
    article, _ = edited
    page = editor.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    assert "Revisions" in page
    assert "<td>editor</td>" in page
    assert "Changed title, checklists: checklist items, FAQs" in page
    assert "with previous" in page


def test_compare_shows_what_restoring_would_bring_back(editor, edited):
    article, before = edited
    url = f"/admin/articles/article/{article.pk}/history/{before.history_id}/"
    page = editor.get(url).content.decode()
    assert "Compared with the current version" in page
    assert "<del>− Anxious Attachment Therapy: Best Approaches and What to Expect</del>" in page
    assert "<ins>+ A new title</ins>" in page
    assert "Is anxious attachment" in page or "Can therapy change" in page  # the deleted FAQ
    assert "<ins>+ An edited first sign | 0</ins>" in page


def test_compare_with_the_previous_revision(editor, edited):
    article, before = edited
    latest = article.history.first()
    url = f"/admin/articles/article/{article.pk}/history/{latest.history_id}/"
    page = editor.get(f"{url}?against={before.history_id}").content.decode()
    assert "Compared with the version of" in page
    assert "<ins>+ A new title</ins>" in page


def test_restore_brings_back_a_deleted_faq_and_an_edited_checklist_item(editor, edited):
    article, before = edited
    original_faqs = list(
        article.faqs.model.history.filter(article_id=article.pk, history_type="+")
        .order_by("order")
        .values_list("question", flat=True)
    )
    assert len(article.faqs.all()) == 5
    url = f"/admin/articles/article/{article.pk}/history/{before.history_id}/"
    confirm = editor.post(url)  # first a page that says what will change
    assert confirm.status_code == 200
    assert "Parts: checklist items changed, 1 FAQ added back" in confirm.content.decode()
    assert snapshot(article)[0] == "A new title"
    response = editor.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/article/{article.pk}/change/"
    title, faqs, items = snapshot(article)
    assert title == "Anxious Attachment Therapy: Best Approaches and What to Expect"
    assert [question for question, _ in faqs] == original_faqs
    assert items[0] == "Needing frequent reassurance that you are loved"
    assert len(items) == 10
    # The restored page renders the FAQ again, and the restore is itself a revision.
    editor.logout()
    assert (
        "Can therapy change an attachment style?"
        in editor.get(f"/blog/{REFERENCE}/").content.decode()
    )
    assert article.history.first().history_change_reason.startswith("Restored the version of")
    logged = LogEntry.objects.filter(object_id=str(article.pk)).first()  # newest first
    assert logged.user.username == "editor"
    assert logged.get_change_message().startswith("Restored the version of")


def test_a_restore_that_would_clash_is_refused_with_a_message(editor, edited, make_article):
    article, before = edited
    Article.objects.filter(pk=article.pk).update(slug="moved-away")
    make_article(slug=REFERENCE)  # another article took the old address
    url = f"/admin/articles/article/{article.pk}/history/{before.history_id}/"
    response = editor.post(url, follow=True)
    assert "This version cannot be restored: Another article now uses the slug" in (
        response.content.decode()
    )
    assert snapshot(article)[0] == "A new title"


def test_modalities_are_restored_too(editor, site_content):
    modality = Modality.objects.get(slug="emdr-therapy")
    before = modality.history.first()
    url = f"/admin/modalities/modality/{modality.pk}/change/"
    data = form_data(editor, url)
    data["summary"] = "Rewritten."
    assert editor.post(url, data).status_code == 302
    restore = f"/admin/modalities/modality/{modality.pk}/history/{before.history_id}/"
    confirm = editor.post(restore).content.decode()
    assert "<li>Fields changed: summary</li>" in confirm
    assert "Status:" not in confirm and "Address:" not in confirm
    assert editor.post(restore, {"confirm": "1"}).status_code == 302
    modality.refresh_from_db()
    assert modality.summary.startswith("A structured, eight-phase trauma therapy")


def test_people_without_permission_cannot_see_or_restore(client, edited, django_user_model):
    article, before = edited
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    url = f"/admin/articles/article/{article.pk}/history/{before.history_id}/"
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert snapshot(article)[0] == "A new title"


def test_revision_pages_lead_back_to_the_article(editor, site_content):
    from articles.models import Article

    article = Article.objects.get(slug="anxious-attachment-therapy")
    change_url = f"/admin/articles/article/{article.pk}/change/"
    page = editor.get(f"/admin/articles/article/{article.pk}/history/").content.decode()
    crumbs = page.split('<div class="breadcrumbs">', 1)[1].split("</div>", 1)[0]
    assert f'<a href="{change_url}">Anxious Attachment Therapy' in crumbs
    assert "Revisions" in crumbs


def test_restoring_a_draft_revision_of_a_live_article_asks_first(editor, db):
    """The article was created as a draft and published later: restoring the "Created"
    revision would take the live page down, so the editor is told and must confirm."""
    reader = Client()
    url = "/admin/articles/article/add/"
    data = form_data(editor, url)
    data.update(title="Born a draft", slug="born-a-draft", summary="S.", body="Text.")
    data["status"] = "draft"
    assert editor.post(url, data).status_code == 302
    article = Article.objects.get(slug="born-a-draft")
    created = article.history.get()
    assert created.history_type == "+" and created.history_change_reason == "Created"
    editor.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [str(article.pk)]}
    )
    assert reader.get(article.path).status_code == 200

    url = f"/admin/articles/article/{article.pk}/history/{created.history_id}/"
    assert "takes the live page down" in editor.get(url).content.decode()
    response = editor.post(url)
    page = response.content.decode()
    assert "Status: Published → Draft" in page
    assert "takes the live page down" in page
    assert "Confirm: restore this version" in page
    assert reader.get(article.path).status_code == 200
    editor.post(url, {"confirm": "1"})
    assert reader.get(article.path).status_code == 404


def test_a_history_entry_names_only_what_changed(editor, site_content):
    article = Article.objects.get(slug=REFERENCE)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["summary"] = "A shorter standfirst."
    assert editor.post(url, data).status_code == 302
    assert article.history.first().history_change_reason == "Changed summary"
    assert editor.post(url, form_data(editor, url)).status_code == 302
    assert article.history.first().history_change_reason == "Saved without changes"


def test_topics_and_people_keep_revisions(editor, site_content):
    from topics.models import Topic

    topic = Topic.objects.get(slug="attachment")
    url = f"/admin/topics/topic/{topic.pk}/change/"
    data = form_data(editor, url)
    original = data["summary"]
    data["summary"] = "Changed."
    assert editor.post(url, data).status_code == 302
    first = topic.history.last()
    assert (
        editor.post(
            f"/admin/topics/topic/{topic.pk}/history/{first.history_id}/", {"confirm": "1"}
        ).status_code
        == 302
    )
    topic.refresh_from_db()
    assert topic.summary == original


def test_an_imported_article_has_one_revision_that_holds_its_parts(editor, site_content):
    """Restoring the revision an import made brings the article back whole."""
    article = Article.objects.get(slug=REFERENCE)
    (imported,) = article.history.all()
    assert imported.history_type == "+"
    assert imported.history_change_reason == f"Imported from articles/{REFERENCE}.md"
    page = editor.get(f"/admin/articles/article/{article.pk}/history/{imported.history_id}/")
    assert "No differences." in page.content.decode()


def test_changing_only_the_topics_is_named_in_the_history(editor, site_content):
    article = Article.objects.get(slug=REFERENCE)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["topics"] = []
    assert editor.post(url, data).status_code == 302
    assert article.history.first().history_change_reason == "Changed topics"


def test_the_confirmation_page_names_the_status_the_address_and_the_parts(editor, make_article):
    """A draft version of a live article at another address, with a source since removed."""
    from articles.models import Source

    article = make_article(slug="old-address", status=Article.Status.DRAFT, title="Old")
    Source.objects.create(article=article, title="A book", order=0)
    Article.objects.get(pk=article.pk).save()  # the revision now holds the source
    draft = article.history.first()
    Source.objects.filter(article=article).delete()
    article.refresh_from_db()
    article.slug, article.title = "new-address", "New"
    article.publish()

    url = f"/admin/articles/article/{article.pk}/history/{draft.history_id}/"
    page = editor.post(url).content.decode()
    assert "<li>Status: Published → Draft</li>" in page
    assert (
        "<li>Address: /blog/new-address/ → /blog/old-address/ "
        "(a redirect will be made from /blog/new-address/)</li>"
    ) in page
    assert "<li>Fields changed: slug, status, publish time, title</li>" in page
    assert "<li>Parts: 1 source added back</li>" in page
    assert f'<a href="{url}" class="closelink">Cancel</a>' in page
    assert Article.objects.get(pk=article.pk).slug == "new-address"  # nothing changed yet
