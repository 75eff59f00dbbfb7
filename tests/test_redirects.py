"""A published page that moves leaves a permanent redirect; no published link 404s."""

import pytest

from articles.models import Article
from core.models import PathRedirect, record_move
from tests.admin_form import form_data


def rename(obj, slug):
    obj.slug = slug
    obj.save()


def test_renaming_a_published_article_redirects_the_old_url(client, make_article):
    article = make_article(slug="old-name")
    rename(article, "new-name")
    response = client.get("/blog/old-name/?utm=x")
    assert response.status_code == 301
    assert response["Location"] == "/blog/new-name/?utm=x"
    assert client.get("/blog/new-name/").status_code == 200


def test_renaming_in_the_admin_redirects(editor, client, site_content):
    article = Article.objects.get(slug="healing-insecure-attachment")
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["slug"] = "healing-attachment"
    assert editor.post(url, data).status_code == 302
    editor.logout()
    response = client.get("/blog/healing-insecure-attachment/")
    assert response.status_code == 301
    assert response["Location"] == "/blog/healing-attachment/"


def test_renaming_a_modality_redirects(client, make_modality):
    modality = make_modality(slug="old-therapy")
    rename(modality, "new-therapy")
    response = client.get("/treatments/old-therapy/")
    assert (response.status_code, response["Location"]) == (301, "/treatments/new-therapy/")


def test_chains_collapse_to_one_hop(client, make_article):
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "c")
    assert client.get("/blog/a/")["Location"] == "/blog/c/"
    assert client.get("/blog/b/")["Location"] == "/blog/c/"
    assert PathRedirect.objects.count() == 2


def test_moving_back_makes_the_old_url_live_again(client, make_article):
    article = make_article(slug="a")
    rename(article, "b")
    rename(article, "a")
    assert client.get("/blog/a/").status_code == 200
    assert client.get("/blog/b/")["Location"] == "/blog/a/"
    assert not PathRedirect.objects.filter(old_path="/blog/a/").exists()


def test_a_live_page_is_never_redirected(client, make_article):
    make_article(slug="taken")
    record_move("/blog/taken/", "/blog/elsewhere/")  # e.g. left over from an old rename
    assert client.get("/blog/taken/").status_code == 200


def test_a_drafts_slug_change_leaves_no_redirect(make_article):
    article = make_article(slug="draft-a", status=Article.Status.DRAFT)
    rename(article, "draft-b")
    assert not PathRedirect.objects.exists()


@pytest.mark.parametrize("path", ["/blog/never-existed/", "/nowhere/"])
def test_unknown_paths_stay_404(client, db, path):
    assert client.get(path).status_code == 404


def test_links_to_a_moved_page_still_count_as_working(editor, site_content):
    healing = Article.objects.get(slug="healing-insecure-attachment")
    rename(healing, "healing-attachment")
    reference = Article.objects.get(slug="anxious-attachment-therapy")
    url = f"/admin/articles/article/{reference.pk}/change/"
    # The reference article links to /blog/healing-insecure-attachment/, now a 301.
    assert editor.post(url, form_data(editor, url)).status_code == 302
