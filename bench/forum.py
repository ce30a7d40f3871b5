"""Forum benchmark: the public listing, a search in it and a proposal page at growing numbers of
public proposals (made here, inside a transaction that is rolled back: benchmark data, never
content). Prints time and query count; nothing is asserted.

    DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 .venv/bin/python bench/forum.py
    BENCH_SIZES=100,1000,10000 ... bench/forum.py
"""

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


class Rollback(Exception):
    pass


def timed(client, url, requests):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    count = len(queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return status, count, statistics.median(timings)


def fill(total, author):
    from forum.models import Comment, Proposal, ProposalCategory, ProposalKind
    from forum.search import ProposalSource
    from portal.search.indexing import rebuild_database

    kinds, categories = list(ProposalKind.objects.all()), list(ProposalCategory.objects.all())
    now = timezone.now()
    start = Proposal.objects.count()
    Proposal.objects.bulk_create(
        [
            Proposal(
                reference=f"BM-{now.year}-{start + i:06d}",
                kind=kinds[i % len(kinds)],
                category=categories[i % len(categories)],
                title=f"Dữ liệu đo hiệu năng số {i}: số hoá thủ tục hành chính ở phường {i % 168}",
                body="<p>Dữ liệu đo hiệu năng, không phải ý kiến thật. Đề nghị số hoá hồ sơ và thanh toán trực tuyến.</p>",
                author=author,
                status="approved",
                published_at=now,
                support_count=i % 50,
                comment_count=i % 7,
            )
            for i in range(total)
        ],
        batch_size=1000,
    )
    first = Proposal.objects.order_by("pk").last()
    Comment.objects.bulk_create(
        [Comment(proposal=first, author=author, body=f"<p>Bình luận {i}</p>") for i in range(50)]
    )
    rebuild_database([ProposalSource()])
    if connection.vendor == "postgresql":
        # Planner statistics for the new rows, as autovacuum would have them on a site that grew
        # (ANALYZE counts this transaction's own rows): without them PostgreSQL takes the
        # proposals' index rows for a handful and plans the forum's search row by row.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE forum_proposal, portal_searchentry, forum_comment")
    return first


def main():
    from forum.models import ForumIndexPage
    from portal.navigation import singleton_route_url

    forum_url = singleton_route_url(ForumIndexPage, "listing")

    settings.ALLOWED_HOSTS = ["*"]
    requests = int(os.environ.get("BENCH_REQUESTS", "50"))
    sizes = [int(size) for size in os.environ.get("BENCH_SIZES", "100,1000,5000").split(",")]
    client = Client()
    print(f"database: {connection.vendor}; {requests} requests per page after one warm-up; benchmark data rolled back")
    print(f"{'proposals':>9} {'page':34} {'status':>6} {'queries':>7} {'p50 ms':>8}")
    try:
        with transaction.atomic():
            author = get_user_model().objects.create(
                username="bench-forum", email="bench@example.invalid", display_name="Benchmark"
            )
            made = 0
            for size in sizes:
                proposal = fill(size - made, author)
                made = size
                for label, url in [
                    ("/dien-dan/", forum_url),
                    ("/dien-dan/?sap_xep=ung-ho", forum_url + "?sap_xep=ung-ho"),
                    ("/dien-dan/?q=so hoa thu tuc", forum_url + "?q=so+hoa+thu+tuc"),
                    ("proposal page (50 comments)", proposal.get_absolute_url()),
                    ("/tim-kiem/?q=thanh toan truc tuyen", "/tim-kiem/?q=thanh+toan+truc+tuyen"),
                ]:
                    status, count, p50 = timed(client, url, requests)
                    print(f"{size:>9} {label:34} {status:>6} {count:>7} {p50:>8.2f}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
