"""Load the portal's first real content, written from ../shared/seeds/, idempotently.

Each app that has content to seed provides `<app>/seed.py` with a `load(log)` function; this
command calls them in dependency order inside one transaction. A second run creates nothing, and
content an editor has changed since is left as it is.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: the kernel's registry of public bodies comes first (documents, plans and forum
# units point at it); every app's index page lives under the home page; news and kpi point at legal
# documents. After every app has loaded, each loader's optional `finish(log)` runs (the home page
# links to the other apps' pages then).
SEED_APPS = ["portal", "home", "documents", "news", "kpi", "forum"]


class SeedLog:
    """Counts what a loader created or left alone, and prints one line per created object."""

    def __init__(self, stdout=None, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.created = {}
        self.kept = {}
        self.flags = set()

    def created_object(self, kind, label):
        self.created[kind] = self.created.get(kind, 0) + 1
        if self.stdout is not None and self.verbosity >= 1:
            self.stdout.write(f"  + {kind}: {label}")

    def kept_object(self, kind, label):
        self.kept[kind] = self.kept.get(kind, 0) + 1
        if self.stdout is not None and self.verbosity >= 2:
            self.stdout.write(f"  = {kind}: {label} (already there, left as it is)")

    @property
    def total_created(self):
        return sum(self.created.values())


def run_seed_loaders(stdout=None, verbosity=1):
    log = SeedLog(stdout, verbosity)
    modules = [import_module(f"{app}.seed") for app in SEED_APPS if find_spec(f"{app}.seed") is not None]
    # An app's seed/ data folder alone (a namespace package) is not a loader.
    modules = [module for module in modules if hasattr(module, "load")]
    with transaction.atomic():
        for module in modules:
            if stdout is not None and verbosity >= 1:
                stdout.write(f"{module.__name__.split('.')[0]}:")
            module.load(log)
        for module in modules:
            if hasattr(module, "finish"):
                module.finish(log)
        ensure_roles()
        # Bulk imports skip the save signals that keep the search index current: rebuild its
        # database rows once everything is loaded (Elasticsearch: `manage.py rebuild_search_index`).
        from portal.search.indexing import rebuild_database

        rebuild_database()
    return log


# The data migrations that create the roles and their permissions. They are idempotent and run
# again here, so that a database emptied by `flush` (as transactional tests do) gets its roles back.
ROLE_MIGRATIONS = [
    ("home.migrations.0002_editorial_roles", "create_roles"),
    ("kpi.migrations.0002_roles", "forwards"),
    ("forum.migrations.0002_forum_roles", "forwards"),
    # Whoever could see or edit units, issuers or places may do the same with Organisations.
    ("documents.migrations.0005_issuers_to_organisations", "grant_roles"),
    ("forum.migrations.0005_units_to_organisations", "grant_roles"),
    ("kpi.migrations.0003_places_to_organisations", "grant_roles"),
]


def ensure_roles():
    from django.apps import apps
    from wagtail.models import Collection

    if not Collection.objects.filter(depth=1).exists():  # emptied by flush, like the page root
        Collection.add_root(name="Root")

    for module_name, function in ROLE_MIGRATIONS:
        getattr(import_module(module_name), function)(apps, None)


class Command(BaseCommand):
    help = "Load the seed content (documents, pages, handbook, bulletin, news, KPI targets). Safe to run again."

    def handle(self, *args, **options):
        log = run_seed_loaders(self.stdout, options["verbosity"])
        if log.total_created:
            summary = ", ".join(f"{count} {kind}" for kind, count in sorted(log.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Seed content loaded: created {summary}."))
        else:
            kept = sum(log.kept.values())
            self.stdout.write(self.style.SUCCESS(f"Seed content already loaded: nothing to create ({kept} kept)."))
