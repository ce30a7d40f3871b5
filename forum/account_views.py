"""The account pages beyond allauth's: my page, profile and notification settings, my data,
and deleting my account (Law 91/2025/QH15 and Decree 356/2025/NĐ-CP: access, withdrawal of
consent and erasure, answered at once)."""

import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forum.forms import DeleteAccountForm, ProfileForm
from forum.models import PUBLIC_STATUSES, Comment, Follow, Notification, Profile, Proposal, Status, Support
from forum.notifications import read_unsubscribe_token
from portal.streaming import json_response

logger = logging.getLogger(__name__)
# What an audit entry about an erased account shows instead of the account (never its number).
ERASED_ACCOUNT_LABEL = "(tài khoản đã xoá)"
ERASED_OBJECT_ID = "0"


@never_cache
@login_required
def my_page(request):
    proposals = (
        Proposal.objects.filter(author=request.user).select_related("kind", "category", "unit").order_by("-created_at")
    )
    follows = Follow.objects.filter(user=request.user).select_related("proposal").order_by("-created_at")
    notifications = Notification.objects.filter(user=request.user).select_related("proposal")[:50]
    unread = Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    context = {"proposals": proposals, "follows": follows, "notifications": notifications, "unread": unread}
    return render(request, "forum/account/my_page.html", context)


@never_cache
@login_required
@require_http_methods(["POST"])
def mark_notifications_read(request):
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return HttpResponseRedirect(reverse("forum_my_page") + "#thong-bao")


@never_cache
@login_required
def profile(request):
    profile, _created = Profile.objects.get_or_create(user=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            request.user.display_name = form.cleaned_data["display_name"].strip()
            request.user.save(update_fields=["display_name"])
            profile.author_type = form.cleaned_data["author_type"]
            profile.email_notifications = form.cleaned_data["email_notifications"]
            profile.save(update_fields=["author_type", "email_notifications"])
            messages.success(request, _("Đã lưu hồ sơ."))
            return HttpResponseRedirect(reverse("forum_profile"))
    else:
        form = ProfileForm(
            initial={
                "display_name": request.user.display_name,
                "author_type": profile.author_type,
                "email_notifications": profile.email_notifications,
            }
        )
    return render(
        request, "forum/account/profile.html", {"form": form, "profile": profile}, status=400 if form.errors else 200
    )


def personal_data(user):
    """Everything the portal holds about one person, for portal.streaming.json_response: a dict
    whose lists are chunked iterators over the database."""
    from allauth.account.models import EmailAddress

    profile = Profile.objects.filter(user=user).first()

    def rows(queryset):
        return queryset.iterator(chunk_size=1000)

    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        },
        "profile": {
            "author_type": Profile.AuthorType.slug_of(profile.author_type),
            "terms_version": profile.terms_version,
            "privacy_version": profile.privacy_version,
            "consented_at": profile.consented_at,
            "email_notifications": profile.email_notifications,
            "suspended_at": profile.suspended_at,
            "suspended_reason": profile.suspended_reason,
        }
        if profile
        else None,
        "proposals": (
            {**row, "status": Status.slug_of(row["status"])}
            for row in rows(
                Proposal.objects.filter(author=user).values(
                    "reference", "title", "body", "status", "public_reason", "created_at", "published_at", "answered_at"
                )
            )
        ),
        "comments": rows(
            Comment.objects.filter(author=user).values("proposal__reference", "body", "created_at", "hidden")
        ),
        "supports": rows(Support.objects.filter(user=user).values("proposal__reference", "created_at")),
        "follows": rows(Follow.objects.filter(user=user).values("proposal__reference", "created_at")),
        "flags": rows(user.forum_flags.values("proposal__reference", "comment_id", "reason", "note", "created_at")),
        "notifications": rows(Notification.objects.filter(user=user).values("message", "created_at", "read_at")),
    }


@never_cache
@login_required
def download_data(request):
    data = personal_data(request.user)
    return json_response(data, "du-lieu-cua-toi.json", indent=2, cls=DjangoJSONEncoder, request=request)


@transaction.atomic
def erase_account(user, remove_content):
    """Erase a person's personal data. Their public proposals and comments stay, anonymised,
    unless they asked for those to go too; anything never made public goes with the account."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.log_actions import registry as log_registry
    from wagtail.models import ModelLogEntry

    from forum.moderation import recount_supports

    proposals = Proposal.objects.filter(author=user)
    # A proposal erased with its author leaves its audit entries, which name it by code only (its
    # title is the author's words).
    erased = proposals if remove_content else proposals.exclude(status__in=PUBLIC_STATUSES)
    proposal_type = ContentType.objects.get_for_model(Proposal)
    for pk, reference in erased.values_list("pk", "reference"):
        ModelLogEntry.objects.filter(content_type=proposal_type, object_id=str(pk)).update(label=reference or f"#{pk}")
    if remove_content:
        proposals.delete()
        mine = Comment.objects.filter(author=user)
        # A comment others replied to keeps its place in the thread, emptied and anonymous, so that
        # their replies are not erased with it.
        mine.filter(replies__isnull=False).exclude(replies__author=user).update(
            author=None, body="<p>(Bình luận đã được tác giả xoá.)</p>"
        )
        mine.delete()
    else:
        proposals.exclude(status__in=PUBLIC_STATUSES).delete()
        proposals.update(author=None)
        Comment.objects.filter(author=user).update(author=None)
    supported = list(Support.objects.filter(user=user).values_list("proposal_id", flat=True))
    Support.objects.filter(user=user).delete()
    for proposal in Proposal.objects.filter(pk__in=supported):
        recount_supports(proposal)
    for proposal in Proposal.objects.filter(comment_count__gt=0, pk__in=Comment.objects.values("proposal_id")):
        Proposal.objects.filter(pk=proposal.pk).update(comment_count=proposal.comments.filter(hidden=False).count())
    # Audit log entries keep their action, but nothing in them points to the person any more:
    # entries about the account lose its name and its number, entries of what the person did lose
    # the user (Wagtail's log keeps user ids without a foreign key, so deleting the account alone
    # would leave them). The forum's timeline rows and answers lose the person by SET_NULL.
    ModelLogEntry.objects.filter(content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)).update(
        label=ERASED_ACCOUNT_LABEL, object_id=ERASED_OBJECT_ID
    )
    for log_model in log_registry.get_log_entry_models():
        log_model.objects.filter(user_id=user.pk).update(user=None)
    # The audit trail records that an erasure happened, never whose (that would keep the data).
    logger.info("forum account erased", extra={"remove_content": remove_content})
    user.delete()


@never_cache
@login_required
def delete_account(request):
    if request.method == "POST":
        form = DeleteAccountForm(request.POST)
        if form.is_valid():
            user = request.user
            logout(request)
            erase_account(user, form.cleaned_data["remove_content"])
            messages.success(request, _("Tài khoản và dữ liệu cá nhân của bạn đã được xoá."))
            return HttpResponseRedirect("/")
    else:
        form = DeleteAccountForm()
    return render(request, "forum/account/delete.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def email_off(request):
    """One-click: stop notification emails (the link in every notification mail)."""
    user_id = read_unsubscribe_token(request.GET.get("t", "") or request.POST.get("t", ""))
    if user_id is None:
        return render(request, "forum/account/email_off.html", {"ok": False}, status=400)
    if request.method == "POST":
        Profile.objects.filter(user_id=user_id).update(email_notifications=False)
        return render(request, "forum/account/email_off.html", {"ok": True, "done": True})
    return render(request, "forum/account/email_off.html", {"ok": True, "token": request.GET.get("t")})
