"""The consultations' share of the seed content: the page /lay-y-kien/ and the document type
"Dự thảo" (also made by migration 0002). No consultation: the seeds hold none, and none is invented."""

from wagtail.models import Site

from consultations.models import DRAFT_TYPE_SLUG, ConsultationIndexPage

PAGE = {
    "title": "Lấy ý kiến dự thảo",
    "slug": "lay-y-kien",
    "menu_title": "Góp ý dự thảo",
    "intro": (
        "Các cơ quan của Thành phố công khai dự thảo kế hoạch, văn bản để người dân, doanh nghiệp, tổ chức "
        "góp ý theo từng điều, khoản trước khi ban hành, và công bố báo cáo tiếp thu, giải trình từng góp ý."
    ),
}


def load(log):
    from documents.models import DocumentType

    _type, created = DocumentType.objects.get_or_create(
        slug=DRAFT_TYPE_SLUG, defaults={"name": "Dự thảo", "abbreviation": "DT", "sort_order": 900}
    )
    (log.created_object if created else log.kept_object)("loại văn bản", "Dự thảo")
    if ConsultationIndexPage.objects.exists():
        log.kept_object("trang lấy ý kiến dự thảo", PAGE["title"])
        return
    home = Site.objects.get(is_default_site=True).root_page
    page = ConsultationIndexPage(
        title=PAGE["title"], slug=PAGE["slug"], menu_title=PAGE["menu_title"], intro=PAGE["intro"], show_in_menus=True
    )
    home.add_child(instance=page)
    page.save_revision(log_action=True).publish(log_action=True)
    log.created_object("trang lấy ý kiến dự thảo", PAGE["title"])
