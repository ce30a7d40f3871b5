"""What readers do with a proposal: comments, supports, follows, flags, and their notifications."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forum.models.proposals import Proposal


class Comment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="forum_comments"
    )
    body = models.TextField(_("nội dung"))
    hidden = models.BooleanField(_("đang ẩn"), default=False)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=200, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    submission_key = models.UUIDField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("bình luận")
        verbose_name_plural = _("bình luận")
        constraints = [
            models.UniqueConstraint(fields=["author", "submission_key"], name="forum_comment_one_per_submission")
        ]

    def __str__(self):
        return f"{self.author_label}: {self.body[:40]}"

    def get_absolute_url(self):
        """The comment's permanent address (/dien-dan/<proposal>/binh-luan/<comment>/), which
        redirects to the page of comments where it shows now."""
        from forum.models.pages import ForumIndexPage
        from portal.navigation import singleton_route_url

        return singleton_route_url(ForumIndexPage, "comment", pk=self.proposal_id, comment_pk=self.pk)

    @property
    def author_label(self):
        if self.author_id is None:
            return _("Người dùng đã xoá tài khoản")
        return self.author.display_name or _("Thành viên")


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="forum_one_support_per_account")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class Follow(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="forum_one_follow_per_account")]

    def __str__(self):
        return f"{self.user_id} → {self.proposal_id}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        SPAM = "spam", _("Quảng cáo, spam")
        ABUSE = "abuse", _("Xúc phạm, quấy rối")
        PERSONAL = "personal", _("Lộ thông tin cá nhân")
        FALSE = "false", _("Thông tin sai sự thật")
        OFF_TOPIC = "off_topic", _("Không đúng chủ đề")
        OTHER = "other", _("Khác")

    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_flags")
    reason = models.CharField(_("lý do"), max_length=12, choices=Reason.choices)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "proposal"], condition=Q(comment__isnull=True), name="forum_one_flag_per_proposal"
            ),
            models.UniqueConstraint(
                fields=["user", "comment"], condition=Q(comment__isnull=False), name="forum_one_flag_per_comment"
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} ({self.created_at:%d/%m/%Y})"


class Notification(models.Model):
    class Email(models.TextChoices):
        NONE = "none", _("Không gửi")
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    message = models.CharField(max_length=300)
    # Where the mail points when the notification is not about a proposal (another app's page).
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=8, choices=Email.choices, default=Email.NONE)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.message
