from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from news.assemble import assemble_next_issue, next_issue
from news.models import BulletinIndexPage


def start_next_issue(request):
    """One action: a draft of the next bulletin, filled from its month, opened in the editor."""
    index = BulletinIndexPage.objects.first()
    if index is None or not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    number, year, month = next_issue(index)
    if request.method == "POST":
        page = assemble_next_issue(index, request.user)
        messages.success(
            request, _("Đã tạo bản nháp %(title)s. Hãy sắp xếp, lược bớt và viết thêm.") % {"title": page.title}
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    return TemplateResponse(
        request,
        "news/admin/start_next_issue.html",
        {"number": number, "year": year, "month": month, "index": index},
    )
