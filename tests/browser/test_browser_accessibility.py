"""axe-core finds no accessibility violation on any public page type, before or after use."""

import pytest

from tests.page_types import ARTICLE, PAGE_TYPES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def violations(axe, page):
    """Every violation (WCAG A/AA and axe's best practices), readable in a failure."""
    results = axe.run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
    ]


@pytest.mark.parametrize(("path", "status"), PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_has_no_violations(visit, axe, path, status):
    visit.goto(path, status)
    assert violations(axe, visit.page) == []


@pytest.mark.parametrize("visit", [{"width": 360, "height": 740}], indirect=True)
def test_article_on_a_phone_after_using_the_checklist_and_faq(visit, axe):
    visit.goto(ARTICLE)
    page = visit.page
    for box in page.locator("[data-checklist] input[type=checkbox]").all()[:4]:
        box.check()
    page.locator("#faq ~ details summary").first.click()
    assert page.locator("[data-checklist-interpretation]").is_visible()
    assert violations(axe, page) == []
