"""Apps add blocks to the kernel's streams through the `register_stream_blocks` hook: the page
body and a bulletin section offer the KPI block without home/, news/ or the kernel importing kpi,
with the block names and order the stored StreamField JSON and the migrations already have."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail import blocks, hooks

from home.models import HomePage, StandardPage
from kpi.blocks import KpiBlock
from kpi.models import Indicator
from news.models import ArticlePage, BulletinPage
from portal.blocks import (
    PAGE_BODY,
    BaseStreamBlock,
    ExtensibleStreamBlock,
    StreamBlockContribution,
    stream_block_contributions,
)


def _names(field):
    return list(field.stream_block.child_blocks)


def test_page_bodies_offer_the_kpi_block_before_the_table():
    # The apps' blocks by order then name: kpi (100), the DX index's ranking (dx_ranking, 110).
    expected = ["heading", "paragraph", "image", "quote", "video", "kpi", "dx_ranking", "table"]
    assert _names(StandardPage._meta.get_field("body")) == expected
    assert _names(HomePage._meta.get_field("body")) == expected
    assert _names(ArticlePage._meta.get_field("body")) == [*expected, "document"]
    assert isinstance(StandardPage._meta.get_field("body").stream_block.child_blocks["kpi"], KpiBlock)


def test_a_bulletin_section_offers_the_kpi_block_after_its_own_blocks():
    section = BulletinPage._meta.get_field("sections").stream_block.child_blocks["section"]
    items = section.child_blocks["items"]
    assert list(items.child_blocks) == ["article", "document", "text", "kpi"]
    assert isinstance(items.child_blocks["kpi"], KpiBlock)
    assert items.child_blocks["kpi"].name == "kpi"


def test_every_stream_gets_its_own_block_instance():
    first, second = BaseStreamBlock(), BaseStreamBlock()
    assert first.child_blocks["kpi"] is not second.child_blocks["kpi"]


class _Stream(ExtensibleStreamBlock):
    extension_point = "test_point"
    contributions_before = "last"

    first = blocks.CharBlock()
    last = blocks.CharBlock()


def test_contributions_go_where_the_stream_says_by_order_then_name():
    def contribute():
        return [
            StreamBlockContribution("zeta", blocks.TextBlock, extension_points=["test_point"], order=10),
            StreamBlockContribution("alpha", blocks.TextBlock, extension_points=["test_point"], order=10),
            StreamBlockContribution("early", blocks.IntegerBlock, extension_points=["test_point"], order=1),
            StreamBlockContribution("elsewhere", blocks.TextBlock, extension_points=["other"]),
            # A declared block keeps its name and its definition.
            StreamBlockContribution("first", blocks.IntegerBlock, extension_points=["test_point"]),
        ]

    with hooks.register_temporarily("register_stream_blocks", contribute):
        stream = _Stream()
        assert list(stream.child_blocks) == ["first", "early", "alpha", "zeta", "last"]
        assert isinstance(stream.child_blocks["first"], blocks.CharBlock)
        assert isinstance(stream.child_blocks["early"], blocks.IntegerBlock)
    # Contributions are collected once per stream: the stream keeps them after the hook is gone.
    assert "alpha" in stream.child_blocks
    assert list(_Stream().child_blocks) == ["first", "last"]


def test_two_contributions_of_one_name_are_refused():
    def contribute():
        return [StreamBlockContribution("kpi", blocks.TextBlock, extension_points=[PAGE_BODY])]

    with (
        hooks.register_temporarily("register_stream_blocks", contribute),
        pytest.raises(ImproperlyConfigured, match="kpi"),
    ):
        stream_block_contributions(PAGE_BODY)


def test_a_stream_read_before_the_models_are_loaded_says_why(monkeypatch):
    from django.apps import apps

    monkeypatch.setattr(apps, "models_ready", False)
    with pytest.raises(ImproperlyConfigured, match="register_stream_blocks"):
        BaseStreamBlock().child_blocks  # noqa: B018


@pytest.mark.django_db
def test_a_stored_kpi_block_keeps_its_json(home_page):
    from tests.factories import StandardPageFactory

    indicator = Indicator.objects.get(slug="kinh-te-so-grdp")
    raw = [
        {"type": "heading", "value": {"text": "Chỉ tiêu", "level": "h2"}},
        {
            "type": "kpi",
            "value": {"heading": "Kinh tế số", "indicators": [indicator.pk], "plan": None, "pillar": "", "limit": 6},
        },
    ]
    page = StandardPageFactory(parent=home_page, body=raw)
    page = StandardPage.objects.get(pk=page.pk)
    assert [block.block_type for block in page.body] == ["heading", "kpi"]
    stored = page.body.get_prep_value()
    assert [block["type"] for block in stored] == ["heading", "kpi"]
    assert [item["value"] for item in stored[1]["value"]["indicators"]] == [indicator.pk]
