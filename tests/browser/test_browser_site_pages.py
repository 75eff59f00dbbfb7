"""The site's own pages and /people/ as a reader sees them, on a laptop and a phone."""

import os

import pytest

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS")  # a folder to keep screenshots in, to look at them
SIZES = [({"width": 1280, "height": 800}, "desktop"), ({"width": 390, "height": 844}, "phone")]


def shoot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


@pytest.mark.parametrize(("visit", "label"), SIZES, indirect=["visit"])
def test_a_reader_reaches_the_site_pages_from_the_footer(visit, label):
    page = visit.page
    visit.goto("/")
    footer = page.locator(".footer-nav")
    footer.get_by_role("link", name="About").click()
    page.wait_for_url("**/about/")
    assert page.locator("h1").inner_text() == "About TherapyExplained"
    # Nothing wider than the screen: the footer's links wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shoot(page, f"about-{label}.png")

    page.locator(".footer-nav").get_by_role("link", name="People").click()
    page.wait_for_url("**/people/")
    entry = page.locator(".person-entry").first
    assert entry.get_by_role("link", name="TherapyExplained Editorial").is_visible()
    assert entry.locator("a[href^='/blog/']").count() == 4  # the four published guides
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    shoot(page, f"people-{label}.png")


@pytest.mark.parametrize(("visit", "label"), SIZES, indirect=["visit"])
def test_the_contact_page_shows_the_address(visit, label, settings):
    settings.CONTACT_EMAIL = "editors@example.org"
    visit.goto("/contact/")
    link = visit.page.get_by_role("link", name="editors@example.org")
    assert link.get_attribute("href") == "mailto:editors@example.org"
    shoot(visit.page, f"contact-{label}.png")
