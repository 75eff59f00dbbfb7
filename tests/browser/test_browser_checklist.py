"""The signs checklist in a real browser: by mouse, by keyboard alone, and silent on the wire."""

import pytest

from tests.page_types import ARTICLE

pytestmark = pytest.mark.browser


def count_text(page):
    return page.locator("[data-checklist-count]").inner_text()


def reading(page):
    return page.locator("[data-checklist-reading]").inner_text()


def reassurance(page):
    return page.locator(".checklist-interpretation")


def test_counter_and_reading_follow_mouse_ticks(visit):
    visit.goto(ARTICLE)
    page = visit.page
    assert count_text(page) == "0 of 10 checked."
    assert reading(page).startswith("Tick any that sound familiar")
    # The reassurance is there before any tick, for the reader who ticks one or two.
    assert "one or two during a difficult week is common" in reassurance(page).inner_text()

    boxes = page.locator("[data-checklist] input[type=checkbox]")
    boxes.nth(0).click()
    page.get_by_text("A persistent fear of being abandoned or replaced").click()  # its label
    assert count_text(page) == "2 of 10 checked."
    assert reading(page) == "A few of these are common, especially during a difficult week."

    boxes.nth(5).click()
    assert count_text(page) == "3 of 10 checked."
    assert reading(page).startswith("That is three or more. It is not a diagnosis")
    assert reassurance(page).is_visible()

    boxes.nth(1).click()  # untick: below the threshold again
    assert count_text(page) == "2 of 10 checked."
    assert reading(page).startswith("A few of these")


def test_checklist_works_with_the_keyboard_alone(visit):
    visit.goto(ARTICLE)
    page = visit.page
    first = page.locator("#sign-1")
    # Tab through the page from the top until the first sign has focus.
    for _ in range(200):
        page.keyboard.press("Tab")
        if first.evaluate("box => box === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first checklist sign")

    page.keyboard.press("Space")
    assert first.is_checked()
    for _ in range(2):
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
    assert page.locator("#sign-3").evaluate("box => box === document.activeElement")
    assert count_text(page) == "3 of 10 checked."
    assert reading(page).startswith("That is three or more")

    page.keyboard.press("Space")  # untick the third
    assert count_text(page) == "2 of 10 checked."
    assert reading(page).startswith("A few of these")


def test_ticking_sends_nothing(visit):
    visit.goto(ARTICLE)
    page = visit.page
    # The article's lazy images load now, not as ticking scrolls them into view.
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    page.wait_for_load_state("networkidle")
    before = len(visit.requests)
    for box in page.locator("[data-checklist] input[type=checkbox]").all():
        box.check()
    assert count_text(page) == "10 of 10 checked."
    page.wait_for_timeout(300)  # give any beacon or fetch a moment to leave
    assert visit.requests[before:] == []
    cookies = page.context.cookies()
    storage = page.evaluate("() => [localStorage.length, sessionStorage.length]")
    assert cookies == [] and storage == [0, 0]
