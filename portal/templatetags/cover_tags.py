"""{% cover obj "card" %}: an object's picture in a card or at the head of its page.

With a `cover_image`, the image through Wagtail's renditions (srcset, width and height, lazy in
cards); without one, the generated cover (portal.covers) inline. Lists prefetch
`cover_image__renditions`, so a card costs no query (Wagtail's get_renditions reads the prefetched
renditions first, then its renditions cache).
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# variant: (rendition specs, smallest first; sizes; lazy)
VARIANTS = {
    "card": (["fill-320x180|format-webp", "fill-640x360|format-webp"], "(min-width: 64rem) 14rem, 7rem", True),
    "hero": (
        ["width-640|format-webp", "width-960|format-webp", "width-1280|format-webp"],
        "(min-width: 48rem) 46rem, 100vw",
        False,
    ),
}


def picture(image, variant="card", alt=None):
    specs, sizes, lazy = VARIANTS[variant]
    renditions = image.get_renditions(*specs)
    # A small original gives the same width more than once (renditions never upscale): once each.
    ordered = list({renditions[spec].width: renditions[spec] for spec in specs}.values())
    first = ordered[0]
    srcset = format_html_join(", ", "{} {}w", ((r.url, r.width) for r in ordered))
    return format_html(
        '<img class="cover-img cover-img--{}" src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}>',
        variant,
        first.url,
        srcset,
        sizes,
        first.width,
        first.height,
        image.alt if alt is None else alt,
        mark_safe(' loading="lazy" decoding="async"' if lazy else ' decoding="async"'),
    )


@register.simple_tag
def cover(obj, variant="card"):
    """In a card (variant "card") the picture is decorative, its title being the card's link; at
    the head of a page ("hero") the image has its alt text. "badge" is the generated cover only."""
    image = getattr(obj, "cover_image", None)
    if image is not None and variant in VARIANTS:
        return picture(image, variant, alt="" if variant == "card" else None)
    if not hasattr(obj, "cover_art"):
        return ""  # a page type without generated covers (a standard page) and without an image
    # Built by portal.covers, which escapes every piece of text it draws.
    return mark_safe(obj.cover_art().svg(inline=True, css_class=f"cover-art cover-art--{variant}"))
