from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Diễn đàn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from forum.models import ForumIndexPage, Proposal, ProposalCategory, ProposalImage, ProposalKind
        from portal import generations
        from portal.models import Organisation

        post_delete.connect(_delete_image_file, sender=ProposalImage, dispatch_uid="forum-image-file")
        # What the public listing (/dien-dan/) shows is kept under this generation and the pages' one
        # (forum.views.listing): every table it reads, whatever writes them. The proposals (statuses,
        # counters, dates, titles, the totals), their kinds and categories (the filters' choices and
        # each row's labels), the units named on them and the forum page's own fields (its intro).
        listed = (Proposal, ProposalKind, ProposalCategory, Organisation, ForumIndexPage)
        generations.register("forum", [model._meta.db_table for model in listed])


def _delete_image_file(sender, instance, **kwargs):
    """An attached photo leaves the disk with its row (a deleted proposal, an erased account)."""
    from django.db import transaction

    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
