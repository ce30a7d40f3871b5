"""The consultations' admin on Wagtail's generic views (the viewsets are in wagtail_hooks):

- consultations: an index, create and edit limited to the drafting unit's staff and to their own
  unit's consultations (ConsultationPermissionPolicy); the synthesis (tiếp thu, giải trình) and
  the publication of the report, each its own view;
- comments: the moderators' queue (an IndexView) and one view per comment with its decisions.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from consultations import services, structure
from consultations.forms import HandlingForm, ReportForm
from consultations.models import DRAFT_TYPE_SLUG, Consultation, ConsultationComment, Handling
from documents.models import LegalDocument
from forum.sanitize import text_for_editing
from portal.models import Organisation

# Permissions ----------------------------------------------------------------------------------


class ConsultationPermissionPolicy(ModelPermissionPolicy):
    """Drafting-unit staff (Cán bộ soạn thảo, with consultations.change_consultation and a
    DraftingStaff row) add, view and change their own unit's consultations and write their
    synthesis; a superuser every one. Nobody else, moderators included: they moderate comments."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "view", "synthesise"):
            return services.can_manage(user)
        if action == "delete":
            return user.is_authenticated and user.is_superuser
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "synthesise":
            return services.can_synthesise(user, instance)
        if action in ("change", "view"):
            return services.can_manage(user, instance)
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, action, instance) for action in actions)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Consultation.objects.none()
        return Consultation.objects.for_unit_of(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Consultation.objects.none()
        return Consultation.objects.for_unit_of(user)


class CommentPermissionPolicy(ModelPermissionPolicy):
    """The forum's moderators moderate consultation comments; nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action in ("view", "moderate") and services.can_moderate(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return ConsultationComment.objects.none()
        return ConsultationComment.objects.all()


# Consultations --------------------------------------------------------------------------------


class ConsultationForm(WagtailAdminModelForm):
    """The unit is the staff member's own; the draft one of the library's "Dự thảo" documents."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        drafts = LegalDocument.objects.filter(document_type__slug=DRAFT_TYPE_SLUG).select_related("document_type")
        self.fields["draft"].widget = forms.Select()
        self.fields["draft"].queryset = drafts.order_by("-created_at")
        self.fields["adopted_document"].widget = forms.Select()
        self.fields["adopted_document"].queryset = (
            LegalDocument.objects.live().exclude(document_type__slug=DRAFT_TYPE_SLUG).select_related("document_type")
        )
        self.fields["unit"].widget = forms.Select()
        units = Organisation.objects.active_on()
        if user is not None and not user.is_superuser:
            unit_id = services.staff_unit_id(user)
            units = Organisation.objects.filter(pk=unit_id)
            self.fields["unit"].initial = unit_id
        self.fields["unit"].queryset = units.order_by("name")


class ConsultationCreateView(CreateView):
    def save_instance(self):
        instance = super().save_instance()
        structure.rebuild(instance)
        return instance


class ConsultationEditView(EditView):
    """Only the consultation's own unit's staff (Wagtail checks the model permission, this the
    instance's unit)."""

    def get_object(self, queryset=None):
        instance = super().get_object(queryset)
        if not services.can_manage(self.request.user, instance):
            raise PermissionDenied
        return instance

    def save_instance(self):
        instance = super().save_instance()
        if "draft" in self.form.changed_data:
            try:
                structure.rebuild(instance)
            except ValidationError as error:
                messages.warning(self.request, " ".join(error.messages))
        return instance


class PhaseColumn(Column):
    def get_value(self, instance):
        return instance.phase_label


class SynthesisLinkColumn(Column):
    def get_value(self, instance):
        if not instance.is_closed:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("consultations:synthesis", args=[instance.pk]), _("Tổng hợp, tiếp thu")
        )


class ConsultationIndexView(IndexView):
    def get_base_queryset(self):
        return Consultation.objects.for_unit_of(self.request.user).select_related("unit")

    @cached_property
    def columns(self):
        return [
            TitleColumn("title", label=_("Tên đợt lấy ý kiến"), url_name=self.edit_url_name),
            Column("unit", label=_("Cơ quan chủ trì"), accessor=lambda c: c.unit.name),
            PhaseColumn("phase", label=_("Giai đoạn")),
            DateColumn("opens_at", label=_("Bắt đầu"), sort_key="opens_at"),
            DateColumn("closes_at", label=_("Kết thúc"), sort_key="closes_at"),
            SynthesisLinkColumn("synthesis", label=_("Tổng hợp")),
        ]


class ConsultationActionMixin:
    permission_action = "synthesise"

    def dispatch(self, request, pk, *args, **kwargs):
        self.consultation = get_object_or_404(Consultation.objects.select_related("unit", "draft"), pk=pk)
        if not ConsultationPermissionPolicy(Consultation).user_has_permission_for_instance(
            request.user, self.permission_action, self.consultation
        ):
            raise PermissionDenied
        return super().dispatch(request, pk, *args, **kwargs)

    def back(self):
        return HttpResponseRedirect(reverse("consultations:synthesis", args=[self.consultation.pk]))


class SynthesisView(ConsultationActionMixin, WagtailAdminTemplateMixin, TemplateView):
    """The drafting unit's synthesis: every public comment with its handling; select comments and
    record one handling for them (tiếp thu / tiếp thu một phần / giải trình / không tiếp thu)."""

    template_name = "consultations/admin/synthesis.html"
    header_icon = "clipboard-list"

    def get_page_title(self):
        return _("Tổng hợp, tiếp thu, giải trình")

    def get_page_subtitle(self):
        return self.consultation.title

    def get_context_data(self, form=None, report_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.consultation
        comments = list(
            ConsultationComment.objects.public()
            .filter(consultation=consultation)
            .select_related("author", "section__parent", "handling")
            .order_by("section__sort_order", "pk")
        )
        context.update(
            consultation=consultation,
            comments=comments,
            unhandled=sum(1 for c in comments if c.handling_id is None),
            handlings=Handling.objects.filter(consultation=consultation),
            form=form or HandlingForm(consultation=consultation),
            report_form=report_form
            or ReportForm(
                initial={
                    "intro": text_for_editing(consultation.report_intro),
                    "signed_by": consultation.report_signed_by,
                }
            ),
            is_closed=consultation.is_closed,
        )
        return context

    def post(self, request, pk):
        form = HandlingForm(request.POST, consultation=self.consultation)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_handling(
                    self.consultation, request.user, data["comments"], data["decision"], data["reason"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Đã ghi tiếp thu, giải trình cho %(n)s góp ý.") % {"n": len(data["comments"])}
                )
                return self.back()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PublishReportView(ConsultationActionMixin, WagtailAdminTemplateMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, pk):
        form = ReportForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return self.back()
        try:
            services.publish_report(
                self.consultation, request.user, form.cleaned_data["intro"], form.cleaned_data["signed_by"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã công bố báo cáo tổng hợp."))
        return self.back()


# Comments: the moderators' queue ---------------------------------------------------------------


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Trạng thái"),
        choices=ConsultationComment.Status.choices,
        empty_label=gettext_lazy("Chờ duyệt hoặc bị báo cáo"),
    )
    consultation = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Đợt lấy ý kiến"), queryset=Consultation.objects.all()
    )

    class Meta:
        model = ConsultationComment
        fields = ["status", "consultation"]


class CommentQueueView(IndexView):
    model = ConsultationComment
    any_permission_required = ["moderate"]
    filterset_class = CommentFilterSet
    default_ordering = "created_at"
    page_title = gettext_lazy("Kiểm duyệt góp ý dự thảo")
    paginate_by = 50

    def get_base_queryset(self):
        comments = ConsultationComment.objects.select_related("consultation", "section__parent", "author")
        if not self.request.GET.get("status"):
            from django.db.models import Q

            comments = comments.filter(Q(status=ConsultationComment.Status.PENDING) | Q(flag_count__gt=0))
        return comments

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "body",
                label=_("Góp ý"),
                accessor=lambda c: Truncator(strip_tags(c.body)).words(16),
                get_url=lambda c: reverse("consultation_comments:moderate", args=[c.pk]),
            ),
            Column("consultation", label=_("Đợt lấy ý kiến"), accessor=lambda c: c.consultation.title),
            Column("target", label=_("Góp ý cho"), accessor=lambda c: c.target_label),
            Column("author", label=_("Người góp ý"), accessor=lambda c: c.display_name),
            Column("status", label=_("Trạng thái"), accessor=lambda c: c.get_status_display(), sort_key="status"),
            Column("flag_count", label=_("Báo cáo"), sort_key="flag_count"),
            DateColumn("created_at", label=_("Gửi lúc"), sort_key="created_at"),
        ]


class ModerateForm(forms.Form):
    ACTIONS = [
        ("approve", gettext_lazy("Duyệt, công khai")),
        ("reject", gettext_lazy("Từ chối (ghi lý do)")),
        ("hide", gettext_lazy("Ẩn (ghi lý do)")),
        ("restore", gettext_lazy("Hiện lại")),
    ]
    action = forms.ChoiceField(label=gettext_lazy("Quyết định"), choices=ACTIONS)
    reason = forms.CharField(
        label=gettext_lazy("Lý do gửi tác giả"),
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ModerateCommentView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "consultations/admin/moderate.html"
    header_icon = "comment"

    def dispatch(self, request, pk, *args, **kwargs):
        if not services.can_moderate(request.user):
            raise PermissionDenied
        self.comment = get_object_or_404(
            ConsultationComment.objects.select_related("consultation", "section__parent", "author"), pk=pk
        )
        return super().dispatch(request, pk, *args, **kwargs)

    def get_page_title(self):
        return _("Góp ý #%(pk)s") % {"pk": self.comment.pk}

    def get_page_subtitle(self):
        return self.comment.consultation.title

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            comment=self.comment,
            form=form or ModerateForm(),
            flags=self.comment.flags.filter(resolved=False),
            queue_url=reverse("consultation_comments:index"),
        )
        return context

    def post(self, request, pk):
        form = ModerateForm(request.POST)
        if form.is_valid():
            action, reason = form.cleaned_data["action"], form.cleaned_data["reason"].strip()
            try:
                if action == "approve":
                    services.decide(self.comment, request.user, ConsultationComment.Status.APPROVED)
                elif action == "reject":
                    services.decide(self.comment, request.user, ConsultationComment.Status.REJECTED, reason)
                elif action == "hide":
                    if not reason:
                        raise ValidationError(_("Cần ghi lý do ẩn."))
                    services.set_hidden(self.comment, True, request.user, reason)
                else:
                    services.set_hidden(self.comment, False, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã lưu quyết định."))
                return HttpResponseRedirect(reverse("consultation_comments:index"))
        return self.render_to_response(self.get_context_data(form=form), status=400)
