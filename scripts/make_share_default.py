"""Draw static/img/share-default.png: the 1200x630 card shared links show for a page
without a lead image. Run it again after changing the site's name or colours:

    .venv/bin/python scripts/make_share_default.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
BACKGROUND = "#fdfcfa"  # the site's --bg, --accent and --text (static/css/site.css)
ACCENT = "#1f5f8b"
TEXT = "#1d2327"
OUT = Path(__file__).resolve().parent.parent / "static" / "img" / "share-default.png"


def main():
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)
    # Pillow's bundled font: the same card on every machine, no font files to ship.
    draw.text((96, 200), "TherapyExplained", font=ImageFont.load_default(96), fill=ACCENT)
    draw.text(
        (96, 340),
        "Clear, clinically grounded guides\nto therapy and mental health.",
        font=ImageFont.load_default(52),
        fill=TEXT,
        spacing=18,
    )
    card.save(OUT, optimize=True)


if __name__ == "__main__":
    main()
