"""The article form's shape as an editor meets it: one summary of what stopped a save, rows in
the order they are put in, the comparison title with its rows, the site's words, and the
search and sharing fields."""

import re
from html.parser import HTMLParser

import pytest

from tests.admin_form import form_data


class _Page(HTMLParser):
    """The ids in a page, its visible text, and the error summary's links."""

    def __init__(self):
        super().__init__()
        self.ids = set()
        self.text = []
        self.summary_links = []
        self._skip = 0
        self._summary_depth = 0
        self._href = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag in {"script", "style", "template"}:
            self._skip += 1
        if self._summary_depth:
            self._summary_depth += tag != "br"
        elif attrs.get("id") == "error-summary":
            self._summary_depth = 1
        if self._summary_depth and tag == "a":
            self._href = attrs.get("href", "")
            self.summary_links.append([self._href, ""])

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"}:
            self._skip -= 1
        if self._summary_depth:
            self._summary_depth -= 1
        if tag == "a":
            self._href = None

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
        if self._href is not None:
            self.summary_links[-1][1] += data


def read(response):
    page = _Page()
    page.feed(response.content.decode())
    page.visible = " ".join(" ".join(page.text).split())
    return page


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def article_form(editor, rich_article):
    article = rich_article(2)
    return article, form_data(editor, change_url(article))


def test_a_refused_save_lists_every_error_at_the_top_each_linked_to_its_field(editor, article_form):
    article, data = article_form
    data["title"] = ""
    data["body"] += "\nAs shown before [3].\n"  # two sources listed
    data["comparison_title"] = "x" * 201
    data["comparison_rows-1-modality"] = ""
    data["sources-0-url"] = "http://example.org/plain"
    response = editor.post(change_url(article), data)

    assert response.status_code == 200
    page = read(response)
    html = response.content.decode()
    # The summary comes before the first fieldset, and is what screen readers hear first.
    assert html.index('id="error-summary"') < html.index("<fieldset")
    assert re.search(r'id="error-summary" tabindex="-1" role="alert"', html)
    links = dict((text, href) for href, text in page.summary_links)
    expected = {
        "Title: This field is required.": "#id_title",
        "Comparison title: Ensure this value has at most 200 characters (it has 201).": (
            "#id_comparison_title"
        ),
        "Comparison row 2: Therapy: Choose the therapy this row describes.": (
            "#id_comparison_rows-1-modality"
        ),
        "Source 1: URL: Use an https address.": "#id_sources-0-url",
    }
    for text, href in expected.items():
        assert links.get(text) == href, (text, links)
    cited = [text for text in links if text.startswith("Sources (the body cites")]
    assert cited and "The body cites [3] but the article lists 2 source(s)" in cited[0]
    assert links[cited[0]] == "#sources-group"
    # Every link leads somewhere on the page.
    assert all(href[1:] in page.ids for href, _ in page.summary_links)
    assert "Nothing was saved: 5 problems to fix" in page.visible


def test_an_error_of_the_whole_form_is_listed_without_a_link(editor, article_form, client):
    article, data = article_form
    article.title = "Changed by someone else meanwhile"
    article.save()  # raises the version: the form is now stale
    page = read(editor.post(change_url(article), data))
    assert "was changed by someone else after you opened it" in page.visible
    assert page.summary_links == []


def test_a_valid_save_shows_no_summary(editor, article_form):
    article, data = article_form
    response = editor.post(change_url(article), data)
    assert response.status_code == 302
    assert 'id="error-summary"' not in editor.get(change_url(article)).content.decode()


def test_other_content_forms_get_the_summary_too(editor, site_content):
    from modalities.models import Modality

    modality = Modality.objects.get(slug="emdr-therapy")
    url = f"/admin/modalities/modality/{modality.pk}/change/"
    data = form_data(editor, url)
    data["name"] = ""
    page = read(editor.post(url, data))
    assert page.summary_links == [["#id_name", "Name: This field is required."]]


def test_sources_are_saved_in_the_order_the_form_posts(editor, article_form):
    """The script renumbers the hidden order inputs from the rows on the page; the
    server keeps what is posted, so the citation numbers follow the rows."""
    article, data = article_form
    first, second = article.sources.order_by("order")
    data["sources-0-order"], data["sources-1-order"] = "1", "0"
    assert editor.post(change_url(article), data).status_code == 302
    assert list(article.sources.order_by("order")) == [second, first]
    page = editor.get(change_url(article)).content.decode()
    assert f'name="sources-0-id" value="{second.pk}"' in page  # listed first: cited as [1]


def test_the_comparison_title_sits_with_its_rows_and_saves(editor, article_form):
    article, data = article_form
    html = editor.get(change_url(article)).content.decode()
    group = html[html.index('class="module inline-with-parent-field"') :]
    assert group.index('name="comparison_title"') < group.index('id="comparison_rows-group"')
    assert html.count('name="comparison_title"') == 1  # not in the Body fieldset any more
    data["comparison_title"] = "Which therapy, for whom"
    assert editor.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.comparison_title == "Which therapy, for whom"


def test_the_admin_says_therapies_as_the_site_does(editor, article_form):
    article, _ = article_form
    index = read(editor.get("/admin/"))
    assert "Therapies" in index.visible
    assert "modalit" not in index.visible.lower()
    form = read(editor.get(change_url(article)))
    assert "Therapy" in form.visible
    assert "modalit" not in form.visible.lower()
    listing = read(editor.get("/admin/modalities/modality/"))
    assert "Select therapy to change" in listing.visible
    assert "modalit" not in listing.visible.lower()


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_the_page_uses_the_search_title_and_description_falling_back_to_title_and_summary(
    client, make_article
):
    plain = make_article(slug="plain", title="Plain title", summary="Plain summary.")
    page = client.get(plain.get_absolute_url()).content.decode()
    assert "<title>Plain title | TherapyExplained</title>" in page
    assert '<meta name="description" content="Plain summary.">' in page
    assert '<meta property="og:title" content="Plain title">' in page

    tuned = make_article(
        slug="tuned",
        title="Tuned title",
        summary="Tuned summary.",
        seo_title="Search title",
        meta_description="Search description.",
    )
    page = client.get(tuned.get_absolute_url()).content.decode()
    assert "<title>Search title | TherapyExplained</title>" in page
    assert '<meta name="description" content="Search description.">' in page
    assert '<meta property="og:title" content="Search title">' in page
    assert '<meta property="og:description" content="Search description.">' in page
    assert '<meta name="twitter:title" content="Search title">' in page
    assert '<meta name="twitter:description" content="Search description.">' in page
    assert '"headline":"Tuned title"' in page  # the article's own title, as readers see it
    assert '"description":"Search description."' in page
    assert ">Tuned title</h1>" in page


def test_hostile_search_fields_are_escaped_on_the_page_and_in_the_admin_preview(
    client, editor, make_article
):
    article = make_article(slug="hostile", seo_title=HOSTILE, meta_description=HOSTILE)
    for html in (
        client.get(article.get_absolute_url()).content.decode(),
        editor.get(change_url(article)).content.decode(),
    ):
        assert "<script>alert(1)" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003Cscript" in html


def test_the_admin_previews_the_search_result_and_the_shared_link(editor, make_article):
    long_summary = "Word " * 60
    article = make_article(slug="previewed", title="A guide", summary=long_summary)
    page = read(editor.get(change_url(article)))
    assert "Search and sharing" in page.visible
    assert "In a search result" in page.visible
    assert "A guide | TherapyExplained" in page.visible
    assert "/blog/previewed/" in page.visible
    assert "As a shared link" in page.visible
    html = editor.get(change_url(article)).content.decode()
    snippet = re.search(r'class="seo-serp-description">([^<]*)<', html).group(1)
    assert snippet.endswith("Word …")  # cut at a word, as search results do
    assert len(snippet) <= 155 + 2


def test_a_new_article_form_previews_placeholders(editor, db):
    page = read(editor.get("/admin/articles/article/add/"))
    assert "(no title yet)" in page.visible


def test_times_in_the_admin_name_their_zone(editor, site_content):
    for url in ("/admin/modalities/modality/", "/admin/topics/topic/"):
        page = read(editor.get(url))
        assert "Last saved" in page.visible
        assert re.search(r"\d{4}, \d\d:\d\d (GMT|BST)", page.visible), url
