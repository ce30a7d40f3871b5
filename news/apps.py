from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Tin tức và bản tin")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from news.models import ArticleTag, BulletinPage
        from portal import generations

        # The articles' tags (news' listing and an article's page show them): renamed or removed
        # without the article being saved.
        generations.register("fragments", ["taggit_tag", ArticleTag._meta.db_table])
        page_published.connect(_bulletin_published, sender=BulletinPage, dispatch_uid="news-bulletin-mailing")


def _bulletin_published(sender, instance, **kwargs):
    from news.subscriptions import start_mailing

    start_mailing(instance)
