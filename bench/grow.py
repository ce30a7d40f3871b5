"""Benchmark data: grow the library to N legal documents with a fast bulk factory, and index them
in portal.SearchEntry. The documents are marked as benchmark data (slug "bench-…", signer "Dữ liệu
thử tải") and are kept until `--remove`; titles, numbers and bodies are built from a fixed
vocabulary of the portal's subjects (about a third of them are about "chuyển đổi số"), about 2 KB
of text each, with a fixed random seed so that two runs make the same documents.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench .venv/bin/python bench/grow.py 100000
    .venv/bin/python bench/grow.py --remove
"""

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from documents.models import DocumentType, LegalDocument, LegalField  # noqa: E402
from documents.search import LegalDocumentSource  # noqa: E402
from portal.models import Organisation, SearchEntry  # noqa: E402
from portal.search.indexing import item_fields, items_for  # noqa: E402

MARK = "bench-"
SIGNER = "Dữ liệu thử tải"
BATCH = 2000

SUBJECTS = [
    ("chuyển đổi số", 12),
    ("chính quyền số", 4),
    ("kinh tế số", 4),
    ("xã hội số", 3),
    ("dữ liệu mở", 3),
    ("đô thị thông minh", 3),
    ("an toàn thông tin mạng", 3),
    ("dịch vụ công trực tuyến", 3),
    ("cải cách hành chính", 5),
    ("phát triển hạ tầng giao thông", 4),
    ("bảo vệ môi trường", 4),
    ("phòng chống thiên tai", 3),
    ("y tế cơ sở", 3),
    ("giáo dục phổ thông", 3),
    ("phát triển du lịch", 3),
    ("nông nghiệp công nghệ cao", 3),
    ("quản lý đất đai", 3),
    ("xây dựng nông thôn mới", 3),
    ("an ninh trật tự", 2),
    ("thương mại điện tử", 2),
]
ACTIONS = [
    "Kế hoạch triển khai",
    "Về việc phê duyệt đề án",
    "Ban hành quy chế",
    "Về tăng cường",
    "Về đẩy mạnh",
    "Hướng dẫn thực hiện",
    "Về tổ chức thực hiện",
    "Sửa đổi, bổ sung quy định về",
]
SCOPES = ["trên địa bàn Thành phố", "tại các sở, ban, ngành", "ở cấp xã", "của tỉnh Đồng Tháp", "giai đoạn 2021 - 2025"]
SENTENCES = [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015.",
    "Các sở, ban, ngành và Ủy ban nhân dân các quận, huyện chịu trách nhiệm thi hành {s}.",
    "Mục tiêu đến năm 2025 hoàn thành các chỉ tiêu về {s} theo lộ trình đã đề ra.",
    "Giao Sở Thông tin và Truyền thông chủ trì, phối hợp với các đơn vị liên quan hướng dẫn {s}.",
    "Kinh phí thực hiện {s} được bố trí từ ngân sách nhà nước và các nguồn hợp pháp khác.",
    "Định kỳ hằng quý báo cáo kết quả {s} về Ủy ban nhân dân để theo dõi, chỉ đạo.",
    "Tăng cường công tác tuyên truyền, nâng cao nhận thức của người dân và doanh nghiệp về {s}.",
    "Đánh giá mức độ sẵn sàng, xác định các nhiệm vụ trọng tâm về {s} trong năm.",
    "Quyết định này có hiệu lực kể từ ngày ký ban hành.",
    "Xây dựng cơ sở dữ liệu dùng chung, bảo đảm kết nối, chia sẻ dữ liệu phục vụ {s}.",
    "Rà soát, đơn giản hóa thủ tục hành chính, đẩy mạnh cung cấp dịch vụ trên môi trường mạng.",
    "Đào tạo, bồi dưỡng kỹ năng cho cán bộ, công chức, viên chức đáp ứng yêu cầu {s}.",
]


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def make_document(rng, n, types, issuers, counters):
    document_type = rng.choice(types)
    issuer = rng.choice(issuers)
    subject, other = weighted(rng, SUBJECTS), weighted(rng, SUBJECTS)
    counters[issuer.pk] = counters.get(issuer.pk, 0) + 1
    code = (issuer.short_name or issuer.slug).split()[0].upper()
    number = f"{counters[issuer.pk]}/{document_type.abbreviation or 'VB'}-{code}"
    issued = date(2010, 1, 1) + timedelta(days=rng.randrange(5800)) if rng.random() > 0.03 else None
    title = f"{rng.choice(ACTIONS)} {subject} {rng.choice(SCOPES)}"
    paragraphs = []
    for _ in range(rng.randint(4, 9)):
        sentences = [rng.choice(SENTENCES).format(s=rng.choice([subject, subject, other])) for _ in range(4)]
        paragraphs.append("<p>" + " ".join(sentences) + "</p>")
    document = LegalDocument(
        number=number,
        document_type=document_type,
        issuer=issuer,
        title=title,
        signer=SIGNER,
        issued_on=issued,
        effective_on=issued + timedelta(days=rng.choice([0, 0, 15, 45])) if issued else None,
        full_text="".join(paragraphs),
        slug=f"{MARK}{n}",
        live=True,
    )
    document.prepare()
    return document


def index(pks):
    source = LegalDocumentSource()
    entries = [
        SearchEntry(source=source.key, object_id=obj.pk, **item_fields(source, item))
        for obj, item in items_for(source, source.get_objects(pks))
    ]
    SearchEntry.objects.bulk_create(entries, batch_size=1000)


def grow(target):
    """Add benchmark documents until the library holds `target`; returns how many were added."""
    have = LegalDocument.objects.count()
    if have >= target:
        return 0
    rng = random.Random(have)
    types = list(DocumentType.objects.all())
    issuers = list(Organisation.objects.all())
    fields = list(LegalField.objects.all())
    if not types or not issuers:
        sys.exit("No document types or organisations: run `make seed` first.")
    counters = {issuer.pk: 100000 + LegalDocument.objects.filter(issuer=issuer).count() for issuer in issuers}
    through = LegalDocument.fields.through
    added, started = 0, time.perf_counter()
    while have + added < target:
        size = min(BATCH, target - have - added)
        with transaction.atomic():
            batch = [make_document(rng, have + added + i, types, issuers, counters) for i in range(size)]
            created = LegalDocument.objects.bulk_create(batch)
            if fields:
                links = [
                    through(legaldocument_id=doc.pk, legalfield_id=field.pk)
                    for doc in created
                    for field in rng.sample(fields, rng.randint(0, 2))
                ]
                through.objects.bulk_create(links)
            index([doc.pk for doc in created])
        added += size
        print(f"  {have + added} documents ({time.perf_counter() - started:.0f} s)", flush=True)
    return added


def remove():
    with transaction.atomic():
        pks = list(LegalDocument.objects.filter(slug__startswith=MARK, signer=SIGNER).values_list("pk", flat=True))
        SearchEntry.objects.filter(source=LegalDocumentSource.key, object_id__in=pks).delete()
        LegalDocument.fields.through.objects.filter(legaldocument_id__in=pks).delete()
        LegalDocument.objects.filter(pk__in=pks).delete()
    return len(pks)


def analyze():
    """Fresh planner statistics and visibility map after a bulk load (what autovacuum would do a
    little later; the visibility map lets PostgreSQL answer from an index alone)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main():
    if sys.argv[1:] == ["--remove"]:
        print(f"removed {remove()} benchmark documents")
    else:
        target = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
        print(f"database: {connection.vendor}; growing the library to {target} documents")
        print(f"added {grow(target)} benchmark documents")
    analyze()


if __name__ == "__main__":
    main()
