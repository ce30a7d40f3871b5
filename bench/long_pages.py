"""Long pages benchmark: a legal document cited by 671 others and a proposal with 2,000 comments
(issue 13's figures), made here inside a transaction that is rolled back (benchmark data, never
content). Prints page size, query count and median time of each page; nothing is asserted.

    DJANGO_SETTINGS_MODULE=portal.settings.dev DEBUG=0 .venv/bin/python bench/long_pages.py

"Before" figures: run the same script against another checkout's code (e.g. main before the
pagination), whose pages it measures the same way; routes that checkout lacks are reported as such.

    BENCH_SOURCE=/path/to/other/checkout .venv/bin/python bench/long_pages.py
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_SOURCE") or str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch  # noqa: E402
from django.utils import timezone  # noqa: E402

CITING, OUTGOING, COMMENTS = 671, 12, 2000


class Rollback(Exception):
    pass


def measure(client, url, requests):
    client.get(url)  # warm-up: caches of the menu and page URLs
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # now: each request empties the log
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return response, count, statistics.median(timings)


def make_document():
    from documents.models import DocumentRelation, DocumentType, LegalDocument
    from portal.models import Organisation

    issuer = Organisation.objects.order_by("pk").first()
    kind = DocumentType.objects.get(slug="quyet-dinh")
    law = LegalDocument.objects.create(
        number="99/2099/QH-BENCH", document_type=kind, issuer=issuer, title="Dữ liệu đo hiệu năng: luật được dẫn nhiều"
    )
    others = []
    for n in range(CITING + OUTGOING):
        other = LegalDocument(
            number=f"{n + 1}/2099/QĐ-BENCH",
            document_type=kind,
            issuer=issuer,
            title=f"Dữ liệu đo hiệu năng số {n + 1}: quyết định căn cứ luật thử tải",
            issued_on=datetime.date(2024, 1, 1) - datetime.timedelta(days=n),
            slug=f"bench-long-{n + 1}",
            live=True,
        )
        other.prepare()
        others.append(other)
    others = LegalDocument.objects.bulk_create(others, batch_size=500)
    DocumentRelation.objects.bulk_create(
        [DocumentRelation(source=other, target=law, relation_type="based_on") for other in others[:CITING]]
        + [
            DocumentRelation(source=law, target=other, relation_type="implements", sort_order=n)
            for n, other in enumerate(others[CITING:])
        ],
        batch_size=1000,
    )
    return law


def make_proposal():
    from forum.models import Comment, Proposal, ProposalCategory, ProposalKind

    author = get_user_model().objects.create(
        username="bench-long-pages", email="bench-long@example.invalid", display_name="Benchmark"
    )
    now = timezone.now()
    proposal = Proposal.objects.create(
        reference=f"BM-{now.year}-LONG01",
        kind=ProposalKind.objects.order_by("sort_order").first(),
        category=ProposalCategory.objects.order_by("sort_order").first(),
        title="Dữ liệu đo hiệu năng: ý kiến có 2.000 bình luận",
        body="<p>Dữ liệu đo hiệu năng, không phải ý kiến thật.</p>",
        author=author,
        status="approved",
        published_at=now,
        comment_count=COMMENTS,
    )
    comments = Comment.objects.bulk_create(
        [
            Comment(
                proposal=proposal,
                author=author,
                body=f"<p>Bình luận đo hiệu năng số {n + 1}: đề nghị số hoá hồ sơ và thanh toán trực tuyến.</p>",
                created_at=now - datetime.timedelta(minutes=COMMENTS - n),
            )
            for n in range(COMMENTS)
        ],
        batch_size=1000,
    )
    return proposal, comments


def route(model, name, **kwargs):
    from portal.navigation import singleton_route_url

    try:
        return singleton_route_url(model, name, **kwargs)
    except NoReverseMatch:
        return None


def main():
    from documents.models import DocumentLibraryPage
    from forum.models import ForumIndexPage

    settings.ALLOWED_HOSTS = ["*"]
    requests = int(os.environ.get("BENCH_REQUESTS", "10"))
    client = Client()
    source = os.environ.get("BENCH_SOURCE") or "this checkout"
    print(f"code: {source}; database: {connection.vendor}; median of {requests} requests after one warm-up")
    print(f"{'page':58} {'status':>6} {'KB':>7} {'queries':>7} {'p50 ms':>8}")
    try:
        with transaction.atomic():
            law = make_document()
            proposal, comments = make_proposal()
            middle = comments[COMMENTS // 2]
            pages = [
                (f"document cited by {CITING} (+{OUTGOING} outgoing)", law.get_absolute_url()),
                (
                    f"  'Xem tất cả' of the {CITING}, page 1",
                    route(DocumentLibraryPage, "inverse_relations", slug=law.slug, kind="can-cu"),
                ),
                (
                    f"  'Xem tất cả' of the {CITING}, last page",
                    (route(DocumentLibraryPage, "inverse_relations", slug=law.slug, kind="can-cu") or "") + "?trang=34",
                ),
                (f"proposal with {COMMENTS} comments (oldest first)", proposal.get_absolute_url()),
                ("  newest first", proposal.get_absolute_url() + "?thu_tu=moi-nhat"),
                ("  last page", proposal.get_absolute_url() + "?trang=40"),
                (
                    f"  permalink of comment {COMMENTS // 2 + 1} (redirect)",
                    route(ForumIndexPage, "comment", pk=proposal.pk, comment_pk=middle.pk),
                ),
            ]
            for label, url in pages:
                if not url or url.startswith("?"):
                    print(f"{label:58} {'(no such route in this code)':>31}")
                    continue
                response, count, p50 = measure(client, url, requests)
                size = len(response.content) / 1024
                print(f"{label:58} {response.status_code:>6} {size:>7.1f} {count:>7} {p50:>8.1f}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
