"""Public forum views, served under the forum page (/dien-dan/) by its routes."""

import datetime
import statistics

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from forum import moderation, services
from forum.forms import CommentForm, FlagForm, ListingFilterForm, ProposalForm
from forum.models import (
    ANSWERED_STATUSES,
    Comment,
    Event,
    Flag,
    Follow,
    Profile,
    Proposal,
    ProposalImage,
    Status,
    Support,
    public_q,
)
from forum.search import ProposalSource
from portal import ratelimit
from portal.navigation import page_route_url
from portal.params import page_param, url_with_query
from portal.search import cache as answers
from portal.search import rank_queryset


def _too_many(request, page, action):
    response = render(
        request,
        "forum/rate_limited.html",
        {"page": page, "action": action},
        status=429,
    )
    response["Retry-After"] = "600"
    return response


def participation_problem(user):
    """Why this account may not post, support or flag yet (None when it may)."""
    from allauth.account.models import EmailAddress

    if not user.is_authenticated:
        return "login"
    profile = getattr(user, "forum_profile", None)
    if profile is not None and profile.is_suspended:
        return _("Tài khoản của bạn đang bị tạm khoá: %(reason)s") % {"reason": profile.suspended_reason}
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return _("Bạn cần xác nhận địa chỉ thư điện tử trước khi tham gia diễn đàn.")
    return None


def _guard(request, page):
    problem = participation_problem(request.user)
    if problem == "login":
        return redirect_to_login(request.get_full_path())
    if problem:
        messages.error(request, problem)
        return HttpResponseRedirect(page.url)
    return None


class CountedPaginator(Paginator):
    """A paginator that may be told its count when the caller has it already (no COUNT query)."""

    def __init__(self, object_list, per_page, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.count = count  # Paginator.count is a cached_property: this is its value


LISTING_BODY = "forum/includes/listing_body.html"


def listing(request, page):
    """/dien-dan/: the totals, the filters and a page of public proposals.

    What it shows below the site's header is the same for every reader of the same address (query
    string, host), in the same language, on the same day (the month's count): nothing about the
    reader is in it. It is rendered once and kept under the generations of what it shows
    (portal/generations.py): "forum" (every table it reads, forum/apps.py), "pages" (the forum
    page, its breadcrumbs and URLs) and, with a search, "search" (the index it matches in). Any
    write to those tables, whatever made it, gives the next request a new key; a request served
    from the cache reads nothing but the generations. PORTAL_SEARCH["CACHE_TIMEOUT"] = 0 renders
    every time."""
    subjects = ("forum", "pages", "search") if "q" in request.GET else ("forum", "pages")
    parts = {
        "query": sorted(request.GET.lists()),
        "site": [request.scheme, request.get_host(), page.pk],
        "language": get_language(),
        "zone": timezone.get_current_timezone_name(),
        "today": timezone.localdate().isoformat(),
        "per_page": settings.PORTAL_PAGE_SIZE,
    }

    def render_body():
        return render_to_string(LISTING_BODY, listing_context(request, page), request)

    body = answers.Answers(subjects).get("forum-listing", parts, render_body)
    return render(request, "forum/listing.html", {"page": page, "self": page, "listing_body": mark_safe(body)})


def listing_context(request, page):
    """The listing's context: the filter form, the page of proposals and the totals."""
    form = ListingFilterForm(request.GET or None)
    proposals = Proposal.objects.public().select_related("kind", "category", "unit")
    sort = "moi-nhat"
    query = ""
    filtered = False
    if form.is_valid():
        data = form.cleaned_data
        if data["chuyen_muc"]:
            proposals = proposals.filter(category=data["chuyen_muc"])
        if data["loai"]:
            proposals = proposals.filter(kind=data["loai"])
        if data["trang_thai"]:
            proposals = proposals.filter(status=data["trang_thai"])
        query = data["q"].strip()
        filtered = bool(data["chuyen_muc"] or data["loai"] or data["trang_thai"] or query)
        if query:
            # Through the portal's search service: words with or without diacritics, "d" for
            # "đ", or a reference code in any written form.
            proposals = rank_queryset(proposals, query, ProposalSource.key)
            sort = "lien-quan"
        sort = data["sap_xep"] or sort
        if sort == "lien-quan" and not query:
            sort = "moi-nhat"
    order = {
        "moi-nhat": ["-published_at", "-pk"],
        "ung-ho": ["-support_count", "-published_at"],
        "thao-luan": ["-comment_count", "-published_at"],
        "tra-loi": [F("answered_at").desc(nulls_last=True), "-published_at"],
        "lien-quan": ["-relevance", "-published_at"],
    }[sort]
    proposals = proposals.order_by(*order)
    stats = forum_stats()
    # Unfiltered, the listing is every public proposal, which the totals have just counted.
    count = None if filtered else stats["public_total"]
    results = CountedPaginator(proposals, settings.PORTAL_PAGE_SIZE, count=count).get_page(page_param(request.GET))
    return {
        "page": page,
        "self": page,
        "form": form,
        "results": results,
        "query": query,
        "stats": stats,
        "submit_url": page_route_url(page, "submit", request=request),
    }


def forum_stats(today=None):
    """The totals shown on /dien-dan/: received this month, share answered, median days to answer."""
    today = today or timezone.localdate()
    month_start = today.replace(day=1)
    # From the month's first instant, local time: a range on the indexed created_at (a date taken
    # of every row's created_at, as created_at__date does, reads the whole table).
    since = timezone.make_aware(datetime.datetime.combine(month_start, datetime.time.min))
    # One aggregate: the month's proposals, public or not, and the public ones and those answered.
    public = public_q()
    counts = Proposal.objects.aggregate(
        received=Count("pk", filter=Q(created_at__gte=since)),
        total=Count("pk", filter=public),
        answered=Count("pk", filter=public & Q(status__in=ANSWERED_STATUSES)),
    )
    durations = [
        (answered - published).total_seconds() / 86400
        for published, answered in Proposal.objects.public()
        .filter(answered_at__isnull=False, published_at__isnull=False)
        .order_by()  # a median needs no order from the database
        .values_list("published_at", "answered_at")
    ]
    return {
        "received_this_month": counts["received"],
        "public_total": counts["total"],
        "answered": counts["answered"],
        "answered_share": round(100 * counts["answered"] / counts["total"]) if counts["total"] else None,
        "median_days": round(statistics.median(durations), 1) if durations else None,
    }


def rules(request, page):
    return render(request, "forum/rules.html", {"page": page, "self": page})


def staff_session(request):
    """Staff privileges on the public site, like the admin, need a session that passed the second factor."""
    from portal.middleware import session_passed_second_factor

    return request.user.is_authenticated and session_passed_second_factor(request)


def _visible_proposal(request, pk):
    proposal = (
        Proposal.objects.visible_to(request.user, second_factor=staff_session(request))
        .select_related("kind", "category", "unit", "author", "duplicate_of")
        .prefetch_related("images", "related_documents")
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


# The orders of a proposal's comments (?thu_tu=): oldest first, as the page has always read, or newest.
COMMENT_ORDERS = {
    "cu-nhat": (gettext_lazy("Cũ nhất"), ("created_at", "pk")),
    "moi-nhat": (gettext_lazy("Mới nhất"), ("-created_at", "-pk")),
}
DEFAULT_COMMENT_ORDER = "cu-nhat"


def comment_order(params):
    order = params.get("thu_tu")
    return order if order in COMMENT_ORDERS else DEFAULT_COMMENT_ORDER


def threads(proposal, is_staff_view=False):
    """The proposal's top-level comments a reader sees (staff also the hidden ones, marked), each
    with its replies that are not hidden, oldest reply first. A page of comments is a page of these."""
    comments = (
        proposal.comments.filter(parent__isnull=True)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "replies",
                queryset=Comment.objects.filter(hidden=False).select_related("author").order_by("created_at", "pk"),
            )
        )
    )
    return comments if is_staff_view else comments.filter(hidden=False)


def comment_url(proposal, comment, is_staff_view=False, order=DEFAULT_COMMENT_ORDER):
    """Where a comment shows: the proposal's page of comments holding its thread, in `order`, with
    its anchor; None when this reader may not see it (hidden, or a reply to a hidden comment, or on
    a proposal that is not public)."""
    if not proposal.is_public or comment.proposal_id != proposal.pk:
        return None
    root = comment.parent if comment.parent_id else comment
    if comment.parent_id and comment.hidden:
        return None  # hidden replies show to no one
    visible = threads(proposal, is_staff_view)
    if not visible.filter(pk=root.pk).exists():
        return None
    same_time_before = Q(created_at=root.created_at, pk__lt=root.pk)
    if order == DEFAULT_COMMENT_ORDER:
        before = visible.filter(Q(created_at__lt=root.created_at) | same_time_before)
    else:
        before = visible.filter(Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk))
    number = before.count() // settings.FORUM_COMMENTS_PAGE_SIZE + 1
    params = {"thu_tu": None if order == DEFAULT_COMMENT_ORDER else order, "trang": number if number > 1 else None}
    return f"{url_with_query(proposal.get_absolute_url(), params)}#binh-luan-{comment.pk}"


def comment_permalink(request, page, pk, comment_pk):
    """/dien-dan/<pk>/binh-luan/<comment>/: the comment's permanent address, redirecting to the
    page of comments where it is now (in the order asked by ?thu_tu=, oldest first by default)."""
    proposal = _visible_proposal(request, pk)
    comment = Comment.objects.filter(pk=comment_pk, proposal=proposal).select_related("parent").first()
    if comment is None:
        raise Http404
    is_staff_view = moderation.can_moderate(request.user) and staff_session(request)
    url = comment_url(proposal, comment, is_staff_view, comment_order(request.GET))
    if url is None:
        raise Http404
    return HttpResponseRedirect(url)


def detail(request, page, pk, slug, comment_form=None, flag_form=None, status=200):
    proposal = _visible_proposal(request, pk)
    if slug != proposal.slug and request.method == "GET":
        return HttpResponseRedirect(proposal.get_absolute_url())
    user = request.user
    is_staff_view = moderation.can_moderate(user) and staff_session(request)
    is_author = user.is_authenticated and proposal.author_id == user.pk
    order = comment_order(request.GET)
    comments = Paginator(
        threads(proposal, is_staff_view).order_by(*COMMENT_ORDERS[order][1]), settings.FORUM_COMMENTS_PAGE_SIZE
    ).get_page(page_param(request.GET))
    # Reasons written for the author (a rejection, a request for changes, a withdrawn answer) are
    # shown to the author and staff only, even once the proposal is public.
    private_reasons = {Status.REJECTED, Status.CHANGES_REQUESTED}
    timeline = []
    for event in proposal.events.all():
        if event.internal:
            continue
        event.show_note = bool(event.note) and (
            is_author
            or is_staff_view
            or (event.status not in private_reasons and event.action != Event.Action.ANSWER_WITHDRAWN)
        )
        timeline.append(event)
    supported = followed = False
    if user.is_authenticated:
        supported = Support.objects.filter(proposal=proposal, user=user).exists()
        followed = Follow.objects.filter(proposal=proposal, user=user).exists()
    context = {
        "page": page,
        "self": page,
        "proposal": proposal,
        "answer": proposal.published_answer,
        "comments": comments,
        "comment_order": order,
        "page_numbers": list(comments.paginator.get_elided_page_range(comments.number, on_each_side=2, on_ends=1)),
        "comment_orders": [(key, label) for key, (label, _fields) in COMMENT_ORDERS.items()],
        "canonical_url": url_with_query(
            proposal.get_absolute_url(),
            {"trang": comments.number if order == DEFAULT_COMMENT_ORDER and comments.number > 1 else None},
        ),
        "timeline": timeline,
        "supported": supported,
        "followed": followed,
        "is_author": is_author,
        "can_participate": proposal.is_public and participation_problem(user) is None,
        "comment_form": comment_form or CommentForm(proposal=proposal),
        "flag_form": flag_form or FlagForm(),
        "flag_reasons": Flag.Reason.choices,
        "base_url": proposal.get_absolute_url(),
    }
    return render(request, "forum/detail.html", context, status=status)


def submit(request, page):
    if (response := _guard(request, page)) is not None:
        return response
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES)
        if not ratelimit.allow(request, "proposal", settings.FORUM_RATE_LIMITS["proposal"]):
            return _too_many(request, page, "proposal")
        if form.is_valid():
            key = form.cleaned_data["submission_key"]
            existing = Proposal.objects.filter(author=request.user, submission_key=key).first()
            if existing is not None:  # a double click, or the same form sent twice
                return HttpResponseRedirect(existing.get_absolute_url())
            proposal = form.save(commit=False)
            proposal.author = request.user
            proposal.submission_key = key
            profile = getattr(request.user, "forum_profile", None)
            proposal.author_type = profile.author_type if profile else Profile.AuthorType.CITIZEN
            try:
                with transaction.atomic():
                    moderation.submit(proposal, request.user, form.cleaned_data["images"])
                    form.save_m2m()
            except IntegrityError:
                existing = Proposal.objects.get(author=request.user, submission_key=key)
                return HttpResponseRedirect(existing.get_absolute_url())
            messages.success(
                request,
                _("Đã nhận ý kiến %(ref)s. Ý kiến sẽ được công khai sau khi điều phối viên duyệt.")
                % {"ref": proposal.reference},
            )
            return HttpResponseRedirect(proposal.get_absolute_url())
    else:
        form = ProposalForm()
    return render(
        request, "forum/submit.html", {"page": page, "self": page, "form": form}, status=400 if form.errors else 200
    )


def edit(request, page, pk):
    if (response := _guard(request, page)) is not None:
        return response
    proposal = Proposal.objects.filter(pk=pk, author=request.user).first()
    if proposal is None:
        raise Http404
    if not proposal.is_editable_by_author:
        messages.error(request, _("Ý kiến này đã được duyệt nên không sửa được nữa."))
        return HttpResponseRedirect(proposal.get_absolute_url())
    if request.method == "POST":
        form = ProposalForm(request.POST, request.FILES, instance=proposal)
        if form.is_valid():
            with transaction.atomic():
                # A moderator may have decided while the images were checked: re-read under a lock.
                current = Proposal.objects.select_for_update().get(pk=proposal.pk)
                if not current.is_editable_by_author:
                    messages.error(request, _("Ý kiến này đã được duyệt nên không sửa được nữa."))
                    return HttpResponseRedirect(proposal.get_absolute_url())
                for name in ("kind", "category", "title", "body"):
                    setattr(current, name, form.cleaned_data[name])
                current.save(update_fields=["kind", "category", "title", "body", "updated_at"])
                current.related_documents.set(form.cleaned_data["related_documents"])
                proposal = current
                existing = proposal.images.count()
                for order, upload in enumerate(
                    form.cleaned_data["images"][: max(0, settings.FORUM_MAX_IMAGES - existing)]
                ):
                    ProposalImage.objects.create(proposal=proposal, file=upload, sort_order=existing + order)
                for image in proposal.images.filter(pk__in=request.POST.getlist("remove_image")):
                    image.file.delete(save=False)
                    image.delete()
                if proposal.needs_changes:
                    moderation.resubmit(proposal, request.user)
                    messages.success(request, _("Đã gửi lại ý kiến để duyệt."))
                else:
                    messages.success(request, _("Đã lưu thay đổi."))
            return HttpResponseRedirect(proposal.get_absolute_url())
    else:
        form = ProposalForm(instance=proposal)
    return render(
        request,
        "forum/submit.html",
        {"page": page, "self": page, "form": form, "proposal": proposal},
        status=400 if form.errors else 200,
    )


def act(request, page, pk, action):
    """A citizen's action on a public proposal (/dien-dan/<pk>/<action>/): the checks every action
    shares, then the action's own view from ACTIONS."""
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if (response := _guard(request, page)) is not None:
        return response
    proposal = Proposal.objects.public().filter(pk=pk).first()
    if proposal is None:
        raise Http404
    if proposal.is_duplicate and handler in (support, comment):
        messages.info(request, _("Ý kiến này trùng với một ý kiến khác; hãy ủng hộ và thảo luận ở ý kiến gốc."))
        original = proposal.duplicate_of
        return HttpResponseRedirect(original.get_absolute_url() if original else proposal.get_absolute_url())
    return handler(request, page, proposal)


def support(request, page, proposal):
    if not ratelimit.allow(request, "support", settings.FORUM_RATE_LIMITS["support"]):
        return _too_many(request, page, "support")
    if services.add_support(proposal, request.user):
        messages.success(request, _("Bạn đã ủng hộ ý kiến này."))
    else:
        messages.info(request, _("Bạn đã ủng hộ ý kiến này trước đó; mỗi tài khoản chỉ ủng hộ một lần."))
    return HttpResponseRedirect(proposal.get_absolute_url() + "#ung-ho")


def unsupport(request, page, proposal):
    if not ratelimit.allow(request, "support", settings.FORUM_RATE_LIMITS["support"]):
        return _too_many(request, page, "support")
    services.remove_support(proposal, request.user)
    messages.success(request, _("Đã rút ủng hộ."))
    return HttpResponseRedirect(proposal.get_absolute_url() + "#ung-ho")


def follow(request, page, proposal):
    services.follow(proposal, request.user)
    messages.success(request, _("Bạn sẽ nhận thông báo khi ý kiến được trả lời hoặc đổi trạng thái."))
    return HttpResponseRedirect(proposal.get_absolute_url())


def unfollow(request, page, proposal):
    services.unfollow(proposal, request.user)
    messages.success(request, _("Đã bỏ theo dõi."))
    return HttpResponseRedirect(proposal.get_absolute_url())


def comment(request, page, proposal):
    if not ratelimit.allow(request, "comment", settings.FORUM_RATE_LIMITS["comment"]):
        return _too_many(request, page, "comment")
    form = CommentForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return detail(request, page, proposal.pk, proposal.slug, comment_form=form, status=400)
    posted, created = services.add_comment(proposal, request.user, form.cleaned_data)
    if created:
        messages.success(request, _("Đã đăng bình luận."))
    return HttpResponseRedirect(comment_url(proposal, posted) or proposal.get_absolute_url())


def flag(request, page, proposal):
    if not ratelimit.allow(request, "flag", settings.FORUM_RATE_LIMITS["flag"]):
        return _too_many(request, page, "flag")
    form = FlagForm(request.POST)
    if not form.is_valid():
        return detail(request, page, proposal.pk, proposal.slug, flag_form=form, status=400)
    flagged_comment = None
    if form.cleaned_data.get("comment"):
        flagged_comment = Comment.objects.filter(pk=form.cleaned_data["comment"], proposal=proposal).first()
        if flagged_comment is None:
            raise Http404
    data = form.cleaned_data
    if services.add_flag(proposal, flagged_comment, request.user, data["reason"], data["note"]):
        messages.success(request, _("Cảm ơn bạn. Điều phối viên sẽ xem xét báo cáo."))
    else:
        messages.info(request, _("Bạn đã báo cáo nội dung này rồi."))
    return HttpResponseRedirect(proposal.get_absolute_url())


# The URL segment of each action (Vietnamese, as citizens see it) and its view.
ACTIONS = {
    "ung-ho": support,
    "bo-ung-ho": unsupport,
    "theo-doi": follow,
    "bo-theo-doi": unfollow,
    "binh-luan": comment,
    "bao-cao": flag,
}
