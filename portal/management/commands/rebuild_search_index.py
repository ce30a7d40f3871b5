"""Rebuild the search index of every source (or of those named): the database engine's rows, and
with ELASTICSEARCH_URL set, a new Elasticsearch index per family that replaces the old one
through its alias only when it is complete (no downtime)."""

import sys

from django.core.management.base import BaseCommand, CommandError

from portal.search import elastic
from portal.search.indexing import rebuild_database
from portal.search.sources import get_sources


class ProgressBar:
    def __init__(self, stream, label, width=30):
        self.stream, self.label, self.width = stream, label, width
        self.interactive = hasattr(stream, "isatty") and stream.isatty()
        self.last = -1

    def __call__(self, source, done, total):
        total = max(total, done, 1)
        filled = int(self.width * done / total)
        if not self.interactive and done not in (total,) and done % 500:
            return
        if filled == self.last and done != total:
            return
        self.last = filled
        bar = "#" * filled + "." * (self.width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r  {self.label} {source.key:<12} [{bar}] {done}/{total}{end}")
        self.stream.flush()


class Command(BaseCommand):
    help = "Rebuild the search index (database rows, and Elasticsearch when ELASTICSEARCH_URL is set)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="source keys (default: all)")
        parser.add_argument("--database-only", action="store_true", help="leave Elasticsearch alone")

    def handle(self, *args, **options):
        sources = get_sources()
        if options["sources"]:
            unknown = set(options["sources"]) - {source.key for source in sources}
            if unknown:
                raise CommandError(f"unknown sources: {', '.join(sorted(unknown))}")
            sources = [source for source in sources if source.key in options["sources"]]
        stream = sys.stdout if options.get("stdout") is None else self.stdout
        self.stdout.write("Database index:")
        counts = rebuild_database(sources, progress=ProgressBar(stream, "database"))
        self.stdout.write("  " + ", ".join(f"{key}: {n}" for key, n in counts.items()))
        if elastic.configured() and not options["database_only"]:
            self.stdout.write(f"Elasticsearch ({elastic.config()['ELASTICSEARCH_URL']}):")
            try:
                counts = elastic.rebuild(sources, progress=ProgressBar(stream, "elastic"))
            except Exception as error:
                raise CommandError(f"Elasticsearch rebuild failed: {error}") from error
            self.stdout.write("  " + ", ".join(f"{key}: {n}" for key, n in counts.items()))
        self.stdout.write(self.style.SUCCESS("Search index rebuilt."))
