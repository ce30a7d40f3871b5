"""Load the portal's first real content, written from ../shared/seeds/, idempotently.

Each app that has content to seed provides `<app>/seed.py` with a `load(log)` function and
registers it through the `register_seed_content` hook (portal/seeding.py), whose order is the
dependency order: every app's index page lives under the home page; news and kpi point at legal
documents. This command calls them in that order inside one transaction; after every app has
loaded, each loader's optional `finish(log)` runs (the home page links to the other apps' pages
then). A second run creates nothing, and content an editor has changed since is left as it is.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.seeding import seed_loaders


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
    modules = seed_loaders()
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


def ensure_roles():
    """The roles and their permissions (portal/roles.py, as the migrations made them), again: a
    database emptied by `flush` (as transactional tests do) gets them back."""
    from django.apps import apps
    from wagtail.models import Collection

    from portal import roles

    if not Collection.objects.filter(depth=1).exists():  # emptied by flush, like the page root
        Collection.add_root(name="Root")
    roles.ensure_roles(apps)


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
