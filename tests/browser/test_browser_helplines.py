"""The reader's country for help lines, in a real browser: chosen once, remembered in this
browser only, and nothing sent anywhere."""

import importlib
import os

import pytest
from django.apps import apps

from tests.page_types import ARTICLE

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SCREENSHOTS")  # a folder: also save screenshots there to look at


@pytest.fixture(autouse=True)
def help_lines(visit):
    """The default lines: the live server's tests empty every table between tests, the
    data migration's rows too."""
    defaults = importlib.import_module("helplines.migrations.0002_default_lines")
    defaults.add_defaults(apps, None)


def shown_lines(page, where):
    return page.locator(f"{where} .help-country:visible").inner_text()


def test_the_chosen_country_is_remembered_on_every_page(visit):
    page = visit.page
    visit.goto("/treatments/")
    # Before any choice: the browser's language (en-US here) picks the country.
    assert page.locator("#help-country-footer").input_value() == "US"
    assert "988" in shown_lines(page, ".site-footer")

    page.select_option("#help-country-footer", "GB")
    assert "Samaritans" in shown_lines(page, ".site-footer")
    assert "988" not in shown_lines(page, ".site-footer")

    page.reload()
    assert page.locator("#help-country-footer").input_value() == "GB"
    assert "116 123" in shown_lines(page, ".site-footer")
    assert page.evaluate("document.cookie") == ""  # remembered without a cookie

    visit.goto(ARTICLE)  # another page: the same choice, in the abuse box too
    assert "116 123" in shown_lines(page, ".site-footer")
    assert "0808 2000 247" in shown_lines(page, ".abuse-help")
    page.select_option("#help-country-abuse", "")  # "Another country"
    assert "findahelpline.com" in shown_lines(page, ".abuse-help")
    assert "findahelpline.com" in shown_lines(page, ".site-footer")


@pytest.mark.parametrize(
    "visit", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], indirect=True
)
def test_help_page_footer_and_abuse_box_fit_the_screen(visit):
    page = visit.page
    width = page.viewport_size["width"]
    parts = [
        ("/help/", "main"),
        (ARTICLE, ".abuse-help"),
        ("/", ".site-footer"),
        ("/", ".site-header"),
    ]
    for path, part in parts:
        visit.goto(path)
        page.select_option("#help-country-footer", "GB")
        element = page.locator(part)
        element.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SHOTS:
            name = f"{path.strip('/').replace('/', '-') or 'home'}-{part.strip('.')}-{width}.png"
            element.screenshot(path=os.path.join(SHOTS, name))
