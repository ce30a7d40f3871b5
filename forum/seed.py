"""The forum's share of the seed content (forum/seed/forum.yaml): the forum page with its purpose,
rules and privacy notice, the categories and the kinds. The responding units are the kernel's
(portal/seed/organisations.yaml).
No proposals: the seeds hold none, and none are invented."""

from pathlib import Path

import yaml
from wagtail.models import Site

from forum.models import ForumIndexPage, ProposalCategory, ProposalKind

SEED_DIR = Path(__file__).resolve().parent / "seed"


def load(log):
    data = yaml.safe_load((SEED_DIR / "forum.yaml").read_text(encoding="utf-8"))
    for order, item in enumerate(data["categories"]):
        _obj, created = ProposalCategory.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "sort_order": order}
        )
        (log.created_object if created else log.kept_object)("chuyên mục diễn đàn", item["name"])
    for order, item in enumerate(data["kinds"]):
        _obj, created = ProposalKind.objects.get_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "prefix": item["prefix"],
                "description": item.get("description", ""),
                "sort_order": order,
            },
        )
        (log.created_object if created else log.kept_object)("loại ý kiến", item["name"])
    _page(data["page"], log)


def _page(item, log):
    if ForumIndexPage.objects.exists():
        log.kept_object("trang diễn đàn", item["title"])
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = ForumIndexPage(
        title=item["title"],
        slug=item["slug"],
        menu_title=item["menu_title"],
        intro=" ".join(item["intro"].split()),
        rules=item["rules"],
        privacy_notice=item["privacy_notice"],
        show_in_menus=True,
        sources=[("source", item["source"])],
    )
    home.add_child(instance=page)
    page.save_revision(log_action=True).publish(log_action=True)
    log.created_object("trang diễn đàn", item["title"])
