from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from news.assemble import assemble_issue, next_issue
from news.models import BulletinIndexPage, BulletinPage


class StartIssueForm(forms.Form):
    """The issue the editor is about to write: its month, year and number."""

    month = forms.TypedChoiceField(
        label=gettext_lazy("Tháng"),
        choices=[(m, str(m)) for m in range(1, 13)],
        coerce=int,
        error_messages={"invalid_choice": gettext_lazy("Tháng phải từ 1 đến 12.")},
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": gettext_lazy("Năm phải là một số, ví dụ 2026."),
            "min_value": gettext_lazy("Năm phải từ %(limit_value)s trở đi."),
            "max_value": gettext_lazy("Năm không được sau %(limit_value)s."),
        },
    )
    issue_number = forms.IntegerField(
        label=gettext_lazy("Số"),
        min_value=1,
        max_value=100000,
        error_messages={
            "invalid": gettext_lazy("Số bản tin phải là một số nguyên dương."),
            "min_value": gettext_lazy("Số bản tin phải là một số nguyên dương."),
            "max_value": gettext_lazy("Số bản tin quá lớn."),
        },
    )

    def __init__(self, *args, index, **kwargs):
        self.index = index
        super().__init__(*args, **kwargs)

    def clean_issue_number(self):
        number = self.cleaned_data["issue_number"]
        clash = BulletinPage.objects.filter(issue_number=number).first()
        if clash is not None:
            raise forms.ValidationError(
                _("Đã có bản tin mang số %(number)s: %(title)s.") % {"number": number, "title": clash.title}
            )
        return number

    def clean(self):
        data = super().clean()
        year, month = data.get("year"), data.get("month")
        if year and month:
            clash = BulletinPage.objects.filter(year=year, month=month).first()
            if clash is not None:
                self.add_error(
                    "month",
                    _(
                        "Tháng %(month)s/%(year)s đã có bản tin: %(title)s. Hãy mở bản tin đó để sửa, hoặc chọn tháng khác."
                    )
                    % {"month": month, "year": year, "title": clash.title},
                )
        return data


def start_next_issue(request):
    """The editor picks the month and number (next month and next number by default); the draft is
    filled from that month and opened in the editor."""
    index = BulletinIndexPage.objects.first()
    if index is None or not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    number, year, month = next_issue(index)
    initial = {"issue_number": number, "year": year, "month": month}
    form = StartIssueForm(request.POST or None, index=index, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            page = assemble_issue(
                index,
                request.user,
                form.cleaned_data["issue_number"],
                form.cleaned_data["year"],
                form.cleaned_data["month"],
            )
        messages.success(
            request, _("Đã tạo bản nháp %(title)s. Hãy sắp xếp, lược bớt và viết thêm.") % {"title": page.title}
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    return TemplateResponse(
        request,
        "news/admin/start_next_issue.html",
        {"form": form, "index": index},
        status=400 if form.errors else 200,
    )
