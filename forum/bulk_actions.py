"""Bulk actions of the moderation queue, on Wagtail's bulk action framework: approve, reject with a
reason, ask for changes, hide. Each confirms the selection, skips what it cannot apply to (and
says so), and calls the same handler of forum.moderation as the case file."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin import messages
from wagtail.admin.views.bulk_action import BulkAction

from forum import moderation
from forum.models import Proposal, Status


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do gửi tác giả"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do để gửi cho tác giả.")},
    )


class ProposalBulkAction(BulkAction):
    """Moderators only; each proposal is checked against what the action needs."""

    models = [Proposal]
    template_name = "forum/admin/bulk_action.html"
    form_class = OptionalReasonForm
    confirmation = ""

    def dispatch(self, request, *args, **kwargs):
        if not moderation.can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return Proposal.objects.filter(pk__in=[pk for pk in object_ids if str(pk).isdigit()]).order_by("created_at")

    def get_all_objects_in_listing_query(self, parent_id):
        return Proposal.objects.filter(status=Status.PENDING).values_list("pk", flat=True)

    def check_perm(self, proposal):
        return proposal.is_pending

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "action": self, "confirmation": self.confirmation}

    def get_execution_context(self):
        return {"action": self, "user": self.request.user, "reason": self.cleaned_form.cleaned_data.get("reason", "")}

    @classmethod
    def handle(cls, proposal, user, reason):
        raise NotImplementedError

    @classmethod
    def execute_action(cls, objects, action=None, user=None, reason="", **kwargs):
        done, failed = 0, []
        for proposal in objects:
            try:
                cls.handle(proposal, user, reason)
                done += 1
            except ValidationError as error:
                failed.append(f"{proposal.reference}: {' '.join(error.messages)}")
        if action is not None:
            action.failures = failed
        return done, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        for failure in getattr(self, "failures", []):
            messages.error(self.request, failure)
        return ngettext("Đã xử lý %(count)d ý kiến.", "Đã xử lý %(count)d ý kiến.", num_parent_objects) % {
            "count": num_parent_objects
        }


class ApproveBulkAction(ProposalBulkAction):
    display_name = _("Duyệt")
    action_type = "approve"
    aria_label = _("Duyệt các ý kiến đã chọn")
    action_priority = 10
    confirmation = _("Duyệt và công khai các ý kiến này?")

    @classmethod
    def handle(cls, proposal, user, reason):
        moderation.approve(proposal, user, reason)


class RejectBulkAction(ProposalBulkAction):
    display_name = _("Từ chối")
    action_type = "reject"
    aria_label = _("Từ chối các ý kiến đã chọn")
    action_priority = 20
    classes = {"serious"}
    form_class = RequiredReasonForm
    confirmation = _("Từ chối các ý kiến này? Tác giả sẽ nhận lý do bạn ghi.")

    @classmethod
    def handle(cls, proposal, user, reason):
        moderation.reject(proposal, user, reason)


class RequestChangesBulkAction(ProposalBulkAction):
    display_name = _("Yêu cầu chỉnh sửa")
    action_type = "request_changes"
    aria_label = _("Yêu cầu tác giả chỉnh sửa các ý kiến đã chọn")
    action_priority = 30
    form_class = RequiredReasonForm
    confirmation = _("Gửi lại các ý kiến này cho tác giả chỉnh sửa? Tác giả sẽ nhận lý do bạn ghi.")

    @classmethod
    def handle(cls, proposal, user, reason):
        moderation.request_changes(proposal, user, reason)


class HideBulkAction(ProposalBulkAction):
    display_name = _("Ẩn")
    action_type = "hide"
    aria_label = _("Ẩn các ý kiến đã chọn khỏi công chúng")
    action_priority = 40
    confirmation = _("Ẩn các ý kiến này khỏi công chúng?")

    def check_perm(self, proposal):
        return not proposal.hidden

    def get_all_objects_in_listing_query(self, parent_id):
        return Proposal.objects.filter(hidden=False, flag_count__gt=0).values_list("pk", flat=True)

    @classmethod
    def handle(cls, proposal, user, reason):
        moderation.set_hidden(proposal, True, user, reason)


BULK_ACTIONS = [ApproveBulkAction, RejectBulkAction, RequestChangesBulkAction, HideBulkAction]
