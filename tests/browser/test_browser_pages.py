"""Pages in a real browser: FAQ disclosures, table of contents, small screens, the 404 page."""

import pytest

from tests.page_types import ARTICLE, PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def test_faq_disclosures_open_by_mouse_and_keyboard(visit):
    visit.goto("/faq/")
    page = visit.page
    first, second = page.locator("details").nth(0), page.locator("details").nth(1)
    assert first.locator(".answer").is_hidden()

    first.locator("summary").click()
    assert first.locator(".answer").is_visible()
    assert first.locator(".answer").inner_text().strip()
    first.locator("summary").click()
    assert first.locator(".answer").is_hidden()

    second.locator("summary").focus()
    page.keyboard.press("Enter")
    assert second.locator(".answer").is_visible()
    page.keyboard.press("Space")
    assert second.locator(".answer").is_hidden()


def test_article_faq_disclosures_open(visit):
    visit.goto(ARTICLE)
    details = visit.page.locator("#faq ~ details").first
    details.locator("summary").click()
    assert details.locator(".answer").is_visible()


def test_table_of_contents_links_reach_their_sections(visit):
    visit.goto(ARTICLE)
    page = visit.page
    links = page.locator("nav.toc a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) >= 5 and all(href.startswith("#") for href in hrefs)
    for i, href in enumerate(hrefs):
        links.nth(i).click()
        assert page.evaluate("location.hash") == href
        target = page.locator(href)
        assert target.count() == 1, f"{href} names no single element"
        # The heading is on screen (its top may sit a subpixel above the edge).
        page.wait_for_function(
            "id => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.bottom > 0 && r.top < innerHeight; }",
            arg=href[1:],
        )
        page.evaluate("window.scrollTo(0, 0)")


def page_scrolls_sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("visit", [PHONE], indirect=True)
@pytest.mark.parametrize(("path", "status"), PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_no_page_scrolls_sideways_on_a_phone(visit, path, status):
    visit.goto(path, status)
    assert not page_scrolls_sideways(visit.page)


def test_404_page_helps_the_reader_on(visit):
    visit.goto("/blog/no-such-guide/", status=404)
    page = visit.page
    assert page.locator("h1").inner_text() == "We can’t find that page"
    assert page.title().startswith("Page not found")
    page.get_by_role("link", name="Browse all guides").click()
    page.wait_for_url("**/blog/")
    assert page.locator("h1").inner_text() == "Guides"
