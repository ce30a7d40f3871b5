"""Draws the portal's raster brand images from the same geometry as static/img/mark.svg: the
180×180 apple-touch-icon and the 1200×630 default social-share image. Run once after changing
the mark, and commit the PNGs (the site serves them as static files; nothing runs at request time):

    python -m home.brand_images

Needs Pillow (installed with Wagtail) and the DejaVu Sans fonts (Debian's fonts-dejavu-core),
which carry every Vietnamese letter.
"""

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

BLUE = (11, 79, 138)
BLUE_DARK = (8, 58, 102)
GOLD = (245, 183, 0)
WHITE = (255, 255, 255)
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
STATIC_IMG = Path(__file__).resolve().parent.parent / "static" / "img"
SCALE = 4  # drawn four times larger, then reduced: smooth edges without an SVG renderer


def _wave(x0, y0, unit):
    """Points of the mark's river: two half waves below the network, in the 64-unit grid."""
    points = []
    for step in range(0, 441):
        t = step / 440
        x = 10 + 44 * t
        # A sine-like curve of amplitude ~2.3 units, as the SVG's cubic curves draw it.
        y = 51 - 2.3 * math.sin(2 * math.pi * t * 1.4)
        points.append((x0 + x * unit, y0 + y * unit))
    return points


def draw_mark(draw, x0, y0, size):
    """The mark in a size×size square at (x0, y0), in the same 64-unit grid as mark.svg."""
    unit = size / 64

    def p(x, y):
        return (x0 + x * unit, y0 + y * unit)

    def line(points, color, width):
        draw.line([p(*point) for point in points], fill=color, width=max(1, round(width * unit)), joint="curve")

    def dot(x, y, r, color):
        draw.ellipse([p(x - r, y - r), p(x + r, y + r)], fill=color)

    draw.rounded_rectangle([p(0, 0), p(64, 64)], radius=14 * unit, fill=BLUE)
    faint = tuple(round(c * 0.55 + b * 0.45) for c, b in zip(WHITE, BLUE, strict=True))
    line([(32, 12), (15, 38), (49, 38), (32, 12)], faint, 2.5)
    line([(32, 12), (32, 29)], WHITE, 3)
    line([(15, 38), (32, 29), (49, 38)], WHITE, 3)
    # The river as a chain of round dots: a round-capped stroke without the joints of a polyline.
    r = 3.5 * unit / 2
    for x, y in _wave(x0, y0, unit):
        draw.ellipse([x - r, y - r, x + r, y + r], fill=GOLD)
    dot(32, 29, 6.5, GOLD)
    for x, y in ((32, 12), (15, 38), (49, 38)):
        dot(x, y, 4.5, WHITE)


def apple_touch_icon(path):
    size = 180 * SCALE
    image = Image.new("RGB", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    # iOS rounds the corners itself: the mark fills the square, its own corners hidden.
    draw.rectangle([0, 0, size, size], fill=BLUE)
    draw_mark(draw, 0, 0, size)
    image.resize((180, 180), Image.LANCZOS).save(path, optimize=True)


def share_image(path):
    width, height = 1200 * SCALE, 630 * SCALE
    image = Image.new("RGB", (width, height), BLUE)
    draw = ImageDraw.Draw(image)
    # A darker band at the foot and a gold rule, as the site's header and hero.
    draw.rectangle([0, height - 120 * SCALE, width, height], fill=BLUE_DARK)
    draw.rectangle([0, height - 126 * SCALE, width, height - 120 * SCALE], fill=GOLD)
    draw_mark(draw, 80 * SCALE, 110 * SCALE, 220 * SCALE)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), 76 * SCALE)
    regular = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 40 * SCALE)
    small = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 30 * SCALE)
    left = 350 * SCALE
    draw.text((left, 118 * SCALE), "Chuyển đổi số", font=bold, fill=WHITE)
    draw.text((left, 218 * SCALE), "Thành phố Hồ Chí Minh", font=regular, fill=WHITE)
    draw.text((left, 290 * SCALE), "Chính quyền số – Kinh tế số – Xã hội số", font=small, fill=(255, 230, 153))
    draw.text(
        (80 * SCALE, height - 82 * SCALE),
        "Cổng thông tin chuyển đổi số của Thành phố Hồ Chí Minh",
        font=small,
        fill=WHITE,
    )
    image.resize((1200, 630), Image.LANCZOS).save(path, optimize=True)


def main():
    apple_touch_icon(STATIC_IMG / "apple-touch-icon.png")
    share_image(STATIC_IMG / "og-default.png")
    print(f"wrote {STATIC_IMG / 'apple-touch-icon.png'} and {STATIC_IMG / 'og-default.png'}")


if __name__ == "__main__":
    main()
