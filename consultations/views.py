"""Public consultation views, served under the consultations page (/lay-y-kien/) by its routes.
Participation reuses the forum's checks: a signed-in, verified, not suspended account
(forum.views.participation_problem), the forum's rate limits, sanitising and flag reasons."""

from collections import Counter

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import services
from consultations.forms import CommentForm, FlagForm
from consultations.models import (
    CommentSupport,
    Consultation,
    ConsultationComment,
    ConsultationFollow,
    Decision,
    FieldSubscription,
    Handling,
    Phase,
    section_counts,
)
from forum.models import Profile
from forum.sanitize import text_of
from forum.views import participation_problem
from portal import ratelimit
from portal.navigation import page_route_url
from portal.params import page_param, url_with_query
from portal.streaming import csv_response, json_response

COMMENTS_PAGE_SIZE = 20


def _open(now):
    return Q(opens_at__lte=now, closes_at__gt=now, report_published_at__isnull=True)


# The listing's filters (?trang_thai=), in the database: the phase is computed from the dates.
PHASE_FILTERS = {
    "dang-lay-y-kien": _open,
    "sap-lay-y-kien": lambda now: Q(opens_at__gt=now, report_published_at__isnull=True),
    "da-ket-thuc": lambda now: Q(closes_at__lte=now) | Q(report_published_at__isnull=False),
}


def _consultation(slug):
    consultation = (
        Consultation.objects.public()
        .select_related("draft__document_type", "draft__issuer", "unit", "adopted_document")
        .filter(slug=slug)
        .first()
    )
    if consultation is None:
        raise Http404
    return consultation


def listing(request, page):
    consultations = Consultation.objects.public().select_related("unit").order_by("-opens_at", "-pk")
    chosen = request.GET.get("trang_thai")
    if chosen in PHASE_FILTERS:
        consultations = consultations.filter(PHASE_FILTERS[chosen](timezone.now()))
    results = Paginator(consultations, settings.PORTAL_PAGE_SIZE).get_page(page_param(request.GET))
    context = {
        "page": page,
        "self": page,
        "results": results,
        "chosen": chosen if chosen in PHASE_FILTERS else "",
        "filters": [
            ("", _("Tất cả")),
            ("dang-lay-y-kien", _("Đang lấy ý kiến")),
            ("sap-lay-y-kien", _("Sắp lấy ý kiến")),
            ("da-ket-thuc", _("Đã kết thúc")),
        ],
    }
    return render(request, "consultations/listing.html", context)


def field_subscriptions(request, page):
    """/lay-y-kien/theo-linh-vuc/: a signed-in account picks the library's fields whose
    consultations it wants mail about (opening, a week before closing, the report)."""
    from documents.models import LegalField

    listing_url = page_route_url(page, "listing", request=request)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    fields = list(LegalField.objects.order_by("name"))
    if request.method == "POST":
        chosen = {int(pk) for pk in request.POST.getlist("linh_vuc") if pk.isdigit()} & {f.pk for f in fields}
        FieldSubscription.objects.filter(user=request.user).exclude(field_id__in=chosen).delete()
        for pk in chosen:
            FieldSubscription.objects.get_or_create(user=request.user, field_id=pk)
        messages.success(request, _("Đã lưu các lĩnh vực bạn theo dõi."))
        return HttpResponseRedirect(listing_url)
    subscribed = set(FieldSubscription.objects.filter(user=request.user).values_list("field_id", flat=True))
    context = {"page": page, "self": page, "fields": fields, "subscribed": subscribed, "listing_url": listing_url}
    return render(request, "consultations/fields.html", context)


def _comments(consultation, section_id=None):
    comments = (
        ConsultationComment.objects.public()
        .filter(consultation=consultation)
        .select_related("author", "section__parent", "handling")
        .order_by("created_at", "pk")
    )
    if section_id:
        comments = comments.filter(section_id=section_id)
    return comments


def detail(request, page, slug, comment_form=None, status=200):
    consultation = _consultation(slug)
    sections = section_counts(consultation)
    chosen_section = request.GET.get("dieu")
    chosen_section = int(chosen_section) if chosen_section and chosen_section.isdigit() else None
    if chosen_section and chosen_section not in {s.pk for s in sections}:
        chosen_section = None
    comments = Paginator(_comments(consultation, chosen_section), COMMENTS_PAGE_SIZE).get_page(page_param(request.GET))
    user = request.user
    supported, followed, own_pending = set(), False, []
    if user.is_authenticated:
        supported = set(
            CommentSupport.objects.filter(user=user, comment__in=[c.pk for c in comments]).values_list(
                "comment_id", flat=True
            )
        )
        followed = ConsultationFollow.objects.filter(consultation=consultation, user=user).exists()
        own_pending = list(
            consultation.comments.filter(author=user)
            .exclude(status=ConsultationComment.Status.APPROVED, hidden=False)
            .select_related("section__parent")
        )
    for comment in comments:
        comment.supported = comment.pk in supported
    problem = participation_problem(user)
    total = sum(s.comment_count for s in sections)
    whole_draft = ConsultationComment.objects.public().filter(consultation=consultation, section__isnull=True).count()
    context = {
        "page": page,
        "self": page,
        "consultation": consultation,
        "phase": consultation.phase,
        "sections": sections,
        "questions": list(consultation.questions.all()),
        "attachments": list(consultation.attachments.select_related("file")),
        "draft_attachments": list(consultation.draft.attachments.select_related("file")),
        "comments": comments,
        "comment_total": total + whole_draft,
        "whole_draft_count": whole_draft,
        "chosen_section": chosen_section,
        "own_pending": own_pending,
        "followed": followed,
        "can_comment": consultation.phase == Phase.OPEN and problem is None,
        "needs_login": problem == "login",
        "participation_problem": problem if problem not in (None, "login") else "",
        "comment_form": comment_form
        or CommentForm(
            consultation=consultation,
            sections=sections,
            initial={
                "author_type": getattr(getattr(user, "forum_profile", None), "author_type", "citizen"),
                "section": request.GET.get("gop_y", ""),
            },
        ),
        "flag_reasons": FlagForm.base_fields["reason"].choices,
        "base_url": consultation.get_absolute_url(),
        "now": timezone.now(),
    }
    return render(request, "consultations/detail.html", context, status=status)


def _guard(request, consultation):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    problem = participation_problem(request.user)
    if problem == "login":
        return redirect_to_login(consultation.get_absolute_url())
    if problem:
        messages.error(request, problem)
        return HttpResponseRedirect(consultation.get_absolute_url())
    return None


def _too_many(request, page, action):
    response = render(request, "forum/rate_limited.html", {"page": page, "action": action}, status=429)
    response["Retry-After"] = "600"
    return response


def comment(request, page, slug):
    consultation = _consultation(slug)
    if (response := _guard(request, consultation)) is not None:
        return response
    if consultation.phase != Phase.OPEN:
        messages.error(request, _("Đợt lấy ý kiến này không còn nhận góp ý."))
        return HttpResponseRedirect(consultation.get_absolute_url())
    if not ratelimit.allow(request, "consultation_comment", settings.FORUM_RATE_LIMITS["comment"]):
        return _too_many(request, page, "comment")
    form = CommentForm(request.POST, consultation=consultation, sections=consultation.sections.select_related("parent"))
    if not form.is_valid():
        return detail(request, page, slug, comment_form=form, status=400)
    try:
        _comment, created = services.add_comment(consultation, request.user, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(consultation.get_absolute_url())
    if created:
        messages.success(request, _("Đã nhận góp ý. Góp ý sẽ được công khai sau khi điều phối viên duyệt."))
    return HttpResponseRedirect(consultation.get_absolute_url() + "#gop-y-cua-ban")


def follow(request, page, slug):
    consultation = _consultation(slug)
    if (response := _guard(request, consultation)) is not None:
        return response
    if request.POST.get("bo"):
        services.unfollow(consultation, request.user)
        messages.success(request, _("Đã bỏ theo dõi."))
    else:
        services.follow(consultation, request.user)
        messages.success(
            request, _("Bạn sẽ nhận thư khi đợt lấy ý kiến bắt đầu, một tuần trước khi kết thúc và khi có báo cáo.")
        )
    return HttpResponseRedirect(consultation.get_absolute_url())


def comment_action(request, page, slug, pk, action):
    consultation = _consultation(slug)
    if action not in ("ung-ho", "bo-ung-ho", "bao-cao"):
        raise Http404
    if (response := _guard(request, consultation)) is not None:
        return response
    target = ConsultationComment.objects.public().filter(pk=pk, consultation=consultation).first()
    if target is None:
        raise Http404
    back = url_with_query(consultation.get_absolute_url(), {}) + f"#gop-y-{target.pk}"
    if action == "bao-cao":
        if not ratelimit.allow(request, "flag", settings.FORUM_RATE_LIMITS["flag"]):
            return _too_many(request, page, "flag")
        form = FlagForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Hãy chọn lý do báo cáo."))
        elif services.add_flag(target, request.user, form.cleaned_data["reason"], form.cleaned_data["note"]):
            messages.success(request, _("Cảm ơn bạn. Điều phối viên sẽ xem xét báo cáo."))
        else:
            messages.info(request, _("Bạn đã báo cáo nội dung này rồi."))
        return HttpResponseRedirect(back)
    if not ratelimit.allow(request, "support", settings.FORUM_RATE_LIMITS["support"]):
        return _too_many(request, page, "support")
    if action == "ung-ho":
        if services.add_support(target, request.user):
            messages.success(request, _("Bạn đã ủng hộ góp ý này."))
        else:
            messages.info(request, _("Bạn đã ủng hộ góp ý này trước đó; mỗi tài khoản chỉ ủng hộ một lần."))
    else:
        services.remove_support(target, request.user)
        messages.success(request, _("Đã rút ủng hộ."))
    return HttpResponseRedirect(back)


def report_groups(consultation):
    """The published synthesis: each handling with its comments, in the draft's order (whole draft
    first), and the count per decision."""
    comments = Prefetch(
        "comments",
        queryset=ConsultationComment.objects.public().select_related("author", "section__parent").order_by("pk"),
        to_attr="public_comments",
    )
    handlings = [
        h for h in Handling.objects.filter(consultation=consultation).prefetch_related(comments) if h.public_comments
    ]

    def position(handling):
        orders = [c.section.sort_order if c.section_id else -1 for c in handling.public_comments]
        return (min(orders), handling.pk)

    handlings.sort(key=position)
    tally = Counter()
    for handling in handlings:
        tally[handling.decision] += len(handling.public_comments)
    return handlings, [(value, label, tally.get(value, 0)) for value, label in Decision.choices]


def report(request, page, slug, printable=False):
    consultation = _consultation(slug)
    if not consultation.report_is_published:
        raise Http404
    handlings, tally = report_groups(consultation)
    context = {
        "page": page,
        "self": page,
        "consultation": consultation,
        "handlings": handlings,
        "tally": tally,
        "comment_total": sum(count for _value, _label, count in tally),
        "printable": printable,
        "print_url": page_route_url(page, "report_print", slug=consultation.slug, request=request),
    }
    template = "consultations/report_print.html" if printable else "consultations/report.html"
    return render(request, template, context)


# --- open data ---------------------------------------------------------------------------------

EXPORT_FIELDS = [
    "id",
    "dot_lay_y_kien",
    "gop_y_cho",
    "doan_trich_dan",
    "noi_dung",
    "nguoi_gop_y",
    "tu_cach",
    "thoi_diem",
    "luot_ung_ho",
    "hinh_thuc_xu_ly",
    "noi_dung_tiep_thu_giai_trinh",
]


def export_rows(consultation):
    """One row per public comment: no account, email or other personal data beyond the public
    display name (or the organisation's name); the handling only once the report is published."""
    published = consultation.report_is_published
    # Labels worked out once, not per row (translated choice labels cost a lookup each).
    targets = {section.pk: section.label for section in consultation.sections.select_related("parent")}
    whole_draft = str(_("Toàn bộ dự thảo"))
    author_types = {value: str(label) for value, label in Profile.AuthorType.choices}
    queryset = (
        ConsultationComment.objects.public()
        .filter(consultation=consultation)
        .select_related("author", "handling")
        .order_by("pk")
    )
    for comment in queryset.iterator(chunk_size=1000):
        handling = comment.handling if published else None
        yield {
            "id": comment.pk,
            "dot_lay_y_kien": consultation.slug,
            "gop_y_cho": targets.get(comment.section_id, whole_draft),
            "doan_trich_dan": comment.quote,
            "noi_dung": text_of(comment.body),
            "nguoi_gop_y": comment.display_name,
            "tu_cach": author_types.get(comment.author_type, comment.author_type),
            "thoi_diem": timezone.localtime(comment.created_at).isoformat(),
            "luot_ung_ho": comment.support_count,
            "hinh_thuc_xu_ly": handling.decision if handling else "",
            "noi_dung_tiep_thu_giai_trinh": handling.reason if handling else "",
        }


def export(request, page, slug, fmt):
    consultation = _consultation(slug)
    if fmt not in ("csv", "json"):
        raise Http404
    filename = f"gop-y-{consultation.slug}.{fmt}"
    rows = export_rows(consultation)
    if fmt == "json":
        value = {
            "consultation": consultation.title,
            "url": request.build_absolute_uri(consultation.get_absolute_url()),
            "report_published": consultation.report_is_published,
            "decisions": {value: str(label) for value, label in Decision.choices},
            "comments": rows,
        }
        return json_response(value, filename, indent=1, request=request)
    return csv_response(rows, filename, fieldnames=EXPORT_FIELDS, request=request)
