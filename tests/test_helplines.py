"""Help lines: the default set, the footer on every page, /help/, the abuse box, crisis
searches, editors' changes reaching cached pages, and hostile input escaped."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client

from articles.models import Article
from helplines.crisis import is_crisis_query
from helplines.models import Country, HelpLine
from modalities.models import Modality
from tests.page_types import PAGE_TYPES

pytestmark = pytest.mark.django_db
ABUSE_BOX = 'class="help-box abuse-help"'


def test_the_default_set_covers_six_countries_for_both_kinds_and_a_directory():
    for code in ("US", "GB", "IE", "CA", "AU", "NZ"):
        country = Country.objects.get(code=code)
        assert country.lines.crisis().exists(), code
        assert country.lines.abuse().exists(), code
    assert HelpLine.objects.international().crisis().get().url == "https://findahelpline.com/"
    samaritans = HelpLine.objects.get(country__code="GB", service="Samaritans")
    assert (samaritans.tel_href, samaritans.hours) == ("tel:116123", "24 hours, every day")
    shout = HelpLine.objects.get(service="Shout")
    assert (shout.sms_href, shout.text_message) == ("sms:85258", "SHOUT")
    assert Country.objects.get(code="GB").emergency_number == "999"


@pytest.mark.parametrize("name", sorted(PAGE_TYPES))
def test_every_page_type_has_the_help_block_in_its_footer(client, site_content, name):
    path, status = PAGE_TYPES[name]
    response = client.get(path)
    assert response.status_code == status
    page = response.content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    # Every country's crisis lines, hidden until the script shows the reader's choice...
    assert '<div class="help-country" data-help-country="GB" hidden>' in footer
    assert '<a href="tel:116123">116 123</a>' in footer
    assert '<a href="tel:988">988</a>' in footer
    # ...and without it, the international directory and every emergency number.
    assert '<div class="help-country" data-help-country="">' in footer
    assert "findahelpline.com" in footer
    assert "United Kingdom: 999; Ireland: 112; United States and Canada: 911" in footer
    assert '<script src="/static/js/helplines.js" defer></script>' in footer
    assert 'href="/help/"' in page[: page.index("<main")]  # "Get help now" in the header


def test_the_help_page_lists_every_country_with_both_kinds(client):
    page = client.get("/help/").content.decode()
    assert "<h1>Get help now</h1>" in page
    for code, line in [("gb", "0808 2000 247"), ("us", "1-800-799-7233"), ("nz", "0800 733 843")]:
        assert f'<a href="#help-{code}">' in page
        assert line in page
    assert 'text START to <a href="sms:88788">88788</a>' in page
    assert "Canada has no single national line" in page


def test_the_abuse_box_shows_only_on_marked_content(client, make_article, make_modality):
    marked = make_article(slug="marked", abuse_help=True)
    plain = make_article(slug="plain")
    therapy = make_modality(slug="marked-therapy", abuse_help=True)
    other = make_modality(slug="plain-therapy")
    for page_of, shown in [(marked, True), (plain, False), (therapy, True), (other, False)]:
        page = client.get(page_of.get_absolute_url()).content.decode()
        assert (ABUSE_BOX in page) is shown, page_of
    page = client.get(marked.get_absolute_url()).content.decode()
    box = page[page.index(ABUSE_BOX) : page.index("</aside>", page.index(ABUSE_BOX))]
    assert '<a href="tel:08082000247">0808 2000 247</a>' in box  # abuse lines, not crisis
    assert "116 123" not in box
    assert '<select id="help-country-abuse">' in box


def test_content_marks_the_guides_that_discuss_abuse(site_content):
    assert Article.objects.get(slug="anxious-attachment-therapy").abuse_help
    assert Modality.objects.get(slug="emotionally-focused-therapy-eft").abuse_help
    assert not Modality.objects.get(slug="emdr-therapy").abuse_help


@pytest.mark.parametrize(
    "query",
    ["suicide", "Suicidal thoughts", "kill myself", "self harm", "Self-Harm", "overdose",
     "I want to die", "how to end my life", "dont want to live"],
)  # fmt: skip
def test_a_crisis_search_shows_the_crisis_lines_before_any_results(client, query):
    page = client.get("/search/", {"q": query}).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "You can talk to someone now" in main
    assert main.index("crisis-first") < main.index('role="status"')
    assert '<a href="tel:116123">116 123</a>' in main


def test_a_crisis_search_that_finds_nothing_never_blames_the_spelling(client):
    page = client.get("/search/", {"q": "i want to end it all tonight"}).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert "You can talk to someone now" in main
    assert "check the spelling" not in main and "Did you mean" not in main
    assert "the people at the lines above are there to listen" in main


@pytest.mark.parametrize("query", ["anxious attachment", "diet", "killer whales", "harmony"])
def test_other_searches_show_no_crisis_box(client, query):
    assert not is_crisis_query(query)
    assert (
        "You can talk to someone now" not in client.get("/search/", {"q": query}).content.decode()
    )


def test_an_admin_edit_reaches_cached_pages_at_once(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    # Signing in queues a move of the content version; committed here, as it would be.
    with django_capture_on_commit_callbacks(execute=True):
        editor = Client()
        editor.force_login(User.objects.create_superuser("editor", "e@example.org", "pw"))
    reader = Client()
    assert "Samaritans UK" not in reader.get("/help/").content.decode()
    line = HelpLine.objects.get(country__code="GB", service="Samaritans")
    url = f"/admin/helplines/helpline/{line.pk}/change/"
    form = {
        "country": line.country_id, "kind": "crisis", "service": "Samaritans UK",
        "phone": "116 123", "hours": "24 hours, every day", "url": line.url, "order": 1,
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(url, form).status_code == 302
    assert "Samaritans UK" in reader.get("/help/").content.decode()
    assert "Samaritans UK" in reader.get("/no-such-page/").content.decode()


def test_editing_help_lines_needs_the_admins_permission(client, make_staff):
    line = HelpLine.objects.first()
    client.force_login(make_staff("viewer", "view_helpline"))
    url = f"/admin/helplines/helpline/{line.pk}/change/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"service": "Changed"}).status_code == 403
    line.refresh_from_db()
    assert line.service != "Changed"


def test_hostile_input_in_admin_fields_is_escaped(client, editor):
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    form = {
        "country": Country.objects.get(code="GB").pk, "kind": "crisis", "service": hostile,
        "phone": "0800 123 456", "hours": hostile, "notes": hostile,
        "url": "https://example.org/", "order": 9,
    }  # fmt: skip
    assert editor.post("/admin/helplines/helpline/add/", form).status_code == 302
    page = client.get("/help/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"phone": "call 116 123 now"}, "phone"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({}, "phone"),  # no way to reach it
        ({"url": "https://example.org/", "text_message": "HELP"}, "text_number"),
    ],
)
def test_a_line_readers_could_not_use_is_a_form_error(fields, field):
    line = HelpLine(kind="crisis", service="Test", **fields)
    with pytest.raises(ValidationError) as error:
        line.full_clean()
    assert field in error.value.message_dict
