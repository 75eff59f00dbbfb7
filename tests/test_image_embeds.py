"""[[image:slug]] in article bodies, and the image checks on every path."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.admin_form import errors_of, form_data


def test_the_embed_renders_a_lazy_picture_with_alt_caption_and_credit(
    client, library, make_article
):
    library(caption="The cycle <b>each</b> partner feeds", credit="Drawn by R & D")
    article = make_article(body="## One\n\nText.\n\n[[ image:cycle ]]\n\nMore text.")
    page = client.get(article.path).content.decode()
    assert "[[" not in page
    assert '<figure class="figure"><picture>' in page.replace("\n  ", "")
    assert 'alt="Two people &lt;turned&gt; away"' in page
    assert 'loading="lazy"' in page
    assert "The cycle &lt;b&gt;each&lt;/b&gt; partner feeds" in page
    assert "Drawn by R &amp; D" in page


def test_the_article_page_loads_all_its_images_in_one_query(client, library, make_article):
    library("one")
    library("two")
    one = make_article("one-image", body="[[image:one]]\n")
    two = make_article("two-images", body="[[image:one]]\n\n[[image:two]]\n\n[[image:one]]\n")
    client.get(one.path)  # warm anything cached per process
    with CaptureQueriesContext(connection) as first:
        client.get(one.path)
    with CaptureQueriesContext(connection) as second:
        page = client.get(two.path).content.decode()
    assert len(second) == len(first)
    assert page.count("<picture>") == 3


def test_an_unknown_image_is_a_form_error_naming_it(editor, make_article):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["body"] = "Text.\n\n[[image:no-such-image]]\n"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any('no image "no-such-image" in the library' in e for e in errors_of(response))


def test_an_unknown_image_is_a_problem_in_the_preview(editor, make_article):
    article = make_article()
    data = form_data(editor, f"/admin/articles/article/{article.pk}/change/")
    data["body"] = "Text.\n\n[[image:no-such-image]]\n"
    result = editor.post(f"/admin/articles/article/{article.pk}/preview/", data).json()
    assert any('no image "no-such-image"' in p["message"] for p in result["problems"])


def test_the_preview_shows_a_library_image(editor, library, make_article):
    library(caption="A caption")
    article = make_article()
    data = form_data(editor, f"/admin/articles/article/{article.pk}/change/")
    data["body"] = "Text.\n\n[[image:cycle]]\n"
    result = editor.post(f"/admin/articles/article/{article.pk}/preview/", data).json()
    assert result["problems"] == []
    assert "<picture>" in result["page"]
    assert "A caption" in result["page"]


def test_the_importer_refuses_an_unknown_image(db, tmp_path):
    path = tmp_path / "articles" / "guide.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: T\nsummary: S\n---\nText.\n\n[[image:missing]]\n")
    with pytest.raises(CommandError) as error:
        call_command("import_content", str(tmp_path), stdout=io.StringIO())
    assert 'no image "missing" in the library' in str(error.value)
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("markdown", "problem"),
    [
        ("![A chart](https://example.org/chart.png)", "is on another site"),
        ("![A chart](//example.org/chart.png)", "is on another site"),
        ("![A chart](/static/img/no-such.png)", "does not exist on this site"),
        ("![A chart](/media/images/no-such.jpg)", "does not exist on this site"),
        ("![A chart](/media/../settings.py)", "does not exist on this site"),
        ("![A chart](/guides/)", "does not exist on this site"),
    ],
)
def test_a_markdown_image_readers_could_not_see_is_refused(editor, make_article, markdown, problem):
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["body"] = f"Text.\n\n{markdown}\n"
    response = editor.post(url, data)
    assert response.status_code == 200
    assert any(problem in e for e in errors_of(response))


def test_a_markdown_image_of_a_library_file_or_static_file_is_fine(library, make_article):
    image = library()
    rendition = image.renditions_of("width", "jpeg")[0]["name"]
    article = make_article(body=f"![A](/media/{rendition})\n\n![B](/static/img/favicon.svg)\n")
    assert "body" not in article.content_problems()


def test_the_chooser_lists_the_library_to_those_who_may_view_it(
    client, library, make_staff, editor
):
    library("cycle", alt="Two people turned away")
    library("office", alt="A therapist's office")
    url = "/admin/images/image/choices/"
    listed = editor.get(url, {"q": "office"}).json()["images"]
    assert [(i["slug"], i["alt"]) for i in listed] == [("office", "A therapist's office")]
    assert listed[0]["thumbnail"].startswith("/media/") and listed[0]["width"]
    assert len(editor.get(url).json()["images"]) == 2
    client.force_login(make_staff("writer"))  # staff without images.view_image
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
