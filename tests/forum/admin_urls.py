"""Where the case file's decisions are posted: one view per decision (forum.admin_views)."""

from django.urls import reverse

URL_NAMES = {
    "status": "decide",
    "assign": "assign",
    "duplicate": "duplicate",
    "note": "note",
    "hide": "hide",
    "restore": "restore",
    "hide_comment": "hide_comment",
    "restore_comment": "restore_comment",
    "save_answer": "save_answer",
    "publish_answer": "publish_answer",
    "withdraw": "withdraw_answer",
    "suspend": "suspend",
    "unsuspend": "unsuspend",
}


def decision_url(pk, action):
    return reverse(f"forum_admin:{URL_NAMES[action]}", args=[pk])
