"""A published page that moves leaves a permanent redirect; no published link 404s."""

import pytest
from django.core.exceptions import ValidationError

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


# Redirects lead to this site only: whatever is stored, no reader is sent elsewhere.

OFF_SITE = [
    "https://evil.example/",
    "http:evil.example",
    "https:/evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)//",
    "data:text/html,<script>alert(1)</script>",
    "/\t/evil.example",
    "/\n/evil.example",
    "/blog/x/\r\nSet-Cookie: a=b",
    "/\x07/evil.example",
    "/\u200b/evil.example",
    "/\u2028/evil.example",
    " //evil.example/",
    "\t//evil.example/",
    "\x00//evil.example/",
    " /blog/new-name/",
    "/blog/new name/",
    "/blog/new-name/?next=//evil.example",
    "/blog/new-name/#top",
    "evil.example",
]


@pytest.mark.parametrize("target", OFF_SITE)
def test_a_redirect_to_anything_but_a_site_path_is_refused_by_the_model(db, target):
    with pytest.raises(ValidationError) as refused:
        PathRedirect(old_path="/blog/old-name/", new_path=target).full_clean()
    assert list(refused.value.message_dict) == ["new_path"]
    with pytest.raises(ValidationError, match="Enter a path on this site"):
        PathRedirect(old_path=target, new_path="/blog/new-name/").full_clean()


@pytest.mark.parametrize("target", [t for t in OFF_SITE if t != " /blog/new-name/"])
def test_the_admin_form_refuses_an_off_site_redirect(editor, target):
    data = {"old_path": "/blog/old-name/", "new_path": target}
    response = editor.post("/admin/core/pathredirect/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["new_path"]
    assert not PathRedirect.objects.exists()


def test_the_admin_saves_a_site_path(editor, client, make_article):
    make_article(slug="new-name")
    data = {"old_path": "/blog/old-name/", "new_path": " /blog/new-name/ "}
    assert editor.post("/admin/core/pathredirect/add/", data).status_code == 302
    assert PathRedirect.objects.get().new_path == "/blog/new-name/"  # the form strips spaces
    editor.logout()
    response = client.get("/blog/old-name/")
    assert (response.status_code, response["Location"]) == (301, "/blog/new-name/")


@pytest.mark.parametrize("target", [t for t in OFF_SITE if "\x00" not in t])
def test_the_middleware_never_sends_a_reader_off_site(client, db, target):
    """A redirect stored around the model's validation (a shell, a bulk update) is ignored."""
    PathRedirect.objects.create(old_path="/blog/old-name/", new_path=target)
    response = client.get("/blog/old-name/?x=1")
    assert response.status_code == 404
    assert "Location" not in response


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/"])
def test_record_move_refuses_an_off_site_target(db, target):
    with pytest.raises(ValidationError):
        record_move("/blog/old-name/", target)
    assert not PathRedirect.objects.exists()
