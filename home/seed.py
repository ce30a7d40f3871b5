"""Home's share of the seed content: the home page, Giới thiệu and Ban chỉ đạo, the handbook,
the media library, the legal pages (personal-data policy, terms of use) and the footer settings,
from home/seed/*.yaml."""

from pathlib import Path

import yaml
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from home.models import HandbookChapterPage, HandbookIndexPage, HomePage, MediaLibraryPage, SiteSettings, StandardPage
from portal.seeding import stream_from_seed

SEED_DIR = Path(__file__).resolve().parent / "seed"


def read_seed(name):
    with open(SEED_DIR / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def sources_stream(sources):
    return [{"type": "source", "value": source} for source in sources or []]


def publish_child(parent, page, log, kind):
    parent.add_child(instance=page)
    page.save_revision(log_action=True).publish(log_action=True)
    log.created_object(kind, page.title)
    return page


def child_by_slug(parent, slug):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_home_page(data, log):
    site = Site.objects.filter(is_default_site=True).first()
    root = Page.get_first_root_node()
    if root is None:  # an emptied database (flush): recreate what Wagtail's migrations made
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    if site and isinstance(site.root_page.specific, HomePage):
        log.kept_object("trang chủ", site.root_page.title)
        return site.root_page.specific, site, False
    home = HomePage.objects.first()
    created = False
    if home is None:
        # Wagtail's initial migration leaves a placeholder "Welcome" page where our home page belongs.
        for placeholder in root.get_children().filter(
            content_type__model="page", content_type__app_label="wagtailcore"
        ):
            if placeholder.is_leaf():
                placeholder.delete()
        home = HomePage(
            title=data["title"],
            slug="home",
            hero_title=data["hero_title"],
            hero_intro=data.get("hero_intro", ""),
            intro=data.get("hero_intro", ""),
            pillars=[{"type": "pillar", "value": pillar} for pillar in data.get("pillars", [])],
            sources=sources_stream(sorted({p["source"] for p in data.get("pillars", []) if p.get("source")})),
        )
        publish_child(root, home, log, "trang chủ")
        created = True
    if site is None:
        site = Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    site.root_page = home
    site.site_name = data["title"]
    site.save()
    return home, site, created


def ensure_content_page(parent, model, item, log, kind, **extra):
    existing = child_by_slug(parent, item["slug"])
    if existing is not None:
        log.kept_object(kind, existing.title)
        return existing
    page = model(
        title=item["title"],
        slug=item["slug"],
        intro=item.get("intro", "").strip(),
        body=stream_from_seed(item.get("body")),
        sources=sources_stream(item.get("sources")),
        **extra,
    )
    return publish_child(parent, page, log, kind)


def resolve_path(site, path):
    """The live page at a site-relative path such as /cam-nang/, or None."""
    url_path = site.root_page.url_path + path.strip("/") + "/"
    return Page.objects.live().filter(url_path=url_path).first()


def link_blocks(site, links):
    blocks = []
    for link in links:
        if isinstance(link, str):
            link = {"url": link}
        page = resolve_path(site, link["url"])
        if page is not None:
            value = {"page": page.pk, "title": link.get("title", ""), "description": link.get("description", "")}
            blocks.append({"type": "link", "value": value})
    return blocks


def load(log):
    content = read_seed("home.yaml")
    site_data = read_seed("site.yaml")

    home, _site, home_created = ensure_home_page(content["home"], log)

    pages = content.get("pages", [])
    about = None
    for item in pages:
        parent = about if item["slug"] != "gioi-thieu" and about is not None else home
        page = ensure_content_page(parent, StandardPage, item, log, "trang nội dung")
        if item["slug"] == "gioi-thieu":
            about = page

    handbook_data = content["handbook"]
    handbook = child_by_slug(home, "cam-nang")
    if handbook is None:
        handbook = publish_child(
            home,
            HandbookIndexPage(
                title=handbook_data["title"],
                slug="cam-nang",
                intro=handbook_data.get("intro", "").strip(),
                show_in_menus=True,
                menu_title=handbook_data.get("menu_title", "Cẩm nang"),
                sources=sources_stream(handbook_data.get("sources")),
            ),
            log,
            "cẩm nang",
        )
    else:
        log.kept_object("cẩm nang", handbook.title)
    for chapter in handbook_data.get("chapters", []):
        ensure_content_page(handbook, HandbookChapterPage, chapter, log, "chương cẩm nang")

    library_data = site_data["media_library"]
    if child_by_slug(home, library_data["slug"]) is None:
        publish_child(
            home,
            MediaLibraryPage(title=library_data["title"], slug=library_data["slug"], intro=library_data["intro"]),
            log,
            "thư viện",
        )
    else:
        log.kept_object("thư viện", library_data["title"])

    if home_created:
        log.flags.add("home-created")


def finish(log):
    """Runs after every app has loaded: the home page's quick links and the footer can now point at
    the other apps' pages. Only on a new site: an editor's choice of links is never overwritten."""
    content = read_seed("home.yaml")
    site_data = read_seed("site.yaml")
    site = Site.objects.get(is_default_site=True)
    if "home-created" in log.flags:
        home = site.root_page.specific
        home.quick_links = link_blocks(site, content["home"].get("quick_links", []))
        home.save_revision(log_action=True).publish(log_action=True)

    settings_data = site_data["site_settings"]
    settings, created = SiteSettings.objects.get_or_create(site=site)
    if created or not settings.organisation_name:
        settings.organisation_name = settings_data["organisation_name"]
        settings.organisation_note = settings_data.get("organisation_note", "")
        settings.website = settings_data.get("website", "")
        settings.footer_links = link_blocks(site, settings_data.get("footer_links", []))
        settings.save()
        log.created_object("thông tin cổng", settings.organisation_name)
    else:
        log.kept_object("thông tin cổng", settings.organisation_name)

    # The legal pages (the personal-data policy, the terms of use), last under the home page, and
    # the footer's links to them: set when missing (a new site, or one seeded before they
    # existed), never replacing a page an administrator chose.
    legal = {}
    for item in read_seed("legal.yaml")["pages"]:
        page = ensure_content_page(site.root_page, StandardPage, item, log, "trang pháp lý")
        if getattr(settings, item["setting"] + "_id") is None and page.live:
            legal[item["setting"]] = page
    if legal:
        for field, page in legal.items():
            setattr(settings, field, page)
        settings.save(update_fields=list(legal))
