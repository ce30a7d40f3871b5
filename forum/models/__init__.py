"""The citizen forum's models, one module per subject (taxonomy, people, proposals, participation,
pages, cache); every name is importable from forum.models as before.

Proposals are models with a status, not pages: they are moderated through admin views and every
decision goes to Wagtail's audit log (see forum.moderation). A proposal is public only in the
statuses of PUBLIC_STATUSES and while it is not hidden; everything else is seen by its author and
staff alone.
"""

from forum.models.cache import SharedCacheEntry
from forum.models.pages import ForumIndexPage
from forum.models.participation import Comment, Flag, Follow, Notification, Support
from forum.models.people import Profile, Responder, responding_units
from forum.models.proposals import (
    ANSWERED_STATUSES,
    OUTCOME_STATUSES,
    PUBLIC_STATUSES,
    Answer,
    Event,
    Proposal,
    ProposalImage,
    ProposalQuerySet,
    Status,
    add_working_days,
    proposal_image_path,
    public_q,
)
from forum.models.taxonomy import ProposalCategory, ProposalKind, proposal_slug

__all__ = [
    "ANSWERED_STATUSES",
    "OUTCOME_STATUSES",
    "PUBLIC_STATUSES",
    "Answer",
    "Comment",
    "Event",
    "Flag",
    "Follow",
    "ForumIndexPage",
    "Notification",
    "Profile",
    "Proposal",
    "ProposalCategory",
    "ProposalImage",
    "ProposalKind",
    "ProposalQuerySet",
    "Responder",
    "SharedCacheEntry",
    "Status",
    "Support",
    "add_working_days",
    "proposal_image_path",
    "proposal_slug",
    "public_q",
    "responding_units",
]
