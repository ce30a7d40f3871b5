import django_filters
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.models import Organisation, OrganisationLegacyId
from portal.search.sources import PageSource


@hooks.register("register_search_sources")
def page_search_sources():
    return [PageSource()]


@hooks.register("after_create_user")
def verify_email_of_admin_created_account(request, user):
    """An account an administrator creates in the admin is for a known colleague: its address
    counts as verified, so the first sign-in asks only for the password and the TOTP setup."""
    from allauth.account.models import EmailAddress

    if user.email:
        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


class OrganisationFilterSet(WagtailFilterSet):
    """By level, and by whether the body exists today (active) or has ended."""

    active = django_filters.BooleanFilter(label=_("Đang hoạt động"), method="filter_active")

    class Meta:
        model = Organisation
        fields = ["level", "active"]

    def filter_active(self, queryset, name, value):
        if value is None:
            return queryset
        current = Organisation.objects.active_on(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


class OrganisationViewSet(SnippetViewSet):
    """The one registry of public bodies: issuers of documents, places of plans, responding units."""

    model = Organisation
    icon = "group"
    menu_label = _("Cơ quan, đơn vị")
    menu_name = "organisations"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "short_name", "level", "active_from", "active_until", "successor"]
    filterset_class = OrganisationFilterSet
    # Searched in the database: a body added a minute ago is found, and so are names typed without
    # diacritics on PostgreSQL's and SQLite's own collation rules.
    search_backend_name = None
    search_fields = ["name", "short_name", "area_name", "slug"]
    list_export = ["name", "short_name", "slug", "level", "area_name", "active_from", "active_until", "successor"]
    export_filename = "co-quan-don-vi"

    def get_queryset(self, request):
        return Organisation.objects.select_related("successor")


register_snippet(OrganisationViewSet)

# The admin screens of the three registries that became Organisation (forum units, documents'
# issuers, KPI places): an old link (list, edit, delete) leads to the body it became.
LEGACY_ADMIN = {
    ("forum", "unit"): OrganisationLegacyId.Source.UNIT,
    ("documents", "issuer"): OrganisationLegacyId.Source.ISSUER,
    ("kpi", "place"): OrganisationLegacyId.Source.PLACE,
}


def legacy_admin_redirect(request, app_label, model_name, pk=None):
    source = LEGACY_ADMIN.get((app_label, model_name))
    if source is None:
        raise Http404
    if pk is None:
        return redirect("wagtailsnippets_portal_organisation:list")
    legacy = OrganisationLegacyId.objects.filter(source=source, old_id=pk).first()
    if legacy is None:
        raise Http404
    return redirect("wagtailsnippets_portal_organisation:edit", legacy.organisation_id)


@hooks.register("register_admin_urls")
def legacy_organisation_admin_urls():
    urls = []
    for app_label, model_name in LEGACY_ADMIN:
        prefix = f"snippets/{app_label}/{model_name}/"
        kwargs = {"app_label": app_label, "model_name": model_name}
        urls += [
            path(prefix, legacy_admin_redirect, kwargs),
            path(f"{prefix}edit/<int:pk>/", legacy_admin_redirect, kwargs),
            path(f"{prefix}delete/<int:pk>/", legacy_admin_redirect, kwargs),
        ]
    return urls


@hooks.register("register_seed_content", order=0)
def seed_content():
    """The registry of public bodies comes before every app's content (documents, plans and forum
    units point at it)."""
    from portal import seed

    return seed
