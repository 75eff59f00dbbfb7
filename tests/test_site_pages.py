"""The site's own pages (About, Editorial policy, Contact, Privacy, Corrections) and /people/."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import permissions
from pages.models import SitePage
from tests.page_types import PAGE_TYPES

SITE_PAGES = ["about", "editorial-policy", "contact", "privacy", "corrections"]


@pytest.fixture
def make_page(db):
    def make(slug="about", **fields):
        fields.setdefault("title", slug.replace("-", " ").title())
        fields.setdefault("summary", f"About {slug}.")
        fields.setdefault("body", "## Who we are\n\nSome words.")
        fields.setdefault("status", SitePage.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now() - datetime.timedelta(days=1))
        return SitePage.objects.create(slug=slug, **fields)

    return make


@pytest.mark.parametrize("slug", SITE_PAGES)
def test_each_site_page_renders_from_content(client, site_content, slug):
    page = SitePage.objects.get(slug=slug)
    response = client.get(f"/{slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{page.title}</h1>" in html
    assert page.summary in html
    assert "Last updated" in html
    assert not response.cookies  # the privacy page says so


def test_editorial_policy_says_no_clinician_reviews_yet(client, site_content):
    html = client.get("/editorial-policy/").content.decode()
    assert "No clinician reviews our guides yet" in html
    assert "12 months" in html and "NICE" in html


def test_contact_page_shows_the_configured_address(client, site_content, settings):
    settings.CONTACT_EMAIL = "letters@example.org"
    html = client.get("/contact/").content.decode()
    assert '<a href="mailto:letters@example.org">letters@example.org</a>' in html
    assert "[[email]]" not in html
    assert "cannot answer personal or clinical questions" in html


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_footer_links_the_site_pages_on_every_page_type(client, site_content, name):
    path, status = PAGE_TYPES[name]
    response = client.get(path)
    assert response.status_code == status
    footer = response.content.decode().split('<footer class="site-footer">', 1)[1]
    for href in [*(f"/{slug}/" for slug in SITE_PAGES), "/people/"]:
        assert f'href="{href}"' in footer, href


def test_footer_links_all_lead_to_pages(client, site_content):
    for href in [*(f"/{slug}/" for slug in SITE_PAGES), "/people/"]:
        assert client.get(href).status_code == 200, href


def test_sitemap_lists_published_site_pages_and_people(client, make_page):
    make_page("about")
    make_page("privacy", status=SitePage.Status.DRAFT)
    xml = client.get("/sitemap-sitepages.xml").content.decode()
    assert "/about/</loc>" in xml and "/privacy/" not in xml
    assert "/sitemap-sitepages.xml" in client.get("/sitemap.xml").content.decode()
    assert "/people/</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_drafts_and_scheduled_pages_are_404_for_readers(client, make_page):
    make_page("about", status=SitePage.Status.DRAFT)
    make_page("privacy", published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/about/").status_code == 404
    assert client.get("/privacy/").status_code == 404


def test_staff_who_may_view_pages_preview_drafts_uncached(client, make_page, make_staff):
    make_page("about", status=SitePage.Status.DRAFT, title="Our draft")
    client.force_login(make_staff("writer", "view_sitepage"))
    response = client.get("/about/")
    assert response.status_code == 200
    assert "Draft preview" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "noindex" in response["X-Robots-Tag"]


def test_unknown_slug_is_404(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_hostile_markdown_is_sanitised(client, make_page):
    make_page(
        "about",
        title="<script>alert(1)</script>",
        summary='"><img src=x onerror=alert(1)>',
        body="<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n"
        '<a href="/" onclick="alert(1)">home</a>',
    )
    html = client.get("/about/").content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "javascript:" not in html and "onclick" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html


@pytest.mark.parametrize("slug", ["blog", "people", "search", "admin", "terms"])
def test_a_slug_outside_the_site_pages_is_refused(db, slug):
    page = SitePage(slug=slug, title="T", summary="S", body="Text.")
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "A site page is one of about, editorial-policy" in str(error.value)


@pytest.mark.parametrize("path", ["/x", "/x/", "/about-us/", "/about/more/"])
def test_other_top_level_addresses_stay_404(client, make_page, path):
    make_page("about")
    assert client.get(path).status_code == 404


def test_an_unknown_marker_is_refused(db):
    page = SitePage(slug="about", title="T", summary="S", body="[[checklist]]")
    with pytest.raises(ValidationError, match="Unknown marker"):
        page.full_clean()


def test_people_page_lists_people_with_their_guides(
    client, make_person, make_article, django_assert_max_num_queries
):
    writer = make_person("ann-writer", name="Ann Writer", credentials="MA")
    reviewer = make_person("rob-reviewer", name="Rob Reviewer", credentials="PsyD")
    make_person("only-drafts", name="Dora Draft")
    make_article("first", title="First guide", author=writer, reviewer=reviewer)
    make_article("second", title="Second guide", author=writer)
    make_article("hidden", title="Hidden guide", author=writer, status="draft")
    html = client.get("/people/").content.decode()
    assert '<a href="/people/ann-writer/">Ann Writer</a>' in html
    assert ", MA</span>" in html and ", PsyD</span>" in html
    assert html.count('href="/blog/first/"') == 2  # written by one, reviewed by the other
    assert 'href="/blog/second/"' in html
    assert "Hidden guide" not in html and "Dora Draft" not in html
    assert "No clinician reviews our guides yet" not in html


def test_people_page_says_plainly_when_no_clinician_reviews(client, site_content):
    html = client.get("/people/").content.decode()
    assert "No clinician reviews our guides yet" in html
    assert '<a href="/people/therapyexplained-editorial/">TherapyExplained Editorial</a>' in html


def test_people_page_query_count_does_not_grow_with_people(client, make_person, make_article):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/people/").status_code == 200
        return len(queries)

    make_article("a0", author=make_person("p0"))
    client.get("/")  # what is cached per content version (the help lines) is warm
    one = count()
    for n in range(1, 6):
        make_article(f"a{n}", author=make_person(f"p{n}"), reviewer=make_person(f"r{n}"))
    assert count() == one


def test_a_citation_is_refused_as_a_site_page_has_no_sources(db):
    page = SitePage(slug="about", title="T", summary="S", body="As shown [1].")
    with pytest.raises(ValidationError, match=r"cites \[1\] but there are 0 source"):
        page.full_clean()


def test_a_writer_drafts_site_pages_and_an_editor_publishes_them(make_page, make_staff):
    writer, editor = make_staff("w"), make_staff("e")
    writer.groups.add(Group.objects.get(name="Writer"))
    editor.groups.add(Group.objects.get(name="Editor"))
    assert writer.has_perm("pages.change_sitepage")
    assert not permissions.may_publish(writer, SitePage)
    assert not permissions.may_change_page(writer, make_page("about"))  # published
    assert permissions.may_publish(editor, SitePage)
    assert not editor.has_perm("pages.delete_sitepage")


def test_a_writer_cannot_publish_through_the_admin_form(client, make_staff):
    writer = make_staff("w")
    writer.groups.add(Group.objects.get(name="Writer"))
    client.force_login(writer)
    response = client.post(
        "/admin/pages/sitepage/add/",
        {"title": "About", "slug": "about", "summary": "S", "body": "Text.",
         "status": "published", "published_at_0": "2026-01-01", "published_at_1": "09:00"},
    )  # fmt: skip
    assert response.status_code == 302
    assert SitePage.objects.get(slug="about").status == SitePage.Status.DRAFT
