import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import LegalDocument
from forum.images import clean_image
from forum.models import Comment, Flag, Profile, Proposal, ProposalCategory, ProposalKind
from forum.sanitize import format_text, text_for_editing, text_of


class SignupForm(forms.Form):
    """allauth's sign-up, plus a display name, how the person writes, and explicit consent to the
    terms and to the processing of personal data (recorded with their versions and the time)."""

    display_name = forms.CharField(
        label=_("Tên hiển thị"), max_length=80, help_text=_("Tên hiện công khai bên cạnh ý kiến của bạn.")
    )
    author_type = forms.ChoiceField(label=_("Bạn viết với tư cách"), choices=Profile.AuthorType.choices)
    accept_terms = forms.BooleanField(label=_("Tôi đồng ý với nội quy diễn đàn."), required=True)
    accept_privacy = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan vận hành cổng thông tin xử lý dữ liệu cá nhân của tôi (địa chỉ thư điện tử, "
            "tên hiển thị, ý kiến) chỉ nhằm tiếp nhận và trả lời ý kiến, theo chính sách bảo vệ dữ liệu cá nhân."
        ),
        required=True,
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.save(update_fields=["display_name"])
        Profile.objects.update_or_create(
            user=user,
            defaults={
                "author_type": self.cleaned_data["author_type"],
                "terms_version": settings.FORUM_TERMS_VERSION,
                "privacy_version": settings.FORUM_PRIVACY_VERSION,
                "consented_at": timezone.now(),
            },
        )


class HoneypotForm(forms.Form):
    """A field people leave empty and simple bots fill in (hidden by the stylesheet)."""

    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise ValidationError(_("Không gửi được biểu mẫu. Vui lòng thử lại."))
        return ""


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ImagesField(forms.FileField):
    widget = MultipleImageInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = [item for item in (data or []) if item] if isinstance(data, (list, tuple)) else ([data] if data else [])
        if len(files) > settings.FORUM_MAX_IMAGES:
            raise ValidationError(_("Tối đa %(count)s ảnh.") % {"count": settings.FORUM_MAX_IMAGES})
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_image(upload))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


TEXT_FORMAT_HELP = _(
    "Viết văn bản thường: để một dòng trống giữa hai đoạn; địa chỉ web (https://…) tự thành liên kết; "
    "**chữ giữa hai cặp dấu sao** thành chữ đậm. Thẻ HTML và các định dạng khác được hiện nguyên như đã gõ."
)


class ProposalForm(HoneypotForm, forms.ModelForm):
    body = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=20000,
        help_text=TEXT_FORMAT_HELP,
    )
    related_documents = forms.ModelMultipleChoiceField(
        label=_("Văn bản liên quan (không bắt buộc)"),
        queryset=LegalDocument.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    images = ImagesField(
        label=_("Ảnh minh hoạ (không bắt buộc)"),
        required=False,
        help_text=_("Tối đa 5 ảnh JPEG, PNG hoặc WebP, mỗi ảnh không quá 5 MB. Thông tin vị trí trong ảnh được xoá."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Proposal
        fields = ["kind", "category", "title", "body", "related_documents"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ProposalKind.objects.all()
        self.fields["kind"].empty_label = _("Chọn loại ý kiến")
        self.fields["category"].queryset = ProposalCategory.objects.filter(active=True)
        self.fields["category"].empty_label = _("Chọn chuyên mục")
        self.fields["related_documents"].queryset = LegalDocument.objects.filter(live=True).order_by(
            "-issued_on", "title"
        )
        self.fields["title"].widget.attrs.update({"maxlength": 200, "autocomplete": "off"})
        if not self.is_bound and not self.initial.get("submission_key"):
            self.initial["submission_key"] = uuid.uuid4()
        if self.instance.pk:
            self.fields.pop("submission_key")
            if not self.is_bound:
                self.initial["body"] = text_for_editing(self.instance.body)

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 10:
            raise ValidationError(_("Tiêu đề cần ít nhất 10 ký tự để người đọc hiểu ý kiến của bạn."))
        return title

    def clean_body(self):
        body = format_text(self.cleaned_data["body"])
        if len(text_of(body)) < 30:
            raise ValidationError(_("Nội dung cần ít nhất 30 ký tự."))
        return body


class CommentForm(HoneypotForm):
    body = forms.CharField(
        label=_("Bình luận"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, help_text=TEXT_FORMAT_HELP
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, proposal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal

    def clean_body(self):
        body = format_text(self.cleaned_data["body"])
        if len(text_of(body)) < 2:
            raise ValidationError(_("Bình luận đang trống."))
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = Comment.objects.filter(pk=parent_id, proposal=self.proposal, parent__isnull=True, hidden=False).first()
        if parent is None:
            raise ValidationError(_("Không tìm thấy bình luận để trả lời."))
        return parent


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do báo cáo"), choices=Flag.Reason.choices)
    note = forms.CharField(label=_("Ghi chú (không bắt buộc)"), max_length=300, required=False)
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Tên hiển thị"), max_length=80)
    author_type = forms.ChoiceField(label=_("Bạn viết với tư cách"), choices=Profile.AuthorType.choices)
    email_notifications = forms.BooleanField(label=_("Nhận thông báo qua thư điện tử"), required=False)


class DeleteAccountForm(forms.Form):
    remove_content = forms.BooleanField(
        label=_(
            "Xoá cả các ý kiến và bình luận công khai của tôi (nếu không chọn, chúng được giữ lại dưới dạng ẩn danh)."
        ),
        required=False,
    )
    confirm = forms.CharField(
        label=_("Gõ XOA để xác nhận"), max_length=10, help_text=_("Việc xoá tài khoản không thể hoàn tác.")
    )

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().upper() not in {"XOA", "XOÁ", "XÓA"}:
            raise ValidationError(_("Gõ XOA để xác nhận."))
        return self.cleaned_data["confirm"]


class ListingFilterForm(forms.Form):
    SORTS = [
        ("lien-quan", _("Liên quan nhất (khi tìm)")),
        ("moi-nhat", _("Mới nhất")),
        ("ung-ho", _("Nhiều ủng hộ nhất")),
        ("thao-luan", _("Nhiều thảo luận nhất")),
        ("tra-loi", _("Mới được trả lời")),
    ]
    q = forms.CharField(label=_("Tìm trong diễn đàn"), required=False, max_length=200)
    chuyen_muc = forms.ModelChoiceField(
        label=_("Chuyên mục"),
        queryset=ProposalCategory.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả"),
    )
    loai = forms.ModelChoiceField(
        label=_("Loại"),
        queryset=ProposalKind.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Tất cả"),
    )
    # The status under its public slug (?trang_thai=da_duyet), cleaned to the stored value.
    trang_thai = forms.TypedChoiceField(label=_("Trạng thái"), required=False, empty_value=None)
    sap_xep = forms.ChoiceField(label=_("Sắp xếp"), choices=SORTS, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from forum.models import PUBLIC_STATUSES, Status

        self.fields["trang_thai"].choices = [("", _("Tất cả"))] + [(s.slug, s.label) for s in PUBLIC_STATUSES]
        self.fields["trang_thai"].coerce = Status.from_slug
        # Relevance means something only for a search: without one the listing is newest first, and
        # the select says so rather than showing "most relevant" selected.
        if not (self.data.get("q") or "").strip():
            self.fields["sap_xep"].choices = [choice for choice in self.SORTS if choice[0] != "lien-quan"]
            if self.data.get("sap_xep") == "lien-quan":
                self.data = self.data.copy()
                self.data["sap_xep"] = "moi-nhat"
