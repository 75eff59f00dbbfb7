"""The article on a phone (contents collapsed, tables whole), in print; cards; the share button."""

import re

import pytest
from django.conf import settings

from tests.page_types import ARTICLE

pytestmark = pytest.mark.browser

PHONES = [{"width": 360, "height": 740}, {"width": 390, "height": 844}]
THREE_COLUMNS = "/blog/anxious-vs-avoidant-attachment/"


@pytest.mark.parametrize("visit", [{"width": 390, "height": 844}], indirect=True)
def test_on_a_phone_the_guide_starts_on_the_first_screen(visit):
    visit.goto(ARTICLE)
    page = visit.page
    first = page.locator(".prose > p").first
    assert first.bounding_box()["y"] < 844 - 60  # its first lines, not just its top edge
    toc_links = page.locator("nav.toc li a")
    assert page.locator(".toc summary").inner_text() == "On this page (24 sections)"
    assert toc_links.first.is_hidden()
    page.locator(".toc summary").click()
    assert toc_links.first.is_visible()
    # The key points fold the same way, their number in the control.
    points = page.locator(".key-points li")
    assert re.fullmatch(r"Key points \(\d\)", page.locator(".key-points summary").inner_text())
    assert points.first.is_hidden()
    page.locator(".key-points summary").click()
    assert points.first.is_visible()


def test_on_a_wide_screen_the_contents_are_open_without_a_click(visit):
    visit.goto(ARTICLE)
    assert visit.page.locator("nav.toc li a").first.is_visible()
    assert visit.page.locator(".key-points li").first.is_visible()
    assert visit.page.locator(".key-points summary").inner_text() == "Key points"


@pytest.mark.parametrize("visit", PHONES, indirect=True, ids=["360", "390"])
@pytest.mark.parametrize("path", [ARTICLE, THREE_COLUMNS])
def test_tables_keep_every_column_and_their_caption_on_a_phone(visit, path):
    visit.goto(path)
    page = visit.page
    width = page.viewport_size["width"]
    assert not page.evaluate("document.documentElement.scrollWidth > innerWidth")
    for table in page.locator(".prose table").all():
        # Nothing hides off to the side: every column is on screen.
        assert table.evaluate("t => t.scrollWidth <= t.clientWidth"), path
        assert table.locator("tr").first.locator("th, td").last.bounding_box()["x"] < width
    caption = page.locator(".comparison caption")
    if caption.count():
        box = caption.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
        assert caption.evaluate("c => c.scrollWidth <= c.clientWidth")
        # Each row is a block whose cells say what they are.
        evidence = page.locator(".comparison td[data-label='Evidence level']").first
        label = evidence.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Evidence level: "'
        assert evidence.bounding_box()["x"] + evidence.bounding_box()["width"] <= width


def test_print_shows_answers_sources_and_link_addresses_but_no_controls(visit):
    visit.goto(ARTICLE)
    page = visit.page
    page.emulate_media(media="print")
    assert page.locator(".faq details .answer").first.is_visible()  # though closed
    assert page.locator(".sources li").first.is_visible()
    for control in [".site-header nav", ".site-search", ".toc", ".share", ".checklist input"]:
        assert page.locator(control).first.is_hidden(), control
    link = page.locator(".prose a[href^='/treatments/']").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert link.get_attribute("href") in after
    # ...and the page's own full address says which site those paths are on.
    printed_from = page.locator(".print-only")
    assert printed_from.is_visible()
    assert printed_from.inner_text() == f"Printed from {settings.SITE_URL}{ARTICLE}"
    page.emulate_media(media="screen")
    assert printed_from.is_hidden()
    page.emulate_media(media="print")
    assert page.pdf()[:5] == b"%PDF-"


@pytest.mark.parametrize("path", ["/", "/treatments/", "/blog/"])
@pytest.mark.parametrize("visit", [{"width": 1280, "height": 800}, *PHONES], indirect=True)
def test_card_rows_are_full_at_every_width(visit, path):
    visit.goto(path)
    for grid in visit.page.locator(".cards, .modality-grid").all():
        gaps = grid.evaluate(
            """g => { const right = g.getBoundingClientRect().right;
            const rows = {};
            for (const c of g.children) { const r = c.getBoundingClientRect();
              rows[Math.round(r.top)] = Math.max(rows[Math.round(r.top)] || 0, r.right); }
            return Object.values(rows).map(r => Math.round(right - r)); }"""
        )
        assert gaps and all(gap <= 1 for gap in gaps), (path, gaps)


def test_share_copies_the_link_where_there_is_no_share_sheet(visit):
    page = visit.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'share', {value: undefined})")
    visit.goto(ARTICLE)
    page.get_by_role("button", name="Share this guide").click()
    status = page.locator("[data-share-status]")
    page.wait_for_function("s => s.textContent", arg=status.element_handle())
    assert status.inner_text().startswith("Link copied: ")
    assert page.evaluate("navigator.clipboard.readText()").endswith(ARTICLE)


def test_share_opens_the_share_sheet_where_there_is_one(visit):
    page = visit.page
    page.add_init_script(
        "navigator.share = data => { window.shared = data; return Promise.resolve(); }"
    )
    visit.goto(ARTICLE)
    page.get_by_role("button", name="Share this guide").click()
    shared = page.evaluate("window.shared")
    assert shared["url"].endswith(ARTICLE) and shared["title"]
