"""The design system's hidden reference page (issue 16): it renders every component, reads its
tokens from the stylesheet, and every text colour pair it lists reaches WCAG AA (4.5:1)."""

import pytest

from portal import styleguide

pytestmark = pytest.mark.django_db


def test_the_styleguide_renders_every_component_and_stays_out_of_search_engines(client):
    response = client.get("/giao-dien/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    for anchor in ("colours", "type", "space", "buttons", "badges", "cards", "tables", "facets", "forms", "alerts"):
        assert f'id="sg-{anchor}"' in html
    # The sample form is bound and invalid, so its error styles show.
    assert "error-summary" in html and "field--error" in html
    # Every colour token of the stylesheet has a swatch.
    for name in ("blue", "ink", "muted", "green", "amber", "red", "night"):
        assert f"<code>--{name}</code>" in html
    assert "/giao-dien/" not in client.get("/sitemap.xml").content.decode()


def test_tokens_are_read_from_the_stylesheet():
    css = ":root {\n  /* a comment: --fake: #000; */\n  --blue: #0b4f8a; --space-1: .25rem;\n}\nbody { --late: #fff; }"
    styleguide.tokens.cache_clear()
    try:
        assert styleguide.tokens(css) == {"blue": "#0b4f8a", "space-1": ".25rem"}
    finally:
        styleguide.tokens.cache_clear()


def test_contrast_follows_wcag():
    assert round(styleguide.contrast("#000000", "#ffffff"), 2) == 21.0
    assert round(styleguide.contrast("#777777", "#ffffff"), 2) == 4.48
    assert styleguide.contrast("#fff", "#ffffff") == 1.0


def test_every_text_colour_pair_of_the_design_system_reaches_aa():
    rows = styleguide.text_pairs(styleguide.tokens())
    failing = [(row["text"], row["background"], row["ratio"]) for row in rows if not row["passes"]]
    assert not failing, failing
    assert len(rows) == len(styleguide.TEXT_PAIRS)


def test_a_pair_below_aa_is_reported():
    palette = {**styleguide.tokens(), "muted": "#999999"}
    rows = styleguide.text_pairs(palette)
    assert [row["passes"] for row in rows if row["text"] == "muted"] == [False, False]
