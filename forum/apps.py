from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = _("Diễn đàn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete

        from forum.models import ProposalImage

        post_delete.connect(_delete_image_file, sender=ProposalImage, dispatch_uid="forum-image-file")


def _delete_image_file(sender, instance, **kwargs):
    """An attached photo leaves the disk with its row (a deleted proposal, an erased account)."""
    from django.db import transaction

    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
