"""Export benchmark: the documents' open-data exports (CSV and JSON) and the KPI exports over a
library of BENCH_DOCUMENTS generated documents (default 100,000, each with a field and a
relation to the one before). Prints time to first byte, total time, size and the worker's peak
RSS; nothing is asserted.

The generated documents (số hiệu ending in /BENCH) are written once to the database and kept
for later runs; `--clean` deletes them. Each export is measured in a fresh process, so that
its peak RSS is the export's own.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/exports.py
    BENCH_DOCUMENTS=10000 ... bench/exports.py
    ... bench/exports.py --clean
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

URLS = [
    "/van-ban/du-lieu-mo/csv/",
    "/van-ban/du-lieu-mo/json/",
    "/chi-tieu/du-lieu-mo/csv/",
    "/chi-tieu/du-lieu-mo/json/",
]
SUFFIX = "/BENCH"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(total, batch=5000):
    """Bring the generated documents up to `total`, in committed batches."""
    from documents.models import DocumentRelation, DocumentType, LegalDocument, LegalField, RelationType
    from documents.text import number_key
    from portal.models import Organisation

    have = LegalDocument.objects.filter(number__endswith=SUFFIX).count()
    if have >= total:
        return have
    document_type = DocumentType.objects.get(slug="cong-van")
    issuer = Organisation.objects.order_by("pk").first()
    field = LegalField.objects.order_by("pk").first()
    through = LegalDocument.fields.through
    started = time.perf_counter()
    previous = LegalDocument.objects.filter(number__endswith=SUFFIX).order_by("-pk").first()
    for start in range(have, total, batch):
        with transaction.atomic():
            documents = []
            for n in range(start, min(start + batch, total)):
                number = f"{n}{SUFFIX}"
                documents.append(
                    LegalDocument(
                        number=number,
                        number_key=number_key(number),
                        document_type=document_type,
                        issuer=issuer,
                        title=f"Về việc thử nghiệm xuất dữ liệu mở, văn bản sinh tự động số {n}",
                        signer="Nguyễn Văn Thử",
                        signer_title="Phó Chủ tịch",
                        issued_on=f"20{10 + n % 15}-0{1 + n % 9}-1{n % 10}",
                        slug=f"cv-{n}-bench",
                        live=True,
                    )
                )
            LegalDocument.objects.bulk_create(documents)
            through.objects.bulk_create(through(legaldocument_id=d.pk, legalfield_id=field.pk) for d in documents)
            relations = []
            for document in documents:
                if previous is not None:
                    relations.append(
                        DocumentRelation(source=document, target=previous, relation_type=RelationType.BASED_ON)
                    )
                previous = document
            DocumentRelation.objects.bulk_create(relations)
        print(f"  generated {min(start + batch, total)}/{total} documents ({time.perf_counter() - started:.0f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do: plans for the new table sizes
    return total


def clean():
    from documents.models import LegalDocument

    deleted, _ = LegalDocument.objects.filter(number__endswith=SUFFIX).delete()
    print(f"deleted {deleted} rows")


def measure(url):
    """In this process: one export, read chunk by chunk and dropped."""
    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.get("/van-ban/?trang=1")  # warm caches (the library page's URL) outside the measurement
    before = peak_rss_mb()
    cpu_start = time.process_time()
    start = time.perf_counter()
    response = client.get(url)
    first = None
    size = 0
    for chunk in response.streaming_content if response.streaming else [response.content]:
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    total = time.perf_counter() - start
    cpu = time.process_time() - cpu_start  # this process only (not PostgreSQL's): what the load does not inflate
    print(
        f"{url:30} {response.status_code:>6} {first:>8.2f} {total:>8.2f} {cpu:>8.2f} {size / 1e6:>9.1f} {before:>9.0f} {peak_rss_mb():>9.0f}"
    )


def main():
    if "--clean" in sys.argv:
        clean()
        return
    if "--measure" in sys.argv:
        measure(sys.argv[sys.argv.index("--measure") + 1])
        return
    total = int(os.environ.get("BENCH_DOCUMENTS", "100000"))
    print(f"database: {connection.vendor}; {total} generated documents")
    generate(total)
    connection.close()
    print(
        f"{'export':30} {'status':>6} {'TTFB s':>8} {'total s':>8} {'CPU s':>8} {'MB sent':>9} {'RSS0 MB':>9} {'peak MB':>9}"
    )
    for url in URLS:
        subprocess.run([sys.executable, __file__, "--measure", url], check=False)


if __name__ == "__main__":
    main()
