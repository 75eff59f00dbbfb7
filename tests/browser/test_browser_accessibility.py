"""axe-core finds no accessibility violation on any public page type, before or after use."""

import json
from pathlib import Path

import pytest

from tests.page_types import ARTICLE, PAGE_TYPES
from tests.tooling import missing

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
# The release package.json pins (npm ci installs it), not the older one the Python wrapper bundles.
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_VERSION = json.loads((ROOT / "package.json").read_text())["dependencies"]["axe-core"]


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    if not AXE_SCRIPT.exists():
        missing(f"the accessibility tests need axe-core {AXE_VERSION} (npm ci)")
    script = AXE_SCRIPT.read_text()
    assert f"axe v{AXE_VERSION}" in script[:100], (
        f"node_modules holds another axe-core than {AXE_VERSION}"
    )
    return Axe(axe_script=script)


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
    page.locator(".toc summary").click()  # the contents, open
    assert page.locator(".checklist-reading").is_visible()
    assert violations(axe, page) == []
