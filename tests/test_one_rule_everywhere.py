"""Each content rule holds on every path: admin forms, inlines, preview, bulk actions, models.

These were bugs while each path kept its own copy of a rule.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from core.models import Link
from modalities.models import Modality
from people.models import Person
from tests.admin_form import errors_of, form_data
from topics.models import Topic

REFERENCE = "anxious-attachment-therapy"


def test_a_marker_with_spaces_inside_places_the_checklist(client, site_content):
    article = Article.objects.get(slug=REFERENCE)
    article.body = article.body.replace("[[checklist]]", "[[ Checklist ]]")
    article.full_clean()
    article.save()
    page = client.get(article.path).content.decode()
    assert "[[" not in page
    assert "0 of 10 checked" in page


def test_the_preview_and_the_page_agree_on_markers(editor, db):
    data = form_data(editor, "/admin/articles/article/add/")
    data.update(title="T", slug="t", summary="S.", body="[[ timeline ]]\n")
    data.update({"timeline_steps-TOTAL_FORMS": "1", "timeline_steps-0-title": "Weeks 1-4"})
    data.update(
        {
            "timeline_steps-0-period": "First month",
            "timeline_steps-0-text": "Text.",
            "timeline_steps-0-order": "0",
        }
    )
    result = editor.post("/admin/articles/article/preview/", data).json()
    assert result["problems"] == []
    assert '<ol class="timeline">' in result["page"]
    assert "[[" not in result["page"]


@pytest.mark.parametrize(
    ("model", "field", "url"),
    [
        (Modality, "body", "/admin/modalities/modality/{pk}/change/"),
        (Topic, "body", "/admin/topics/topic/{pk}/change/"),
        (Person, "bio", "/admin/people/person/{pk}/change/"),
    ],
)
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[[checklist]]", "Unknown marker [[checklist]]; this text cannot place embeds."),
        ("See [this](/treatments/no-such-therapy/).", "/treatments/no-such-therapy/"),
        ("![](/static/img/x.png)", "Every image needs alt text"),
    ],
)
def test_therapy_topic_and_person_text_is_checked(
    editor, site_content, model, field, url, text, problem
):
    obj = model.objects.first()
    before = getattr(obj, field)
    url = url.format(pk=obj.pk)
    data = form_data(editor, url)
    data[field] = text
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any(problem in error for error in errors_of(response))
    obj.refresh_from_db()
    assert getattr(obj, field) == before


def test_an_faq_answer_with_a_broken_link_is_a_form_error(editor, site_content):
    article = Article.objects.get(slug=REFERENCE)
    revisions = article.history.count()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["faqs-0-answer"] = "Read [this](/blog/no-such-guide/)."
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any("/blog/no-such-guide/" in error for error in errors_of(response))
    assert "no-such-guide" not in article.faqs.first().answer
    assert article.history.count() == revisions  # nothing saved, no revision


def test_bulk_publish_checks_the_faq_answers_too(editor, make_article):
    draft = make_article(slug="draft-with-faq", status=Article.Status.DRAFT)
    draft.faqs.create(question="Where?", answer="See [gone](/blog/gone/).")
    response = editor.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [str(draft.pk)]},
        follow=True,
    )
    assert "was not published" in response.content.decode()
    assert "/blog/gone/" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_published


def test_publish_is_one_method_with_the_checks(make_article):
    draft = make_article(slug="linking", status=Article.Status.DRAFT, body="[x](/blog/nope/)")
    with pytest.raises(ValidationError, match="/blog/nope/"):
        draft.publish()
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT


def test_only_publishers_publish(client, make_article, make_staff):
    """A staff user who may view or even edit articles cannot make one public."""
    draft = make_article(slug="not-yet", status=Article.Status.DRAFT)
    client.force_login(make_staff("writer", "view_article", "change_article", "add_article"))
    client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [str(draft.pk)]}
    )
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    url = f"/admin/articles/article/{draft.pk}/change/"
    data = form_data(client, url)
    assert "status" not in data and "published_at_0" not in data  # shown, not editable
    data.update(title="Edited", status="published")  # posted anyway: ignored
    assert client.post(url, data).status_code == 302
    edited = Article.objects.get(pk=draft.pk)
    assert (edited.title, edited.status) == ("Edited", Article.Status.DRAFT)
    data = form_data(client, "/admin/articles/article/add/")
    data.update(title="New", slug="new", summary="S.", body="B.", status="published")
    assert client.post("/admin/articles/article/add/", data).status_code == 302
    assert Article.objects.get(slug="new").status == Article.Status.DRAFT


def test_a_renamed_therapy_keeps_the_guides_that_discuss_it(client, site_content):
    emdr = Modality.objects.get(slug="emdr-therapy")
    before = client.get("/treatments/emdr-therapy/").content.decode().count('class="card')
    assert before >= 2
    emdr.slug = "emdr"
    emdr.save()
    after = client.get("/treatments/emdr/").content.decode().count('class="card')
    assert after == before
    assert client.get("/treatments/emdr-therapy/")["Location"] == "/treatments/emdr/"


def test_links_are_recorded_on_save_and_forgotten_on_delete(make_article, make_modality):
    therapy = make_modality(slug="later-therapy")
    article = make_article(slug="links", body="[a](/treatments/later-therapy/) [b](/blog/soon/)")
    links = {link.path: link.target_id for link in Link.objects.all()}
    assert links == {"/treatments/later-therapy/": therapy.pk, "/blog/soon/": None}
    soon = make_article(slug="soon")
    assert Link.objects.get(path="/blog/soon/").target_id == soon.pk
    article.delete()
    assert not Link.objects.exists()


def test_an_faq_added_with_a_new_published_article_is_checked(editor, db):
    url = "/admin/articles/article/add/"
    data = form_data(editor, url)
    data.update(title="New", slug="new", summary="S.", body="Text.", status="published")
    data.update({"faqs-TOTAL_FORMS": "1", "faqs-0-question": "Q?", "faqs-0-order": "0"})
    data["faqs-0-answer"] = "See [this](/blog/nope/)."
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any("/blog/nope/" in error for error in errors_of(response))
    assert not Article.objects.filter(slug="new").exists()


def test_a_restore_that_would_publish_by_its_publish_time_needs_the_permission(
    client, make_article, make_staff
):
    article = make_article(slug="rescheduled")
    live = article.history.first()
    article.published_at = timezone.now() + datetime.timedelta(days=7)
    article.save()  # rescheduled by a publisher: not live now
    client.force_login(make_staff("writer3", "view_article", "change_article"))
    url = f"/admin/articles/article/{article.pk}/history/{live.history_id}/"
    assert client.post(url, {"confirm": "1"}).status_code == 403
    assert not Article.objects.get(pk=article.pk).is_live


@pytest.mark.parametrize("days", [-1, 7], ids=["published", "scheduled"])
def test_restoring_a_version_that_publishes_or_schedules_needs_the_permission(
    client, make_article, make_staff, days
):
    """A scheduled version is not visible before nor right after, but would go live later."""
    article = make_article(slug="was-live", published_at=timezone.now() + datetime.timedelta(days))
    version = article.history.first()
    article.unpublish()
    client.force_login(make_staff("writer2", "view_article", "change_article"))
    url = f"/admin/articles/article/{article.pk}/history/{version.history_id}/"
    response = client.post(url, {"confirm": "1"}, follow=True)
    assert "needs the permission to publish and unpublish" in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


def test_a_writer_restores_an_earlier_draft(client, make_article, make_staff):
    article = make_article(slug="drafting", title="First", status=Article.Status.DRAFT)
    first = article.history.first()
    article.title = "Second"
    article.save()
    client.force_login(make_staff("writer5", "view_article", "change_article"))
    url = f"/admin/articles/article/{article.pk}/history/{first.history_id}/"
    client.post(url, {"confirm": "1"})
    assert Article.objects.get(pk=article.pk).title == "First"


def test_a_restore_that_would_link_to_a_page_gone_since_is_refused(editor, make_article):
    target = make_article(slug="target")
    article = make_article(slug="linker", body="See [t](/blog/target/).")
    linking = article.history.first()
    article.body = "No links now."
    article.save()
    target.unpublish()
    url = f"/admin/articles/article/{article.pk}/history/{linking.history_id}/"
    response = editor.post(url, {"confirm": "1"}, follow=True)
    assert "This version cannot be restored" in response.content.decode()
    assert Article.objects.get(pk=article.pk).body == "No links now.\n"


def test_a_page_deleted_and_made_again_gets_its_links_back(make_article, make_modality):
    first = make_modality(slug="x-therapy")
    article = make_article(slug="mentions", body="[x](/treatments/x-therapy/)")
    first.delete()
    again = make_modality(slug="x-therapy")
    assert list(Article.objects.discussing(again)) == [article]


def test_links_to_static_files_are_not_broken_pages(make_article):
    article = make_article(slug="static", body="[sheet](/static/css/site.css)")
    assert article.content_problems() == {}
