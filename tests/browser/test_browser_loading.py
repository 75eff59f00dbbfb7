"""Pages load without shifting under the reader's eyes, and only our one stylesheet blocks them."""

import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.page_types import ARTICLE, PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# Sum of the layout shifts the reader did not cause, after two frames have painted.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => resolve(total), 100)));
})"""

RENDER_BLOCKING = """() => performance.getEntriesByType("resource")
  .filter(entry => entry.renderBlockingStatus === "blocking")
  .map(entry => [new URL(entry.name).pathname, entry.decodedBodySize])"""


@pytest.mark.parametrize("visit", [PHONE], indirect=True)
@pytest.mark.parametrize(("path", "status"), PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_loads_without_layout_shift_or_blocking_extras(visit, path, status):
    visit.goto(path, status)
    page = visit.page
    assert page.evaluate(LAYOUT_SHIFT) == 0
    blocking = dict(page.evaluate(RENDER_BLOCKING))
    assert list(blocking) == ["/static/css/site.css"]  # print.css is media="print"
    # What travels is compressed (whitenoise's .gz and .br): it arrives in the first round trip.
    assert len(gzip.compress(Path(finders.find("css/site.css")).read_bytes())) < 12 * 1024
    # Executable scripts only: JSON-LD blocks are data, never run.
    scripts = page.locator('script:not([type="application/ld+json"])').evaluate_all(
        "s => s.map(s => [s.src, s.defer])"
    )
    assert all(src.startswith(visit.base_url + "/static/") and defer for src, defer in scripts)


@pytest.mark.parametrize("visit", [PHONE], indirect=True)
def test_checklist_script_does_not_shift_the_page_on_a_slow_network(visit):
    """The counter appears and the interpretation hides when the script runs: no jump."""
    page = visit.page
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 300,
            "downloadThroughput": 200_000,
            "uploadThroughput": 50_000,
        },
    )
    visit.goto(ARTICLE + "#signs-of-anxious-attachment")  # the checklist is on screen
    assert page.locator("[data-checklist]").is_visible()
    assert page.locator("[data-checklist-count]").is_visible()
    assert page.evaluate(LAYOUT_SHIFT) == 0


# A phone 390 px wide with a 3x screen: it picks the renditions about 1170 px wide.
PHONE_3X = {"width": 390, "height": 844, "device_scale_factor": 3}
IMAGES_LOADED = """() => performance.getEntriesByType("resource")
  .filter(entry => new URL(entry.name).pathname.startsWith("/media/"))
  .map(entry => [new URL(entry.name).pathname, entry.encodedBodySize])"""


@pytest.mark.parametrize("visit", [PHONE_3X], indirect=True)
def test_an_articles_images_weigh_under_120_kb_on_a_phone_and_shift_nothing(visit):
    visit.goto(ARTICLE)
    page = visit.page
    pictures = page.locator("main picture img")
    assert pictures.count() >= 2, "the lead image and at least one illustration"
    # Scroll to each image in turn, so the lazy ones load as a reader's would.
    for n in range(pictures.count()):
        pictures.nth(n).scroll_into_view_if_needed()
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=pictures.nth(n).element_handle()
        )
    loaded = dict(page.evaluate(IMAGES_LOADED))
    assert len(loaded) == pictures.count(), "each image once, in one format"
    assert all(path.endswith(".avif") for path in loaded), "Chromium takes the AVIF"
    assert sum(loaded.values()) < 120 * 1024, loaded
    assert page.evaluate(LAYOUT_SHIFT) == 0
