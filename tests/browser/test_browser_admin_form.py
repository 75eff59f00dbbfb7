"""The article form as an editor uses it in a browser: it fits the screen, rows move by drag
or button, a refused save says why at the top, and the search previews follow typing."""

import pytest

from articles.models import Article
from tests.browser.test_browser_admin_preview import sign_in

pytestmark = pytest.mark.browser

ARTICLE = "anxious-attachment-therapy"  # the article with every kind of part


def open_form(visit, slug=ARTICLE):
    sign_in(visit)
    article = Article.objects.get(slug=slug)
    visit.goto(f"/admin/articles/article/{article.pk}/change/")
    return article, visit.page


def source_titles(page):
    return page.locator("#sources-group .inline-related:not(.empty-form) input[name$='-title']")


def save(page):
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    "visit", [{"width": 1280, "height": 800}, {"width": 390, "height": 844}], indirect=True
)
def test_the_whole_form_fits_the_screen(visit):
    _, page = open_form(visit)
    width = page.viewport_size["width"]
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    page.locator("#sources-group .add-row a").click()  # a new row does not widen it either
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width


def test_moving_a_source_up_renumbers_its_citation_and_saving_keeps_the_order(visit):
    article, page = open_form(visit)
    first, second = [s.title for s in article.sources.order_by("order")[:2]]
    page.get_by_role("button", name="Move source [2] up").click()

    assert source_titles(page).nth(0).input_value() == second
    positions = page.locator("#sources-group .sortable-position")
    assert positions.nth(0).inner_text() == "[1]"
    assert page.locator("#sources-group .sortable-status").inner_text() == "Moved to [1]."
    # The focus stays on the button just used, so a keyboard user can keep moving the row.
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == (
        "Move source [1] up"
    )
    save(page)

    assert [s.title for s in article.sources.order_by("order")[:2]] == [second, first]
    assert source_titles(page).nth(0).input_value() == second


def test_dragging_a_source_by_its_handle_moves_it(visit):
    article, page = open_form(visit)
    titles = [s.title for s in article.sources.order_by("order")]
    rows = page.locator("#sources-group .inline-related:not(.empty-form)")
    rows.nth(0).evaluate("row => row.scrollIntoView()")  # both rows on screen
    rows.nth(1).locator(".sortable-handle").drag_to(
        rows.nth(0),
        target_position={"x": 20, "y": 5},  # onto the top half of the first
    )
    assert source_titles(page).nth(0).input_value() == titles[1]
    assert rows.nth(1).locator(".sortable-position").inner_text() == "[2]"
    save(page)
    assert [s.title for s in article.sources.order_by("order")] == [
        titles[1],
        titles[0],
        *titles[2:],
    ]


def test_a_new_row_gets_the_next_number_and_an_empty_one_is_left_out(visit):
    article, page = open_form(visit)
    count = article.sources.count()
    page.locator("#sources-group .add-row a").click()
    new_row = page.locator("#sources-group .inline-related.dynamic-sources").last
    assert new_row.locator(".sortable-position").inner_text() == "(new)"
    new_row.locator("input[name$='-title']").fill("A new source")
    assert new_row.locator(".sortable-position").inner_text() == f"[{count + 1}]"
    page.locator("#sources-group .add-row a").click()  # added, then left empty
    save(page)

    assert page.locator("#error-summary").count() == 0
    assert article.sources.order_by("order").last().title == "A new source"
    assert article.sources.count() == count + 1


def test_a_refused_save_shows_one_summary_at_the_top_that_leads_to_each_field(visit):
    _, page = open_form(visit)
    page.locator("#id_title").fill("")
    page.locator("#id_sources-0-url").fill("http://example.org/")
    save(page)

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    box = summary.bounding_box()
    assert box["y"] < 400  # at the top of the form, not beside a field far below
    assert page.locator("p.errornote").is_hidden()  # one summary, not two

    summary.get_by_role("link", name="Source 1: URL").click()
    assert page.evaluate("document.activeElement.id") == "id_sources-0-url"
    field = page.locator("#id_sources-0-url").bounding_box()
    assert 0 <= field["y"] <= page.viewport_size["height"]
    summary.get_by_role("link", name="Title").first.click()
    assert page.evaluate("document.activeElement.id") == "id_title"


def test_typing_updates_the_counters_and_the_previews(visit):
    _, page = open_form(visit)
    counter = page.locator("#id_seo_title_counter")
    assert counter.inner_text().startswith("Empty, so the title is used")

    page.locator("#id_seo_title").fill("Anxious attachment: <b>therapies</b>")
    assert page.locator(".seo-serp-title").inner_text() == (
        "Anxious attachment: <b>therapies</b> | TherapyExplained"
    )
    assert page.locator(".seo-card-title").inner_text() == "Anxious attachment: <b>therapies</b>"
    assert page.locator(".seo-serp-title b").count() == 0  # shown as text, never as markup
    assert counter.inner_text() == "55 of about 60 characters, the site’s name included."
    assert "seo-counter-over" not in counter.get_attribute("class")

    page.locator("#id_seo_title").fill("A much longer search title that runs past the limit")
    assert "Search results will cut it short" in counter.inner_text()
    assert "seo-counter-over" in counter.get_attribute("class")
    assert page.locator(".seo-serp-title").inner_text().endswith("…")

    page.locator("#id_meta_description").fill("What helps, and how long it takes.")
    assert page.locator(".seo-serp-description").inner_text() == (
        "What helps, and how long it takes."
    )
    assert page.locator(".seo-card-description").inner_text() == (
        "What helps, and how long it takes."
    )
    assert page.locator("#id_meta_description_counter").inner_text() == (
        "34 of about 155 characters."
    )
    assert counter.get_attribute("aria-live") == "polite"


def test_a_new_source_moved_to_the_top_is_saved_first_after_another_new_one_is_removed(visit):
    """The admin's script renumbers the rows' field names by their place on the page when
    an added row is removed; the saved rows must keep the first numbers all the same."""
    article, page = open_form(visit)
    titles = [s.title for s in article.sources.order_by("order")]
    add = page.locator("#sources-group .add-row a")
    add.click()
    add.click()
    added = page.locator("#sources-group .inline-related.dynamic-sources:not(.has_original)")
    newest = page.locator("#" + added.nth(1).get_attribute("id"))
    empty = page.locator("#" + added.nth(0).get_attribute("id"))
    newest.locator("input[name$='-title']").fill("Newest source")
    for _ in range(len(titles) + 1):  # above the saved rows and the other new one
        newest.get_by_role("button", name="up").click()
    assert source_titles(page).nth(0).input_value() == "Newest source"
    assert newest.locator(".sortable-position").inner_text() == "[1]"
    empty.locator(".inline-deletelink").click()  # the other new row, left empty
    save(page)

    assert page.locator("#error-summary").count() == 0
    assert [s.title for s in article.sources.order_by("order")] == ["Newest source", *titles]
