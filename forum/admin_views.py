"""The forum's admin: the moderation queue, a proposal's case file with every decision, the
responders' list, and the department's reports. Each view checks its own permission."""

import csv
from collections import Counter, defaultdict

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forum import moderation
from forum.forms import TEXT_FORMAT_HELP
from forum.models import PUBLIC_STATUSES, Answer, Category, Comment, Kind, Proposal, Status, responding_units
from forum.sanitize import format_text, text_for_editing
from portal.models import Organisation


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


def waiting_counts():
    return {
        "pending": Proposal.objects.filter(status=Status.PENDING).count(),
        "flagged_proposals": Proposal.objects.filter(flag_count__gt=0).count(),
        "flagged_comments": Comment.objects.filter(flag_count__gt=0).count(),
        "overdue": Proposal.objects.overdue().count(),
    }


class QueueFilter(forms.Form):
    category = forms.ModelChoiceField(label=gettext_lazy("Chuyên mục"), queryset=Category.objects.all(), required=False)
    kind = forms.ModelChoiceField(label=gettext_lazy("Loại"), queryset=Kind.objects.all(), required=False)
    min_flags = forms.IntegerField(label=gettext_lazy("Số lượt báo cáo tối thiểu"), min_value=0, required=False)


def queue(request):
    """Pending proposals and flagged items, oldest first; overdue assignments stand out."""
    _require(request.user, "forum.moderate_proposal")
    form = QueueFilter(request.GET or None)
    pending = (
        Proposal.objects.filter(status=Status.PENDING)
        .select_related("kind", "category", "author")
        .order_by("created_at")
    )
    flagged = Proposal.objects.filter(flag_count__gt=0).select_related("kind", "category").order_by("created_at")
    comments = Comment.objects.filter(flag_count__gt=0).select_related("proposal", "author").order_by("created_at")
    if form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            pending = pending.filter(category=data["category"])
            flagged = flagged.filter(category=data["category"])
            comments = comments.filter(proposal__category=data["category"])
        if data["kind"]:
            pending = pending.filter(kind=data["kind"])
            flagged = flagged.filter(kind=data["kind"])
            comments = comments.filter(proposal__kind=data["kind"])
        if data["min_flags"]:
            pending = pending.filter(flag_count__gte=data["min_flags"])
            flagged = flagged.filter(flag_count__gte=data["min_flags"])
            comments = comments.filter(flag_count__gte=data["min_flags"])
    pending = list(pending[:200])
    history = author_history([p.author_id for p in pending if p.author_id])
    for proposal in pending:
        proposal.history = history.get(proposal.author_id, {})
    overdue = Proposal.objects.overdue().select_related("unit").order_by("due_date")
    context = {
        "form": form,
        "pending": pending,
        "flagged": flagged[:100],
        "comments": comments[:100],
        "overdue": overdue[:100],
        "counts": waiting_counts(),
    }
    return render(request, "forum/admin/queue.html", context)


def author_history(author_ids):
    """Per author: how many proposals in each status, in one query."""
    rows = Proposal.objects.filter(author_id__in=set(author_ids)).values("author_id", "status").annotate(n=Count("pk"))
    history = defaultdict(Counter)
    for row in rows:
        history[row["author_id"]][row["status"]] += row["n"]
    return {author: {Status(status).label: n for status, n in counts.items()} for author, counts in history.items()}


@require_POST
def bulk(request):
    _require(request.user, "forum.moderate_proposal")
    action = request.POST.get("action")
    reason = request.POST.get("reason", "")
    ids = request.POST.getlist("ids")
    target = {"approve": Status.APPROVED, "reject": Status.REJECTED}.get(action)
    if target is None or not ids:
        messages.error(request, _("Chọn ít nhất một ý kiến và một thao tác."))
        return HttpResponseRedirect(reverse("forum_admin_queue"))
    done, failed = 0, []
    for proposal in Proposal.objects.filter(pk__in=ids, status=Status.PENDING):
        try:
            moderation.transition(proposal, target, request.user, reason)
            done += 1
        except ValidationError as error:
            failed.append(f"{proposal.reference}: {' '.join(error.messages)}")
    if done:
        messages.success(request, _("Đã xử lý %(count)s ý kiến.") % {"count": done})
    for message in failed:
        messages.error(request, message)
    return HttpResponseRedirect(reverse("forum_admin_queue"))


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Nội dung trả lời"), widget=forms.Textarea(attrs={"rows": 10}), help_text=TEXT_FORMAT_HELP
    )
    signed_by = forms.CharField(label=gettext_lazy("Người ký (chức vụ, họ tên)"), max_length=200, required=False)

    def clean_body(self):
        body = format_text(self.cleaned_data["body"])
        if not body:
            raise ValidationError(_("Nội dung trả lời đang trống."))
        return body


def proposal_detail(request, pk):
    """A proposal's case file: content, author history, timeline with internal notes, and the
    decisions the viewer may take."""
    proposal = get_object_or_404(
        Proposal.objects.select_related("kind", "category", "unit", "author", "duplicate_of"), pk=pk
    )
    user = request.user
    is_moderator = moderation.can_moderate(user)
    if not (is_moderator or moderation.can_answer(user, proposal)):
        raise PermissionDenied
    answer = Answer.objects.filter(proposal=proposal).first()
    answer_form = AnswerForm(
        initial={"body": text_for_editing(answer.body), "signed_by": answer.signed_by} if answer else None
    )
    if request.method == "POST":
        response = _act(request, proposal, answer)
        if isinstance(response, AnswerForm):
            answer_form = response
        else:
            return response
    context = {
        "proposal": proposal,
        "answer": answer,
        "answer_form": answer_form,
        "events": proposal.events.select_related("actor"),
        "comments": proposal.comments.select_related("author").order_by("created_at"),
        "images": proposal.images.all(),
        "is_moderator": is_moderator,
        "history": author_history([proposal.author_id]).get(proposal.author_id, {}) if proposal.author_id else {},
        "author_profile": getattr(proposal.author, "forum_profile", None) if proposal.author_id else None,
        "next_statuses": [
            Status(s)
            for s in sorted(moderation.TRANSITIONS.get(proposal.status, ()))
            if s not in (Status.PENDING, Status.ANSWERED, Status.ASSIGNED, Status.DUPLICATE)
        ],
        # Grouped by level in the select; a unit without a responder account is marked as such.
        "units": responding_units().annotate(responder_count=Count("responders")).order_by("level", "name"),
        "can_answer": moderation.can_answer(user, proposal) and proposal.unit_id is not None,
        "answer_locked": answer is not None and answer.status == Answer.State.PUBLISHED and not is_moderator,
        "public_url": proposal.get_absolute_url(),
    }
    return render(request, "forum/admin/proposal.html", context, status=400 if answer_form.errors else 200)


def _act(request, proposal, answer):
    user = request.user
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    back = HttpResponseRedirect(reverse("forum_admin_proposal", args=[proposal.pk]))
    moderator_only = {
        "status",
        "assign",
        "duplicate",
        "note",
        "hide",
        "restore",
        "hide_comment",
        "restore_comment",
        "withdraw",
        "suspend",
        "unsuspend",
    }
    if action in moderator_only and not moderation.can_moderate(user):
        raise PermissionDenied
    try:
        if action == "status":
            target = request.POST.get("status", "")
            if not target:
                raise ValidationError(_("Chọn một quyết định trước khi lưu."))
            # Assignment, answers and duplicates have their own actions, which set what they need.
            if target in (Status.ASSIGNED, Status.ANSWERED, Status.DUPLICATE, Status.PENDING):
                raise ValidationError(_("Dùng thao tác riêng cho trạng thái này."))
            moderation.transition(proposal, target, user, reason)
        elif action == "assign":
            unit_id = request.POST.get("unit", "").strip()
            unit = (
                Organisation.objects.filter(pk=int(unit_id)).first()
                if unit_id.isascii() and unit_id.isdigit()
                else None
            )
            if unit is None:
                raise ValidationError(_("Chọn đơn vị để chuyển ý kiến."))
            moderation.assign(proposal, unit, user, reason)
        elif action == "duplicate":
            original = Proposal.objects.filter(reference__iexact=request.POST.get("original", "").strip()).first()
            if original is None:
                raise ValidationError(_("Không tìm thấy ý kiến có mã số này."))
            moderation.mark_duplicate(proposal, original, user, reason)
        elif action == "note":
            moderation.add_note(proposal, user, reason)
        elif action in ("hide", "restore"):
            moderation.set_hidden(proposal, action == "hide", user, reason)
        elif action in ("hide_comment", "restore_comment"):
            comment = get_object_or_404(Comment, pk=request.POST.get("comment"), proposal=proposal)
            moderation.set_hidden(comment, action == "hide_comment", user, reason)
        elif action in ("save_answer", "publish_answer"):
            if not moderation.can_answer(user, proposal):
                raise PermissionDenied
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return form
            moderation.save_answer(
                proposal,
                user,
                form.cleaned_data["body"],
                form.cleaned_data["signed_by"],
                publish=action == "publish_answer",
            )
        elif action == "withdraw":
            moderation.withdraw_answer(proposal, user, reason)
        elif action in ("suspend", "unsuspend"):
            if proposal.author_id is None:
                raise ValidationError(_("Tác giả đã xoá tài khoản."))
            if action == "suspend":
                moderation.suspend(proposal.author, user, reason)
            else:
                moderation.unsuspend(proposal.author, user)
        else:
            raise ValidationError(_("Thao tác không hợp lệ."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return back
    messages.success(request, _("Đã lưu."))
    return back


def assigned(request):
    """The proposals assigned to the responder's unit (or every assigned one, for moderators)."""
    user = request.user
    if not (user.has_perm("forum.answer_proposal") or moderation.can_moderate(user)):
        raise PermissionDenied
    proposals = (
        Proposal.objects.filter(unit__isnull=False)
        .select_related("kind", "category", "unit")
        .order_by("due_date", "pk")
    )
    responder = getattr(user, "responder", None)
    if not moderation.can_moderate(user):
        proposals = proposals.filter(unit_id=responder.unit_id) if responder else proposals.none()
    state = request.GET.get("trang_thai", "cho-tra-loi")
    if state == "cho-tra-loi":
        proposals = proposals.filter(status=Status.ASSIGNED)
    results = Paginator(proposals, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "forum/admin/assigned.html",
        {"results": results, "state": state, "responder": responder, "today": timezone.localdate()},
    )


def report_rows(filters=None):
    """Proposals grouped by category, kind, status, unit and month, with answer times."""
    proposals = Proposal.objects.all()
    if filters:
        proposals = proposals.filter(**filters)
    rows = defaultdict(lambda: {"count": 0, "answered": 0, "days": []})
    for item in proposals.values(
        "category__name", "kind__name", "status", "unit__name", "created_at", "published_at", "answered_at"
    ):
        month = timezone.localtime(item["created_at"]).strftime("%Y-%m")
        key = (month, item["category__name"], item["kind__name"], item["status"], item["unit__name"] or "")
        row = rows[key]
        row["count"] += 1
        if item["answered_at"]:
            row["answered"] += 1
            start = item["published_at"] or item["created_at"]
            row["days"].append((item["answered_at"] - start).total_seconds() / 86400)
    result = []
    for (month, category, kind, status, unit), row in sorted(rows.items()):
        days = row["days"]
        result.append(
            {
                "month": month,
                "category": category,
                "kind": kind,
                "status": Status(status).label,
                "unit": unit,
                "count": row["count"],
                "answered": row["answered"],
                "average_days": round(sum(days) / len(days), 1) if days else None,
                "max_days": round(max(days), 1) if days else None,
            }
        )
    return result


def reports(request):
    _require(request.user, "forum.view_forum_reports")
    rows = report_rows()
    totals = Proposal.objects.aggregate(
        total=Count("pk"),
        public=Count("pk", filter=Q(status__in=PUBLIC_STATUSES)),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        overdue=Count("pk", filter=Q(status=Status.ASSIGNED, due_date__lt=timezone.localdate())),
    )
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="bao-cao-dien-dan.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                "month",
                "category",
                "kind",
                "status",
                "unit",
                "count",
                "answered",
                "average_days_to_answer",
                "max_days_to_answer",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row["month"],
                    row["category"],
                    row["kind"],
                    row["status"],
                    row["unit"],
                    row["count"],
                    row["answered"],
                    row["average_days"] or "",
                    row["max_days"] or "",
                ]
            )
        return response
    return render(
        request,
        "forum/admin/reports.html",
        {"rows": rows, "totals": totals, "working_days": settings.FORUM_ANSWER_WORKING_DAYS},
    )
