"""The article body's writing surface and preview, as an editor uses them in Chromium."""

import os
import time

import pytest

from articles.models import Article
from tests.browser.test_browser_admin_preview import sign_in

pytestmark = pytest.mark.browser

REFERENCE = "anxious-attachment-therapy"  # every embed: checklist, comparison, timeline, sources
SHOTS = os.environ.get("SCREENSHOTS")  # a folder to keep screenshots in, to look at them
WIDE = {"width": 1700, "height": 1000}
PHONE = {"width": 390, "height": 844}


def open_reference(visit):
    sign_in(visit)
    article = Article.objects.get(slug=REFERENCE)
    visit.goto(f"/admin/articles/article/{article.pk}/change/")
    return article


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png")


def poll(check, seconds=5):
    """Wait until check() is true."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def body_lines(page):
    """The body's visible size: its width in px and its height in lines of text."""
    return page.locator("#id_body").evaluate(
        """(area) => {
            const box = area.getBoundingClientRect();
            const style = getComputedStyle(area);
            const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
            return [box.width, (box.height - padding) / parseFloat(style.lineHeight)];
        }"""
    )


def test_the_body_is_a_writing_area_at_1280(visit):
    open_reference(visit)
    page = visit.page
    page.locator("#id_body").scroll_into_view_if_needed()
    shot(page, "editor-1280")
    width, lines = body_lines(page)
    assert width >= 640
    assert lines >= 25
    assert page.locator(".md-pane-preview").is_hidden()  # a tab below 1600 px
    toolbar = page.get_by_role("toolbar", name="Formatting").first
    assert toolbar.get_by_role("button", name="Bold (Ctrl+B)").is_visible()
    editor = page.locator(".md-editor").bounding_box()
    assert editor["x"] + editor["width"] <= 1280  # (the inlines' width is another matter)


def write(page, text):
    body = page.locator("#id_body")
    body.fill(text)
    return body


def test_the_toolbar_and_shortcuts_write_markdown_and_undo(visit):
    sign_in(visit)
    visit.goto("/admin/articles/article/add/")
    page = visit.page
    toolbar = page.get_by_role("toolbar", name="Formatting").first

    body = write(page, "word")
    body.press("Control+a")
    toolbar.get_by_role("button", name="Bold (Ctrl+B)").click()
    assert body.input_value() == "**word**"
    body.press("Control+z")
    assert body.input_value() == "word"  # the browser's undo took the edit back

    body.press("Control+a")
    body.press("Control+i")
    assert body.input_value() == "*word*"

    body = write(page, "A line\nAnother")
    body.press("Control+a")
    toolbar.get_by_role("button", name="Bulleted list").click()
    assert body.input_value() == "- A line\n- Another"
    toolbar.get_by_role("button", name="Numbered list").click()
    assert body.input_value() == "1. A line\n2. Another"
    toolbar.get_by_role("button", name="Quote").click()
    assert body.input_value() == "> A line\n> Another"

    body = write(page, "Signs")
    toolbar.get_by_role("button", name="Heading", exact=True).click()
    assert body.input_value() == "## Signs"
    toolbar.get_by_role("button", name="Subheading").click()
    assert body.input_value() == "### Signs"

    body = write(page, "Intro")
    body.press("End")
    toolbar.get_by_role("button", name="Place the checklist here (on its own line)").click()
    toolbar.get_by_role("button", name="Place the timeline here (on its own line)").click()
    assert body.input_value() == "Intro\n\n[[checklist]]\n\n[[timeline]]\n\n"

    body = write(page, "Read this")
    body.press("Control+a")
    body.press("Control+k")
    body.press_sequentially("https://example.org/")
    assert body.input_value() == "[Read this](https://example.org/)"

    body = write(page, "As shown [1].")
    body.press("End")
    toolbar.get_by_role("button", name="Cite a source").click()
    body.press_sequentially("2")  # the number is selected: typing replaces it
    assert body.input_value() == "As shown [1].[2]"


def test_the_preview_tab_shows_the_public_page_with_every_embed(visit):
    article = open_reference(visit)
    page = visit.page
    page.get_by_role("tab", name="Preview").click()
    assert page.locator("#id_body").is_hidden()
    frame = page.frame_locator(".page-preview-frame")
    frame.locator(".checklist").wait_for()
    assert "Preview of unsaved changes" in frame.locator(".preview-banner").inner_text()
    assert frame.locator("h1").inner_text() == article.title
    items = frame.locator(".checklist-items li")
    assert items.count() == article.checklist.items.count()
    assert frame.locator(".comparison tbody tr").count() == article.comparison_rows.count()
    assert frame.locator(".timeline li").count() == article.timeline_steps.count()
    assert frame.locator(".sources li").count() == article.sources.count()
    # The site's own script runs in the preview, under the admin's CSP.
    items.nth(0).locator("input").check()
    assert frame.locator("[data-checklist-count]").inner_text().startswith("1 of ")
    # Styled by the site's CSS, not the admin's: the page's own font and layout.
    assert frame.locator(".checklist").evaluate("e => getComputedStyle(e).display") != "inline"
    assert page.locator(".page-preview-problems").is_hidden()
    frame.locator(".comparison").scroll_into_view_if_needed()
    shot(page, "preview-1280")


def test_a_problem_is_listed_and_leads_to_its_field(visit):
    open_reference(visit)
    page = visit.page
    body = page.locator("#id_body")
    body.press("Control+End")
    body.press_sequentially("\n\nAs shown [99].\n")
    tab = page.get_by_role("tab", name="Preview")
    poll(lambda: "(1 problem)" in tab.inner_text())
    tab.click()
    problem = page.locator(".page-preview-problems li")
    assert "The body cites [99]" in problem.inner_text()
    shot(page, "problem-1280")
    problem.get_by_role("link", name="Sources").click()
    assert page.locator("#sources-group").evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    )


def test_ctrl_alt_p_toggles_the_preview(visit):
    open_reference(visit)
    page = visit.page
    page.locator("#id_body").press("Control+Alt+p")
    assert page.locator(".page-preview-frame").is_visible()
    assert page.locator("#id_body").is_hidden()
    page.get_by_role("tab", name="Preview").press("Control+Alt+p")
    assert page.locator("#id_body").is_visible()


@pytest.mark.parametrize("visit", [WIDE], indirect=True)
def test_the_preview_is_beside_the_text_on_a_wide_screen(visit):
    open_reference(visit)
    page = visit.page
    page.locator("#id_body").scroll_into_view_if_needed()
    frame = page.locator(".page-preview-frame")
    page.frame_locator(".page-preview-frame").locator(".checklist").wait_for()
    text_box = page.locator("#id_body").bounding_box()
    frame_box = frame.bounding_box()
    assert frame_box["x"] >= text_box["x"] + text_box["width"]
    assert abs(frame_box["y"] - text_box["y"]) < 200
    assert page.locator(".md-tabs").is_hidden()
    shot(page, "side-by-side-1700")
    # Typing updates the page beside the text without losing the place in it.
    preview = page.frame(url="about:srcdoc")
    preview.evaluate("scrollTo(0, 1500)")
    page.locator("#id_body").press("Control+End")
    page.locator("#id_body").press_sequentially("\n\nA new closing line.")
    page.locator(".page-preview[data-state=idle]").wait_for(state="attached")
    preview = page.frame(url="about:srcdoc")
    preview.locator("text=A new closing line.").wait_for()
    # Restored once the new page has loaded. (No wait_for_function: under the CSP it
    # evaluates a string, which the page refuses.)
    poll(lambda: preview.evaluate("scrollY") == 1500)


@pytest.mark.parametrize("visit", [PHONE], indirect=True)
def test_the_editor_fits_a_phone(visit):
    open_reference(visit)
    page = visit.page
    page.locator(".md-editor").scroll_into_view_if_needed()
    box = page.locator(".md-editor").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    shot(page, "editor-390")
    page.get_by_role("tab", name="Preview").click()
    page.frame_locator(".page-preview-frame").locator(".checklist").wait_for()
    shot(page, "preview-390")


def test_the_editor_has_no_accessibility_violations(visit):
    from axe_playwright_python.sync_playwright import Axe

    open_reference(visit)
    page = visit.page
    axe = Axe()

    def violations():
        # The page in the frame is the public page, which has tests of its own.
        logged = len(visit.errors)
        results = axe.run(page, context=".md-editor", options={"iframes": False}).response
        # axe's own probes set inline styles, which the admin's CSP blocks and logs.
        visit.expected_errors += [e for e in visit.errors[logged:] if "inline style" in e]
        return [
            f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
        ]

    assert violations() == []
    page.get_by_role("tab", name="Preview").click()
    page.frame_locator(".page-preview-frame").locator(".checklist").wait_for()
    assert violations() == []
