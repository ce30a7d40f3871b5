"""Every concrete model of the portal's apps has a factory in tests.factories, and each factory
makes an object that the model's own validation accepts."""

import inspect

import factory
import pytest
from django.apps import apps

from tests import factories

APPS = ["portal", "home", "news", "documents", "forum", "kpi", "dxindex", "consultations"]


def _factories():
    found = {}
    for _name, value in inspect.getmembers(factories, inspect.isclass):
        if issubclass(value, factory.django.DjangoModelFactory) and value._meta.model is not None:
            found[value._meta.get_model_class()] = value
    return found


def _models():
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if not model._meta.abstract and not model._meta.proxy:
                yield model


def test_every_model_has_a_factory():
    # Pages made by the seed as singletons (home, indexes, the library, the dashboard, the forum)
    # and the image renditions and site settings Wagtail makes itself are not made by factories.
    made_elsewhere = {
        "home.HomePage",
        "home.HandbookIndexPage",
        "home.MediaLibraryPage",
        "portal.PortalRendition",
        "home.SiteSettings",
        "kpi.EmbedSettings",
        "news.NewsIndexPage",
        "news.BulletinIndexPage",
        "news.ArticleTag",
        "documents.DocumentLibraryPage",
        "forum.ForumIndexPage",
        "kpi.KpiDashboardPage",
        "consultations.ConsultationIndexPage",
        "portal.Generation",  # one row per subject, made by migrate (portal.generations.ensure)
    }
    covered = {model._meta.label for model in _factories()}
    missing = sorted(model._meta.label for model in _models() if model._meta.label not in covered | made_elsewhere)
    assert not missing, f"models without a factory in tests/factories.py: {missing}"


PAGE_PARENTS = {
    "home.StandardPage": lambda: _home(),
    "home.HandbookChapterPage": lambda: apps.get_model("home", "HandbookIndexPage").objects.get(),
    "home.AlbumPage": lambda: apps.get_model("home", "MediaLibraryPage").objects.get(),
    "news.ArticlePage": lambda: apps.get_model("news", "NewsIndexPage").objects.get(),
    "news.BulletinPage": lambda: apps.get_model("news", "BulletinIndexPage").objects.get(),
}


def _home():
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "factory_class", sorted(_factories().values(), key=lambda f: f.__name__), ids=lambda f: f.__name__
)
def test_each_factory_makes_a_valid_object(factory_class):
    label = factory_class._meta.get_model_class()._meta.label
    kwargs = {"parent": PAGE_PARENTS[label]()} if label in PAGE_PARENTS else {}
    obj = factory_class(**kwargs)
    obj.refresh_from_db()
    exclude = ["password"] if label == "portal.User" else []
    obj.full_clean(exclude=exclude, validate_unique=False)
