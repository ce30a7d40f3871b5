from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal.chrome import lazy_chrome
from portal.navigation import main_menu


def portal(request):
    return {
        "main_menu": SimpleLazyObject(lambda: main_menu(request)),
        # The operator's name (header) and the footer, cached per site and language (portal.chrome).
        "site_chrome": lazy_chrome(request),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "languages": settings.LANGUAGES,
    }
