"""Two editors on the same page: the second save of a stale form is refused, nothing is lost."""

from django.contrib.auth.models import User
from django.test import Client

from articles.models import Article
from modalities.models import Modality
from tests.admin_form import errors_of, form_data


def second_editor():
    client = Client()
    client.force_login(User.objects.create_superuser("second", "second@example.org", "pw"))
    return client


def test_a_stale_article_form_is_refused_and_the_first_save_kept(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    url = f"/admin/articles/article/{article.pk}/change/"
    other = second_editor()
    first, second = form_data(editor, url), form_data(other, url)  # both open the form

    first["title"] = "Saved first"
    assert editor.post(url, first).status_code == 302

    second["title"] = "Saved second, over a stale form"
    response = other.post(url, second)
    assert response.status_code == 200
    [error] = errors_of(response)
    assert "This article was changed by someone else after you opened it (editor saved it at" in (
        error
    )
    assert "Your changes have not been saved, so theirs are kept." in error
    assert Article.objects.get(pk=article.pk).title == "Saved first"

    # Reopened, the form carries the new version and saves.
    fresh = form_data(other, url)
    fresh["title"] = "Saved second, after reloading"
    assert other.post(url, fresh).status_code == 302
    assert Article.objects.get(pk=article.pk).title == "Saved second, after reloading"


def test_a_stale_form_does_not_touch_the_inlines_either(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    url = f"/admin/articles/article/{article.pk}/change/"
    other = second_editor()
    first, second = form_data(editor, url), form_data(other, url)
    assert editor.post(url, first).status_code == 302
    second["faqs-0-DELETE"] = "on"
    assert other.post(url, second).status_code == 200
    assert article.faqs.count() == 6


def test_a_stale_modality_form_is_refused(editor, site_content):
    modality = Modality.objects.get(slug="emdr-therapy")
    url = f"/admin/modalities/modality/{modality.pk}/change/"
    other = second_editor()
    first, second = form_data(editor, url), form_data(other, url)
    first["summary"] = "First editor's summary."
    assert editor.post(url, first).status_code == 302
    second["summary"] = "Second editor's summary."
    response = other.post(url, second)
    assert response.status_code == 200
    assert "This therapy was changed by someone else" in response.content.decode()
    assert Modality.objects.get(pk=modality.pk).summary == "First editor's summary."


def test_a_save_outside_the_admin_also_makes_open_forms_stale(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    Article.objects.get(pk=article.pk).save()  # e.g. import_content or a bulk action
    assert editor.post(url, data).status_code == 200


def test_a_part_edited_on_its_own_makes_the_article_form_stale(editor, site_content):
    article = Article.objects.get(slug="anxious-attachment-therapy")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)  # the article form, with its FAQs inline

    faq = article.faqs.first()
    faq.answer = "An answer edited on its own (e.g. in the shell)."
    faq.save()

    data["title"] = "Saved over a stale copy of the FAQ"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "changed by someone else after you opened it" in errors_of(response)[0]
    faq.refresh_from_db()
    assert faq.answer == "An answer edited on its own (e.g. in the shell).\n"
