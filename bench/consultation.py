"""Consultation benchmark: a consultation's page (the draft by its structure with each article's
comment count, and the first page of comments), its report and its CSV export, at growing numbers
of public comments spread over the draft's articles and clauses (made here, inside a transaction
that is rolled back: benchmark data, never content). Prints queries and time; the query count
must not grow with the comments.

    DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 .venv/bin/python bench/consultation.py
    BENCH_SIZES=100,1000,5000 BENCH_REQUESTS=20 ... bench/consultation.py
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

# A made-up draft, marked as benchmark data: 5 chapters of 8 articles of 3 clauses each.
BENCH_DRAFT = "".join(
    f"<p>Chương {chapter}</p><p>CHƯƠNG ĐO HIỆU NĂNG {chapter}</p>"
    + "".join(
        f"<p>Điều {chapter * 10 + article}. Điều đo hiệu năng</p>"
        + "".join(f"<p>{clause}. Khoản đo hiệu năng, không phải văn bản thật.</p>" for clause in range(1, 4))
        for article in range(1, 9)
    )
    for chapter in range(1, 6)
)


class Rollback(Exception):
    pass


def timed(client, url, requests):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    count = len(queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(url)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
        timings.append((time.perf_counter() - start) * 1000)
    return response.status_code, count, statistics.median(timings)


def make_consultation(author):
    from consultations import structure
    from consultations.models import Consultation
    from documents.models import DocumentType, LegalDocument
    from portal.models import Organisation

    unit = Organisation.objects.filter(level="department").order_by("pk").first()
    draft_type, _created = DocumentType.objects.get_or_create(slug="du-thao", defaults={"name": "Dự thảo"})
    draft = LegalDocument.objects.create(
        document_type=draft_type,
        issuer=unit,
        title="Dự thảo đo hiệu năng (không phải văn bản thật)",
        full_text=BENCH_DRAFT,
        live=True,
    )
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Đo hiệu năng lấy ý kiến (dữ liệu đo, không phải thật)",
        draft=draft,
        unit=unit,
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=1),
        published=True,
    )
    structure.rebuild(consultation)
    return consultation


def fill(consultation, total, author, handling):
    from consultations.models import ConsultationComment

    targets = list(consultation.sections.filter(kind__in=["article", "clause"]).values_list("pk", flat=True))
    targets.append(None)
    now = timezone.now()
    ConsultationComment.objects.bulk_create(
        [
            ConsultationComment(
                consultation=consultation,
                section_id=targets[i % len(targets)],
                body=f"<p>Góp ý đo hiệu năng số {i}, không phải góp ý thật.</p>",
                author=author,
                status="approved",
                created_at=now,
                handling=handling,
            )
            for i in range(total)
        ],
        batch_size=1000,
    )


def main():
    from consultations.models import Handling

    settings.ALLOWED_HOSTS = ["*"]
    requests = int(os.environ.get("BENCH_REQUESTS", "20"))
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "100,1000,5000").split(",")]
    client = Client()
    print(f"database: {connection.vendor}; {requests} requests per page after one warm-up; benchmark data rolled back")
    print(f"{'comments':>8} {'page':40} {'status':>6} {'queries':>7} {'p50 ms':>8}")
    try:
        with transaction.atomic():
            author = get_user_model().objects.create(
                username="bench-consultation", email="bench-consultation@example.invalid", display_name="Benchmark"
            )
            consultation = make_consultation(author)
            handling = Handling.objects.create(consultation=consultation, decision="explained", reason="Dữ liệu đo.")
            consultation.report_published_at = timezone.now()
            consultation.save()
            made = 0
            for size in sizes:
                fill(consultation, size - made, author, handling)
                made = size
                for label, url in [
                    ("consultation page (draft + counts)", consultation.get_absolute_url()),
                    (
                        "comments on one article",
                        consultation.get_absolute_url()
                        + "?dieu="
                        + str(consultation.sections.filter(kind="article").first().pk),
                    ),
                    ("report", consultation.report_url),
                    ("CSV export", consultation.route_url("export", fmt="csv")),
                ]:
                    status, count, p50 = timed(client, url, requests)
                    print(f"{size:>8} {label:40} {status:>6} {count:>7} {p50:>8.2f}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
