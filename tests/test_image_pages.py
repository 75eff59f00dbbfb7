"""Images on pages: the lead image, people's photos and the picture shared links show."""

import re

from django.conf import settings
from PIL import Image

from articles.models import Article
from tests.admin_form import form_data


def meta(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', page)
    return found.group(1) if found else None


def test_the_lead_image_is_eager_preloaded_and_sized(client, library, make_article):
    image = library("lead", caption="Lead caption", size=(1600, 900))
    article = make_article(lead_image=image)
    page = client.get(article.path).content.decode()
    head, body = page.split("</head>", 1)
    assert '<link rel="preload" as="image" type="image/avif" imagesrcset="/media/' in head
    lead = re.search(r'<figure class="lead-image">.*?</figure>', body, re.S).group(0)
    assert 'loading="eager"' in lead and 'fetchpriority="high"' in lead
    assert 'width="1600" height="900"' in lead
    assert "Lead caption" in lead
    # Under the standfirst, before the byline.
    assert body.index('class="standfirst"') < body.index("lead-image") < body.index("byline")


def test_an_article_without_a_lead_image_shares_the_site_card(client, make_article):
    page = client.get(make_article().path).content.decode()
    assert 'rel="preload" as="image"' not in page
    assert meta(page, "property", "og:image") == settings.SITE_URL + "/static/img/share-default.png"
    assert meta(page, "property", "og:image:width") == "1200"
    assert meta(page, "property", "og:image:height") == "630"
    assert meta(page, "property", "og:image:alt")
    assert meta(page, "name", "twitter:card") == "summary_large_image"


def test_the_lead_image_is_the_share_image(client, library, make_article):
    image = library("lead", alt="A calm room")
    page = client.get(make_article(lead_image=image).path).content.decode()
    url = meta(page, "property", "og:image")
    assert url == settings.SITE_URL + "/media/" + image.share["name"]
    assert (
        meta(page, "property", "og:image:width"),
        meta(page, "property", "og:image:height"),
    ) == (
        "1200",
        "630",
    )
    assert meta(page, "property", "og:image:alt") == "A calm room"
    assert client.get(url.removeprefix(settings.SITE_URL)).status_code == 200


def test_the_share_card_is_committed_at_its_size():
    with Image.open(settings.BASE_DIR / "static" / "img" / "share-default.png") as card:
        assert card.size == (1200, 630)


def test_a_persons_photo_on_their_page_and_the_byline(client, library, make_person, make_article):
    photo = library("jane", alt="Jane Doe, smiling")
    person = make_person(photo=photo)
    article = make_article(author=person)
    person_page = client.get(person.get_absolute_url()).content.decode()
    assert 'class="person-photo"' in person_page and 'alt="Jane Doe, smiling"' in person_page
    byline = re.search(
        r'<div class="meta byline">.*?</div>', client.get(article.path).content.decode(), re.S
    )
    assert 'class="byline-photo"' in byline.group(0)
    assert 'loading="lazy"' in byline.group(0)


def test_the_lead_image_is_chosen_in_the_admin(editor, library, make_article):
    image = library("lead")
    article = make_article()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_data(editor, url)
    data["lead_image"] = str(image.pk)
    response = editor.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Article.objects.get(pk=article.pk).lead_image == image


def test_the_preview_shows_the_lead_image_as_posted(editor, library, make_article):
    image = library("lead", alt="A calm room")
    article = make_article()
    data = form_data(editor, f"/admin/articles/article/{article.pk}/change/")
    data["lead_image"] = str(image.pk)
    result = editor.post(f"/admin/articles/article/{article.pk}/preview/", data).json()
    assert result["problems"] == []
    assert '<figure class="lead-image">' in result["page"]
    assert 'alt="A calm room"' in result["page"]
    assert Article.objects.get(pk=article.pk).lead_image is None  # nothing saved
