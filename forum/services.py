"""What citizens do with a public proposal: support it, follow it, comment on it, flag it.

The public views only check the request (login, rate limits, forms) and call these. Counters
change in the same transaction as the rows they count, and unique constraints refuse doubles, so
the figures hold under concurrency. Enough flags hide the item through the moderators' own
`moderation.set_hidden`, so an automatic hiding leaves the same trace as a moderator's.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from forum import moderation
from forum.models import Comment, Flag, Follow, Proposal, Support


def add_support(proposal, user):
    """One support per account; True when this call added it. A supporter follows the proposal."""
    try:
        with transaction.atomic():
            Support.objects.create(proposal=proposal, user=user)
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
    except IntegrityError:
        return False
    follow(proposal, user)
    return True


def remove_support(proposal, user):
    """Withdraw this account's support; True when there was one."""
    with transaction.atomic():
        deleted, _details = Support.objects.filter(proposal=proposal, user=user).delete()
        if deleted:
            Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - deleted)
    return bool(deleted)


def follow(proposal, user):
    Follow.objects.get_or_create(proposal=proposal, user=user)


def unfollow(proposal, user):
    Follow.objects.filter(proposal=proposal, user=user).delete()


def add_comment(proposal, user, data):
    """Post a comment once per submission key: (comment, created). A form sent twice returns
    the comment the first sending made."""
    key = data["submission_key"]
    existing = Comment.objects.filter(author=user, submission_key=key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                proposal=proposal, author=user, body=data["body"], parent=data["parent"], submission_key=key
            )
            Proposal.objects.filter(pk=proposal.pk).update(comment_count=F("comment_count") + 1)
    except IntegrityError:
        return Comment.objects.get(author=user, submission_key=key), False
    return comment, True


def add_flag(proposal, comment, user, reason, note):
    """Flag a proposal (comment None) or one of its comments, once per account; True when this
    call added the flag. At FORUM_FLAG_THRESHOLD flags the item is hidden until a moderator
    reviews it, through the same `set_hidden` moderators use (actor: the system)."""
    target = comment or proposal
    try:
        with transaction.atomic():
            Flag.objects.create(
                proposal=proposal if comment is None else None, comment=comment, user=user, reason=reason, note=note
            )
            type(target).objects.filter(pk=target.pk).update(flag_count=F("flag_count") + 1)
    except IntegrityError:
        return False
    target.refresh_from_db(fields=["flag_count", "hidden"])
    if target.flag_count >= settings.FORUM_FLAG_THRESHOLD and not target.hidden:
        reason_text = (
            _("Bị báo cáo nhiều lần, đang chờ xem xét.")
            if isinstance(target, Comment)
            else _("Tự động ẩn vì bị báo cáo nhiều lần.")
        )
        moderation.set_hidden(target, True, None, reason_text, automatic=True)
    return True
