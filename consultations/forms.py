import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultations.models import Decision, Section
from forum.forms import TEXT_FORMAT_HELP, FlagForm, HoneypotForm
from forum.models import Profile
from forum.sanitize import format_text, text_of

__all__ = ["CommentForm", "FlagForm", "HandlingForm", "ReportForm"]

QUOTE_MAX = 2000


def _squash(text):
    return " ".join((text or "").split())


class CommentForm(HoneypotForm):
    """A comment on the whole draft or on one điều or khoản, optionally quoting a passage of it.
    The quoted passage must be found, word for word, in the part commented on."""

    section = forms.TypedChoiceField(label=_("Góp ý cho"), coerce=int, required=False, empty_value=None)
    quote = forms.CharField(
        label=_("Đoạn trích dẫn (không bắt buộc)"),
        required=False,
        max_length=QUOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Chép nguyên văn đoạn bạn góp ý, hoặc bôi đen đoạn đó trong dự thảo rồi chọn “Trích dẫn”."),
    )
    body = forms.CharField(
        label=_("Nội dung góp ý"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=TEXT_FORMAT_HELP,
    )
    author_type = forms.ChoiceField(label=_("Bạn góp ý với tư cách"), choices=Profile.AuthorType.choices)
    organisation_name = forms.CharField(
        label=_("Tên tổ chức, doanh nghiệp"),
        max_length=200,
        required=False,
        help_text=_("Bắt buộc khi góp ý thay mặt doanh nghiệp hoặc tổ chức; tên này hiện công khai."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, consultation=None, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.sections = {section.pk: section for section in sections if section.commentable}
        self.fields["section"].choices = [("", _("Toàn bộ dự thảo"))] + [
            (pk, section.label) for pk, section in self.sections.items()
        ]

    def clean_section(self):
        pk = self.cleaned_data.get("section")
        if pk is None:
            return None
        section = self.sections.get(pk)
        if section is None:
            raise ValidationError(_("Không tìm thấy điều, khoản này trong dự thảo."))
        return section

    def clean_body(self):
        body = format_text(self.cleaned_data["body"])
        if len(text_of(body)) < 10:
            raise ValidationError(_("Nội dung góp ý cần ít nhất 10 ký tự."))
        return body

    def clean_organisation_name(self):
        return " ".join(self.cleaned_data.get("organisation_name", "").split())

    def clean(self):
        data = super().clean()
        if data.get("author_type") in (Profile.AuthorType.BUSINESS, Profile.AuthorType.ORGANISATION):
            if not data.get("organisation_name"):
                self.add_error("organisation_name", _("Hãy ghi tên doanh nghiệp hoặc tổ chức của bạn."))
        elif data.get("author_type"):
            data["organisation_name"] = ""
        quote = _squash(data.get("quote"))
        if quote and "section" in data:
            section = data.get("section")
            if section is not None:
                haystack = _squash(f"{section.heading} {section.text}")
                if section.kind == Section.Kind.ARTICLE:
                    haystack += " " + " ".join(
                        _squash(child.text) for child in self.sections.values() if child.parent_id == section.pk
                    )
            else:
                haystack = " ".join(_squash(f"{s.heading} {s.text}") for s in self.sections.values())
            if quote.casefold() not in haystack.casefold():
                self.add_error("quote", _("Không tìm thấy đoạn trích dẫn trong phần dự thảo bạn chọn."))
        data["quote"] = quote
        return data


class HandlingForm(forms.Form):
    decision = forms.ChoiceField(label=_("Hình thức xử lý"), choices=Decision.choices)
    reason = forms.CharField(
        label=_("Nội dung tiếp thu, giải trình"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=_("Với “giải trình” và “không tiếp thu”, nêu rõ lý do."),
    )
    comments = forms.ModelMultipleChoiceField(label=_("Các góp ý"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, consultation=None, **kwargs):
        super().__init__(*args, **kwargs)
        from consultations.models import ConsultationComment

        self.fields["comments"].queryset = ConsultationComment.objects.public().filter(consultation=consultation)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 5:
            raise ValidationError(_("Hãy ghi nội dung tiếp thu hoặc lý do giải trình, không tiếp thu."))
        return reason


class ReportForm(forms.Form):
    intro = forms.CharField(
        label=_("Phần mở đầu báo cáo"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=20000,
        help_text=TEXT_FORMAT_HELP,
    )
    signed_by = forms.CharField(label=_("Người ký báo cáo"), max_length=200, required=False)

    def clean_intro(self):
        return format_text(self.cleaned_data.get("intro", ""))
