"""Import benchmark: BENCH_ROWS generated rows (default 10,000, each with a field and every tenth
with a relation to the row before) through `import_documents`, inside a transaction rolled
back afterwards. Prints the time and the peak RSS; nothing is asserted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/importer.py
"""

import csv
import io
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


class Rollback(Exception):
    pass


def main():
    total = int(os.environ.get("BENCH_ROWS", "10000"))
    from documents.models import LegalDocument

    library = LegalDocument.objects.count()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "van-ban.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["so_hieu", "loai", "co_quan_ban_hanh", "trich_yeu", "ngay_ban_hanh", "linh_vuc", "quan_he"]
            )
            for n in range(total):
                relation = f"thuc-hien {n - 1}/CV-NHAP" if n % 10 == 9 else ""
                writer.writerow([f"{n}/CV-NHAP", "cong-van", "UBND TP.HCM", f"Công văn nhập thử số {n}",
                                 "2024-05-01", "chuyen-doi-so", relation])  # fmt: skip
        print(f"database: {connection.vendor}; library of {library} documents; importing {total} rows")
        start = time.perf_counter()
        out = io.StringIO()
        try:
            with transaction.atomic():
                call_command("import_documents", str(path), "--progress-every", "2500", stdout=out)
                raise Rollback
        except Rollback:
            pass
        elapsed = time.perf_counter() - start
    print(out.getvalue().strip())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{total} rows in {elapsed:.1f} s ({total / elapsed:.0f} rows/s); peak RSS {peak:.0f} MB (rolled back)")


if __name__ == "__main__":
    main()
