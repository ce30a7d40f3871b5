from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.navigation import main_menu


def portal(request):
    return {
        "main_menu": SimpleLazyObject(lambda: main_menu(request)),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "languages": settings.LANGUAGES,
    }
