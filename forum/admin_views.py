"""The forum's admin on Wagtail's generic views (the viewsets are in forum.wagtail_hooks):

- the moderation queue, an IndexView with a filter set and bulk actions (forum.bulk_actions);
- a proposal's case file, an InspectView, with one small view per decision, each with its own form
  and permission check, each calling one handler of forum.moderation;
- the responders' list of assigned proposals, an IndexView limited to the responder's unit;
- the open flags, an IndexView of Flag;
- the department's reports with their CSV export.

Who may do what is one permission policy (ProposalPermissionPolicy): moderators moderate,
responders open and answer what is assigned to their unit, nobody else gets in.
"""

from collections import Counter, defaultdict

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from forum import moderation
from forum.forms import TEXT_FORMAT_HELP
from forum.models import (
    PUBLIC_STATUSES,
    Answer,
    Comment,
    Flag,
    Proposal,
    ProposalCategory,
    ProposalKind,
    Status,
    responding_units,
)
from forum.sanitize import format_text, text_for_editing
from portal.streaming import csv_response

# Permissions ----------------------------------------------------------------------------------


class ProposalPermissionPolicy(ModelPermissionPolicy):
    """Actions on proposals in the admin.

    "moderate": forum.moderate_proposal. "answer": forum.answer_proposal (for one proposal: only
    when it is assigned to the responder's unit) or moderate. "view": answer or moderate (one
    proposal: as "answer"). "reports": forum.view_forum_reports. Nobody adds, edits or deletes a
    proposal here: citizens write them and decisions change them.
    """

    def user_has_permission(self, user, action):
        if not (user.is_authenticated and user.is_active):
            return False
        if action == "moderate":
            return user.has_perm("forum.moderate_proposal")
        if action in ("answer", "view"):
            return user.has_perm("forum.moderate_proposal") or user.has_perm("forum.answer_proposal")
        if action == "reports":
            return user.has_perm("forum.view_forum_reports")
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action in ("answer", "view"):
            return self.user_has_permission(user, action) and moderation.can_answer(user, instance)
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Proposal.objects.none()
        if action in ("answer", "view") and not moderation.can_moderate(user):
            responder = getattr(user, "responder", None)
            return Proposal.objects.filter(unit_id=responder.unit_id) if responder else Proposal.objects.none()
        return Proposal.objects.all()


class FlagPermissionPolicy(ModelPermissionPolicy):
    """Flags are read by moderators only, and changed only through the case file's decisions."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_authenticated and user.has_perm("forum.moderate_proposal")

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


# Shared figures -------------------------------------------------------------------------------


def waiting_counts():
    return {
        "pending": Proposal.objects.filter(status=Status.PENDING).count(),
        "flagged_proposals": Proposal.objects.filter(flag_count__gt=0).count(),
        "flagged_comments": Comment.objects.filter(flag_count__gt=0).count(),
        "overdue": Proposal.objects.overdue().count(),
    }


def author_history(author_ids):
    """Per author: how many proposals in each status, in one query."""
    rows = Proposal.objects.filter(author_id__in=set(author_ids)).values("author_id", "status").annotate(n=Count("pk"))
    history = defaultdict(Counter)
    for row in rows:
        history[row["author_id"]][row["status"]] += row["n"]
    return {author: {Status(status).label: n for status, n in counts.items()} for author, counts in history.items()}


def _history_text(history):
    return "; ".join(f"{label}: {n}" for label, n in history.items())


# The queue ------------------------------------------------------------------------------------

NEEDS_ATTENTION = "can-xu-ly"
EVERYTHING = "tat-ca"


class QueueFilterSet(WagtailFilterSet):
    """Without a status, the queue shows what waits for a moderator: pending proposals, flagged
    ones and overdue assignments."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Trạng thái"),
        choices=[(EVERYTHING, gettext_lazy("Tất cả")), *Status.choices],
        empty_label=gettext_lazy("Cần xử lý (chờ duyệt, bị báo cáo, quá hạn)"),
        method="filter_status",
    )
    category = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Chuyên mục"), queryset=ProposalCategory.objects.all()
    )
    kind = django_filters.ModelChoiceFilter(label=gettext_lazy("Loại"), queryset=ProposalKind.objects.all())
    unit = django_filters.ModelChoiceFilter(label=gettext_lazy("Đơn vị xử lý"), queryset=responding_units())
    flagged = django_filters.BooleanFilter(label=gettext_lazy("Bị báo cáo"), method="filter_flagged")
    min_flags = django_filters.NumberFilter(
        label=gettext_lazy("Số lượt báo cáo tối thiểu"), field_name="flag_count", lookup_expr="gte", min_value=0
    )

    class Meta:
        model = Proposal
        fields = []

    def filter_status(self, queryset, name, value):
        return queryset if value == EVERYTHING else queryset.filter(status=value)

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(flag_count__gt=0) if value else queryset.filter(flag_count=0)


class StatusColumn(Column):
    """The status, and what needs an eye: hidden, overdue."""

    def get_value(self, instance):
        parts = [format_html("{}", instance.get_status_display())]
        if instance.hidden:
            parts.append(format_html("<strong>{}</strong>", _("đang ẩn")))
        if instance.is_overdue:
            parts.append(
                format_html(
                    '<strong class="overdue">{}</strong> ({})', _("Quá hạn"), instance.due_date.strftime("%d/%m/%Y")
                )
            )
        return format_html(" · ".join(["{}"] * len(parts)), *parts)


class AuthorColumn(Column):
    def get_value(self, instance):
        history = getattr(instance, "history", None)
        if history:
            return format_html("{}<br><small>{}</small>", instance.author_label, _history_text(history))
        return instance.author_label


def _title_id(instance):
    return f"proposal_{instance.pk}_title"


class QueueView(IndexView):
    """Pending proposals, flagged ones and overdue assignments, oldest first, with bulk actions."""

    model = Proposal
    any_permission_required = ["moderate"]
    filterset_class = QueueFilterSet
    default_ordering = "created_at"
    page_title = gettext_lazy("Kiểm duyệt diễn đàn")
    template_name = "forum/admin/queue.html"
    paginate_by = 50

    def get_base_queryset(self):
        proposals = Proposal.objects.select_related("kind", "category", "author", "unit")
        if not self.request.GET.get("status"):
            today = timezone.localdate()
            proposals = proposals.filter(
                Q(status=Status.PENDING) | Q(flag_count__gt=0) | Q(status=Status.ASSIGNED, due_date__lt=today)
            )
        return proposals

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="proposal"),
            Column("reference", label=_("Mã số"), sort_key="reference"),
            TitleColumn(
                "title",
                label=_("Tiêu đề"),
                get_url=lambda proposal: reverse("forum_admin:inspect", args=[proposal.pk]),
                get_title_id=_title_id,
            ),
            Column(
                "kind_category",
                label=_("Loại · chuyên mục"),
                accessor=lambda proposal: f"{proposal.kind.name} · {proposal.category.name}",
            ),
            AuthorColumn("author", label=_("Tác giả và lịch sử")),
            StatusColumn("status", label=_("Trạng thái"), sort_key="status"),
            DateColumn("created_at", label=_("Gửi lúc"), sort_key="created_at"),
            Column("flag_count", label=_("Báo cáo"), sort_key="flag_count"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        proposals = list(context["object_list"])
        history = author_history([p.author_id for p in proposals if p.author_id])
        for proposal in proposals:
            proposal.history = history.get(proposal.author_id, {})
        context["counts"] = waiting_counts()
        context["flagged_comments_url"] = reverse("forum_flags:index")
        return context


# The responders' list -------------------------------------------------------------------------

WAITING = "cho-tra-loi"


class AssignedFilterSet(WagtailFilterSet):
    trang_thai = django_filters.ChoiceFilter(
        label=gettext_lazy("Hiển thị"),
        choices=[(WAITING, gettext_lazy("Chờ trả lời")), (EVERYTHING, gettext_lazy("Tất cả"))],
        empty_label=None,
        method="filter_state",
    )

    class Meta:
        model = Proposal
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset  # the view's base queryset already holds only what waits, unless "tat-ca"


class AssignedView(IndexView):
    """The proposals assigned to the responder's unit (every assigned one, for moderators)."""

    model = Proposal
    any_permission_required = ["answer"]
    filterset_class = AssignedFilterSet
    page_title = gettext_lazy("Ý kiến được giao")
    template_name = "forum/admin/assigned.html"
    default_ordering = "due_date"
    paginate_by = 50

    def get_base_queryset(self):
        proposals = self.permission_policy.instances_user_has_permission_for(self.request.user, "answer")
        proposals = proposals.filter(unit__isnull=False).select_related("kind", "category", "unit")
        if self.request.GET.get("trang_thai") != EVERYTHING:
            proposals = proposals.filter(status=Status.ASSIGNED)
        return proposals

    def order_queryset(self, queryset):
        return super().order_queryset(queryset).order_by(self.ordering or "due_date", "pk")

    @cached_property
    def columns(self):
        return [
            Column("reference", label=_("Mã số")),
            TitleColumn(
                "title",
                label=_("Tiêu đề"),
                get_url=lambda proposal: reverse("forum_admin:inspect", args=[proposal.pk]),
                get_title_id=_title_id,
            ),
            Column("unit", label=_("Đơn vị"), accessor="unit.name"),
            StatusColumn("status", label=_("Trạng thái")),
            DateColumn("due_date", label=_("Hạn trả lời"), sort_key="due_date"),
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["responder"] = getattr(self.request.user, "responder", None)
        return context


# Flags ----------------------------------------------------------------------------------------


class FlagFilterSet(WagtailFilterSet):
    resolved = django_filters.BooleanFilter(label=gettext_lazy("Đã xử lý"))
    reason = django_filters.ChoiceFilter(label=gettext_lazy("Lý do"), choices=Flag.Reason.choices)
    target = django_filters.ChoiceFilter(
        label=gettext_lazy("Nội dung"),
        choices=[("y-kien", gettext_lazy("Ý kiến")), ("binh-luan", gettext_lazy("Bình luận"))],
        method="filter_target",
    )

    class Meta:
        model = Flag
        fields = []

    def filter_target(self, queryset, name, value):
        return queryset.filter(comment__isnull=value == "y-kien")


class FlaggedItemColumn(Column):
    def get_value(self, flag):
        proposal = flag.proposal or flag.comment.proposal
        url = reverse("forum_admin:inspect", args=[proposal.pk])
        if flag.comment_id:
            return format_html(
                '<a href="{}#comment-{}">{} · {}</a>: {}{}',
                url,
                flag.comment_id,
                proposal.reference,
                _("bình luận"),
                Truncator(strip_tags(flag.comment.body)).words(20),
                format_html(" · <strong>{}</strong>", _("đang ẩn")) if flag.comment.hidden else "",
            )
        return format_html(
            '<a href="{}">{}</a> {}{}',
            url,
            proposal.reference,
            proposal.title,
            format_html(" · <strong>{}</strong>", _("đang ẩn")) if proposal.hidden else "",
        )


class FlagIndexView(IndexView):
    """Open reports of proposals and comments, newest first; a decision in the case file (hide or
    restore) resolves them."""

    model = Flag
    any_permission_required = ["view"]
    filterset_class = FlagFilterSet
    default_ordering = "-created_at"
    page_title = gettext_lazy("Nội dung bị báo cáo")
    paginate_by = 50

    def get_base_queryset(self):
        flags = Flag.objects.select_related("proposal", "comment__proposal")
        if "resolved" not in self.request.GET:
            flags = flags.filter(resolved=False)
        return flags

    @cached_property
    def columns(self):
        return [
            DateColumn("created_at", label=_("Báo cáo lúc"), sort_key="created_at"),
            FlaggedItemColumn("item", label=_("Nội dung")),
            Column("reason", label=_("Lý do"), accessor="get_reason_display", sort_key="reason"),
            Column("note", label=_("Ghi chú")),
        ]


# The case file --------------------------------------------------------------------------------


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


# Statuses the decision form offers: the others have their own actions, which set what they need.
OWN_ACTIONS = moderation.OWN_HANDLER


def decision_statuses(proposal):
    return [Status(s) for s in sorted(moderation.TRANSITIONS.get(proposal.status, ())) if s not in OWN_ACTIONS]


class CaseFileView(InspectView):
    """A proposal's case file: content, author history, timeline with internal notes, comments,
    and the forms of the decisions the viewer may take (each posts to its own view)."""

    model = Proposal
    any_permission_required = None
    template_name = "forum/admin/proposal.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("view", self.object):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(
            Proposal.objects.select_related("kind", "category", "unit", "author", "duplicate_of"), pk=self.pk
        )

    def get_page_title(self):
        return self.object.reference or _("Ý kiến")

    def get_page_subtitle(self):
        return self.object.title

    def get_fields(self):
        return []

    def get_context_data(self, answer_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        proposal, user = self.object, self.request.user
        is_moderator = moderation.can_moderate(user)
        answer = Answer.objects.filter(proposal=proposal).first()
        if answer_form is None:
            initial = {"body": text_for_editing(answer.body), "signed_by": answer.signed_by} if answer else None
            answer_form = AnswerForm(initial=initial)
        context.update(
            proposal=proposal,
            answer=answer,
            answer_form=answer_form,
            events=proposal.events.select_related("actor"),
            comments=proposal.comments.select_related("author").order_by("created_at"),
            images=proposal.images.all(),
            is_moderator=is_moderator,
            history=author_history([proposal.author_id]).get(proposal.author_id, {}) if proposal.author_id else {},
            author_profile=getattr(proposal.author, "forum_profile", None) if proposal.author_id else None,
            next_statuses=decision_statuses(proposal),
            # Grouped by level in the select; a unit without a responder account is marked as such.
            units=responding_units().annotate(responder_count=Count("responders")).order_by("level", "name"),
            can_answer=moderation.can_answer(user, proposal) and proposal.unit_id is not None,
            answer_locked=answer is not None and answer.is_published and not is_moderator,
            public_url=proposal.get_absolute_url(),
            audit_log_url=reverse("forum_admin:history", args=[proposal.pk]) if is_moderator else None,
        )
        return context


class AuditLogView(HistoryView):
    """Wagtail's history of a proposal: every decision's audit log entry, who and when. For
    moderators (a responder reads the timeline in the case file)."""

    any_permission_required = ["moderate"]

    def get_edit_url(self, instance):
        return reverse("forum_admin:inspect", args=[instance.pk])  # proposals have no edit view


# One view per decision --------------------------------------------------------------------------


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do"), max_length=2000, required=False, strip=True)


class DecisionForm(ReasonForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Chuyển sang"),
        error_messages={"required": gettext_lazy("Chọn một quyết định trước khi lưu.")},
    )

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in decision_statuses(proposal)]
        self.fields["status"].error_messages["invalid_choice"] = _("Dùng thao tác riêng cho trạng thái này.")


class AssignForm(ReasonForm):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Chuyển cho đơn vị"),
        queryset=responding_units(),
        error_messages={
            "required": gettext_lazy("Chọn đơn vị để chuyển ý kiến."),
            "invalid_choice": gettext_lazy("Chọn đơn vị để chuyển ý kiến."),
        },
    )


class DuplicateForm(ReasonForm):
    original = forms.CharField(label=gettext_lazy("Trùng với ý kiến (mã số)"), max_length=24)

    def clean_original(self):
        original = Proposal.objects.filter(reference__iexact=self.cleaned_data["original"].strip()).first()
        if original is None:
            raise ValidationError(_("Không tìm thấy ý kiến có mã số này."))
        return original


class CommentForm(ReasonForm):
    comment = forms.ModelChoiceField(queryset=Comment.objects.none())

    def __init__(self, *args, proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].queryset = proposal.comments.all()


class ProposalActionView(PermissionCheckedMixin, View):
    """A decision on one proposal: check the permission, validate the form, call the handler,
    go back to the case file with the outcome. Subclasses set the permission, the form and `act`."""

    model = Proposal
    permission_required = "moderate"
    form_class = ReasonForm
    http_method_names = ["post"]

    def post(self, request, pk):
        self.proposal = get_object_or_404(Proposal.objects.select_related("unit", "author"), pk=pk)
        if not self.user_has_permission_for_instance(self.permission_required, self.proposal):
            raise PermissionDenied
        form = self.get_form()
        if not form.is_valid():
            return self.form_invalid(form)
        try:
            self.act(form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu."))
        return self.back()

    def get_form(self):
        return self.form_class(self.request.POST)

    def form_invalid(self, form):
        for errors in form.errors.values():
            for error in errors:
                messages.error(self.request, error)
        return self.back()

    def back(self):
        return HttpResponseRedirect(reverse("forum_admin:inspect", args=[self.proposal.pk]))

    def act(self, data):
        raise NotImplementedError


class DecideView(ProposalActionView):
    form_class = DecisionForm

    def get_form(self):
        return DecisionForm(self.request.POST, proposal=self.proposal)

    def act(self, data):
        moderation.change_status(self.proposal, data["status"], self.request.user, data["reason"])


class AssignView(ProposalActionView):
    form_class = AssignForm

    def act(self, data):
        moderation.assign(self.proposal, data["unit"], self.request.user, data["reason"])


class DuplicateView(ProposalActionView):
    form_class = DuplicateForm

    def act(self, data):
        moderation.mark_duplicate(self.proposal, data["original"], self.request.user, data["reason"])


class NoteView(ProposalActionView):
    def act(self, data):
        moderation.add_note(self.proposal, self.request.user, data["reason"])


class HideView(ProposalActionView):
    hidden = True

    def act(self, data):
        moderation.set_hidden(self.proposal, self.hidden, self.request.user, data["reason"])


class RestoreView(HideView):
    hidden = False


class HideCommentView(ProposalActionView):
    hidden = True

    def get_form(self):
        return CommentForm(self.request.POST, proposal=self.proposal)

    def act(self, data):
        moderation.set_hidden(data["comment"], self.hidden, self.request.user, data["reason"])


class RestoreCommentView(HideCommentView):
    hidden = False


class WithdrawAnswerView(ProposalActionView):
    def act(self, data):
        moderation.withdraw_answer(self.proposal, self.request.user, data["reason"])


class SuspendAuthorView(ProposalActionView):
    def act(self, data):
        if self.proposal.author_id is None:
            raise ValidationError(_("Tác giả đã xoá tài khoản."))
        moderation.suspend(self.proposal.author, self.request.user, data["reason"])


class UnsuspendAuthorView(SuspendAuthorView):
    def act(self, data):
        if self.proposal.author_id is None:
            raise ValidationError(_("Tác giả đã xoá tài khoản."))
        moderation.unsuspend(self.proposal.author, self.request.user)


class SaveAnswerView(CaseFileView):
    """The official answer, by a responder of the assigned unit or a moderator. A form with errors
    shows the case file again with them (400)."""

    http_method_names = ["post"]
    publish = False

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission_for_instance("answer", self.object):
            raise PermissionDenied
        form = AnswerForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(answer_form=form), status=400)
        data = form.cleaned_data
        try:
            if self.publish:
                moderation.publish_answer(self.object, request.user, data["body"], data["signed_by"])
            else:
                moderation.save_answer(self.object, request.user, data["body"], data["signed_by"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã lưu."))
        return HttpResponseRedirect(reverse("forum_admin:inspect", args=[self.object.pk]))


class PublishAnswerView(SaveAnswerView):
    publish = True


# Reports --------------------------------------------------------------------------------------


def report_rows(filters=None):
    """Proposals grouped by category, kind, status, unit and month, with answer times."""
    proposals = Proposal.objects.all()
    if filters:
        proposals = proposals.filter(**filters)
    rows = defaultdict(lambda: {"count": 0, "answered": 0, "days": []})
    for item in proposals.values(
        "category__name", "kind__name", "status", "unit__name", "created_at", "published_at", "answered_at"
    ).iterator(chunk_size=2000):
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


CSV_HEADER = [
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


class ReportsView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Figures for the department: per month, category, kind, status and unit, with a CSV export."""

    model = Proposal
    permission_required = "reports"
    page_title = gettext_lazy("Báo cáo diễn đàn")
    header_icon = "table"
    template_name = "forum/admin/reports.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.as_csv(report_rows())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = report_rows()
        context["totals"] = Proposal.objects.aggregate(
            total=Count("pk"),
            public=Count("pk", filter=Q(status__in=PUBLIC_STATUSES)),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            overdue=Count("pk", filter=Q(status=Status.ASSIGNED, due_date__lt=timezone.localdate())),
        )
        context["working_days"] = settings.FORUM_ANSWER_WORKING_DAYS
        return context

    def as_csv(self, rows):
        lines = (
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
            for row in rows
        )
        return csv_response(lines, "bao-cao-dien-dan.csv", header=CSV_HEADER, request=self.request)
