"""Render the site's own illustrations: each SVG in scripts/illustrations/ becomes the
picture of the same name in content/images/, which `import_content` loads into the library.

    .venv/bin/python -m scripts.rasterise_illustrations

Run it after changing or adding an SVG (a new one also needs its content/images/<slug>.md).
Chromium draws the SVG at its viewBox size, scaled so the picture is 1600 px wide; the same
SVG on the same machine gives the same pixels, and Pillow writes them without timestamps,
so a rerun leaves the files unchanged.
"""

import io
import re
import sys
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "illustrations"
PICTURES = ROOT / "content" / "images"
WIDTH = 1600  # the largest rendition (images/renditions.py WIDTHS)
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def viewbox_size(svg):
    """The SVG's own width and height: the numbers its viewBox ends with."""
    _, _, width, height = re.search(r'viewBox="([^"]+)"', svg).group(1).split()
    return float(width), float(height)


def render(browser, svg):
    """The SVG's pixels, WIDTH px wide."""
    width, height = viewbox_size(svg)
    page = browser.new_page(
        viewport={"width": round(width), "height": round(height)},
        device_scale_factor=WIDTH / width,
    )
    page.set_content(f'<body style="margin:0">{svg}</body>')
    png = page.locator("svg").screenshot(type="png", animations="disabled")
    page.close()
    return Image.open(io.BytesIO(png)).convert("RGB")


def encoded(picture):
    """The picture as PNG, as the library stores a lossless upload (images/uploads.py
    encode_original): so content/ survives an export and import byte for byte."""
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


def main():
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for source in sorted(SOURCES.glob("*.svg")):
            svg = source.read_text(encoding="utf-8")
            picture = render(browser, svg)
            data = encoded(picture)
            target = PICTURES / f"{source.stem}.png"
            target.write_bytes(data)
            size = f"{picture.width}x{picture.height}"
            print(f"{target.relative_to(ROOT)}: {size}, {len(data):,} bytes")
        browser.close()


if __name__ == "__main__":
    main()
