"""Importing legal documents from CSV or JSON.

Columns (the same names /van-ban/export.csv writes, so an export imports back):
  so_hieu*            số hiệu, e.g. 681/KH-UBND
  loai*               type: its slug (ke-hoach) or name (Kế hoạch)
  co_quan_ban_hanh*   issuer: its slug, name or short name (co_quan is accepted too)
  trich_yeu*          trích yếu
  ngay_ban_hanh, ngay_co_hieu_luc, ngay_het_hieu_luc   YYYY-MM-DD or DD/MM/YYYY
  nguoi_ky, chuc_vu_nguoi_ky
  linh_vuc            fields, by slug or name, separated by ";"
  quan_he             relations, "<relation> <số hiệu>; ..." with the relation's slug or label
                      (thuc-hien 2393/QĐ-UBND; Căn cứ 52-NQ/TW); inverse labels are ignored
  toan_van            full text, light markup ("## " heading, "- " list item, blank-line paragraphs)
  tep_dinh_kem        path of an attachment (PDF, DOCX...), relative to the imported file
  duong_dan           the public slug (made from type, number and year when empty)
(* required). A document is identified by số hiệu and issuer: a row for a document that exists
updates it; a row identical to the database changes nothing. Each bad row is reported with its
line, field and reason, and nothing of it is saved; the good rows are imported.
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils.html import strip_tags
from wagtail.documents import get_document_model

from documents.models import (
    INVERSE_LABELS,
    DocumentAttachment,
    DocumentRelation,
    DocumentType,
    LegalDocument,
    LegalField,
    RelationType,
)
from documents.seed import text_to_html
from documents.text import number_key
from portal.formats import parse_date as portal_parse_date
from portal.models import Organisation
from portal.text import fold

REQUIRED = ["so_hieu", "loai", "co_quan_ban_hanh", "trich_yeu"]
SIMPLE_FIELDS = ["number", "document_type_id", "issuer_id", "title", "signer", "signer_title", "issued_on",
                 "effective_on", "expires_on", "full_text"]  # fmt: skip
COLUMNS = {
    "signer": "nguoi_ky",
    "signer_title": "chuc_vu_nguoi_ky",
    "issued_on": "ngay_ban_hanh",
    "effective_on": "ngay_co_hieu_luc",
    "expires_on": "ngay_het_hieu_luc",
    "full_text": "toan_van",
}
BATCH = 500
LOOKUP_BATCH = 500  # keys looked up in the database at a time


def identity(number, slug=""):
    """How a row names a document: its số hiệu in any written form (the key the database's
    uniqueness rule uses), or its slug when it has none."""
    return (number_key(number) if number else "") or f"slug:{slug}"


@dataclass
class RowError:
    line: int  # the physical line where the record starts
    field: str
    reason: str
    record: int | None = None  # the record's number in the file (1 is the first after the header)

    def __str__(self):
        where = f"bản ghi {self.record} (dòng {self.line})" if self.record is not None else f"dòng {self.line}"
        return f"{where}, cột {self.field}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    saved: bool = True  # False when a row error kept the whole file out (no `partial`)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len({error.line for error in self.errors})


class RowInvalid(Exception):
    def __init__(self, field_name, reason):
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


def read_rows(path):
    """Yield (record number, physical line where it starts, row dict) from a CSV (header line 1;
    a quoted value may span lines) or JSON (a list, or {"documents": [...]})."""
    path = Path(path)
    raw = path.read_bytes().decode("utf-8-sig")
    if path.suffix.lower() == ".json":
        data = json.loads(raw)
        if isinstance(data, dict):
            data = data.get("documents", [])
        lines = _json_item_lines(raw, len(data) if isinstance(data, list) else 0)
        for index, row in enumerate(data, start=1):
            yield index, lines.get(index, index), row if isinstance(row, dict) else {}
    else:
        reader = csv.reader(io.StringIO(raw))
        header = [name.strip() for name in next(reader, [])]
        previous, record = reader.line_num, 0
        for values in reader:
            start, previous = previous + 1, reader.line_num
            if not values:
                continue
            record += 1
            values += [None] * (len(header) - len(values))  # as csv.DictReader: missing values are None
            row = {name: value for name, value in zip(header, values, strict=False) if name}
            yield record, start, row


def _json_item_lines(raw, count):
    """{item number: the line where it starts} for the list of documents in a JSON text."""
    decoder = json.JSONDecoder()
    match = re.search(r'"documents"\s*:\s*\[', raw) if raw.lstrip().startswith("{") else re.search(r"\[", raw)
    lines, position = {}, match.end() if match else len(raw)
    counted, line = 0, 1
    for index in range(1, count + 1):
        while position < len(raw) and raw[position] in " \t\r\n,":
            position += 1
        line += raw.count("\n", counted, position)
        counted, lines[index] = position, line
        try:
            _item, position = decoder.raw_decode(raw, position)
        except ValueError:
            break
    return lines


def _text(row, name):
    value = row.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # the JSON export's lists: fields by name, relations as objects
        return "; ".join(
            f"{item.get('quan_he', '')} {item.get('so_hieu', '')}".strip() if isinstance(item, dict) else str(item)
            for item in value
        )
    return str(value).strip()


def parse_date(value, name):
    """Day first (DD/MM/YYYY, also with - or .) or ISO YYYY-MM-DD, never month first: the
    portal's one date parser (portal.formats.parse_date)."""
    value = (value or "").strip()
    if not value:
        return None
    day = portal_parse_date(value)
    if day is None:
        raise RowInvalid(name, f"ngày không hợp lệ: {value!r} (dùng YYYY-MM-DD hoặc DD/MM/YYYY)")
    return day


class Importer:
    def __init__(self, base_dir=None, progress=None):
        self.base_dir = Path(base_dir or ".")
        self.progress = progress or (lambda stage, done, total: None)
        self._failed = {}  # identity of a rejected row -> its line
        self.types = {}
        for item in DocumentType.objects.all():
            self.types[item.slug] = self.types[fold(item.name)] = item
        self.issuers = {}
        for item in Organisation.objects.order_by("pk"):
            for key in (item.slug, fold(item.name), fold(item.short_name)):
                if key:
                    self.issuers[key] = item
        self.fields = {}
        for item in LegalField.objects.all():
            self.fields[item.slug] = self.fields[fold(item.name)] = item
        self.relation_types = {}
        for member in RelationType:
            # The public slug ("thuc-hien"), the label ("Thực hiện", folded) or the stored value.
            for key in (member.slug, fold(str(member.label)), member.value):
                self.relation_types[key] = member.value
        self.inverse_labels = {fold(str(label)) for label in INVERSE_LABELS.values()}

    # --- one row ------------------------------------------------------------------------------

    def parse_row(self, row):
        """The row's values, checked. Raises RowInvalid naming the field."""
        for name in REQUIRED:
            value = _text(row, name) or (_text(row, "co_quan") if name == "co_quan_ban_hanh" else "")
            if name == "so_hieu" and not value and _text(row, "duong_dan"):
                continue  # a document without a known số hiệu is identified by its slug
            if not value:
                raise RowInvalid(name, "thiếu giá trị bắt buộc")
        number = _text(row, "so_hieu")
        if number and (len(number) > 60 or not number_key(number)):
            raise RowInvalid("so_hieu", f"số hiệu không hợp lệ: {number!r}")
        document_type = self.types.get(_text(row, "loai")) or self.types.get(fold(_text(row, "loai")))
        if document_type is None:
            raise RowInvalid("loai", f"không có loại văn bản {_text(row, 'loai')!r}")
        issuer_name = _text(row, "co_quan_ban_hanh") or _text(row, "co_quan")
        issuer = self.issuers.get(issuer_name) or self.issuers.get(fold(issuer_name))
        if issuer is None:
            raise RowInvalid("co_quan_ban_hanh", f"không có cơ quan ban hành {issuer_name!r}")
        values = {
            "number": number,
            "document_type_id": document_type.pk,
            "issuer_id": issuer.pk,
            "title": _text(row, "trich_yeu"),
        }
        # A column the file does not have leaves that attribute as it is (an export imports back unchanged).
        optional = {
            "signer": lambda: _text(row, "nguoi_ky")[:120],
            "signer_title": lambda: _text(row, "chuc_vu_nguoi_ky")[:160],
            "issued_on": lambda: parse_date(_text(row, "ngay_ban_hanh"), "ngay_ban_hanh"),
            "effective_on": lambda: parse_date(_text(row, "ngay_co_hieu_luc"), "ngay_co_hieu_luc"),
            "expires_on": lambda: parse_date(_text(row, "ngay_het_hieu_luc"), "ngay_het_hieu_luc"),
            "full_text": lambda: text_to_html(_text(row, "toan_van")) if _text(row, "toan_van") else "",
        }
        for name, column in COLUMNS.items():
            if column in row:
                values[name] = optional[name]()
        issued, effective, expires = (values.get(name) for name in ("issued_on", "effective_on", "expires_on"))
        starts = effective or issued
        if effective and issued and effective < issued:
            raise RowInvalid("ngay_co_hieu_luc", "ngày có hiệu lực trước ngày ban hành")
        if expires and starts and expires < starts:
            raise RowInvalid("ngay_het_hieu_luc", "ngày hết hiệu lực trước ngày có hiệu lực")
        field_ids = set() if "linh_vuc" in row else None
        for name in filter(None, (part.strip() for part in _text(row, "linh_vuc").split(";"))):
            found = self.fields.get(name) or self.fields.get(fold(name))
            if found is None:
                raise RowInvalid("linh_vuc", f"không có lĩnh vực {name!r}")
            field_ids.add(found.pk)
        relations = self.parse_relations(_text(row, "quan_he"))
        attachment = _text(row, "tep_dinh_kem")
        if attachment and not (self.base_dir / attachment).is_file():
            raise RowInvalid("tep_dinh_kem", f"không tìm thấy tệp {attachment!r}")
        slug = _text(row, "duong_dan")
        return values, field_ids, relations, attachment, slug

    def parse_relations(self, text):
        """ "<relation> <số hiệu or slug>; ..." -> [(relation type, identity, as written)]."""
        relations = []
        for part in filter(None, (piece.strip() for piece in text.split(";"))):
            written_label, _space, reference = part.rpartition(" ")
            label = fold(written_label).strip(" :")
            if label in self.inverse_labels and label not in self.relation_types:
                continue  # the other document's row states this relation
            relation_type = self.relation_types.get(label)
            if relation_type is None or not reference:
                raise RowInvalid("quan_he", f"không đọc được quan hệ {part!r} (dạng: thuc-hien 2393/QĐ-UBND)")
            relations.append((relation_type, reference, reference))
        return relations

    # --- the whole file -----------------------------------------------------------------------

    def run(self, rows, partial=False):
        """Import the rows ((record, line, row) as read_rows gives). A file is all or nothing: on
        any row error nothing is saved (report.saved is False) unless `partial`, when the good rows
        are saved. Either way the saving is one transaction, search index included."""
        report = ImportReport()
        parsed, seen = [], {}
        for record, line, row in rows:
            try:
                values, field_ids, relations, attachment, slug = self.parse_row(row)
            except RowInvalid as exc:
                report.errors.append(RowError(line, exc.field, exc.reason, record))
                self._failed.setdefault(number_key(_text(row, "so_hieu")), line)
                continue
            key = (identity(values["number"], slug), values["issuer_id"])
            if key in seen:
                reason = f"trùng với dòng {seen[key]} (cùng số hiệu và cơ quan)"
                report.errors.append(RowError(line, "so_hieu", reason, record))
                continue
            seen[key] = line
            parsed.append((line, key, values, field_ids, relations, attachment, slug, record))

        existing = self._existing_documents(parsed)
        ready = self._resolve_relations(parsed, existing, report)
        report.errors.sort(key=lambda error: error.line)
        if report.errors and not partial:
            report.saved = False
            return report
        with transaction.atomic():
            self._save(ready, existing, report)
        return report

    def _existing_documents(self, parsed):
        """{(identity, issuer id): document} for the documents of the database this file names (its
        rows and their relations' targets), looked up in batches: never the whole library."""
        number_keys, slugs = set(), set()
        for _line, key, _values, _fields, relations, _attachment, _slug, _record in parsed:
            if key[0].startswith("slug:"):
                slugs.add(key[0][5:])
            else:
                number_keys.add(key[0])
            for _relation_type, reference, _written in relations:
                number_keys.add(number_key(reference))
                slugs.add(reference)
        number_keys.discard("")
        documents = LegalDocument.objects.select_related("document_type", "issuer")
        existing = {}
        for lookup, values in (("number_key__in", sorted(number_keys)), ("slug__in", sorted(slugs))):
            for start in range(0, len(values), LOOKUP_BATCH):
                query = documents.filter(**{lookup: values[start : start + LOOKUP_BATCH]})
                if lookup == "slug__in":
                    query = query.filter(number_key="")
                for document in query:
                    existing[(identity(document.number, document.slug), document.issuer_id)] = document
        return existing

    def _resolve_relations(self, parsed, existing, report):
        """The rows whose relations all point at one document, of the database or of a good row of
        this file; the others become row errors, and so, in turn, do rows that point at them."""
        rows = list(parsed)
        while True:
            keys_by_number = {}
            for number_and_issuer in list(existing) + [item[1] for item in rows]:
                keys_by_number.setdefault(number_and_issuer[0], set()).add(number_and_issuer)
            ready, rejected = [], []
            for item in rows:
                line, key, values, field_ids, relations, attachment, slug, record = item
                problem, resolved = None, []
                for relation_type, reference, written in relations:
                    candidates = (
                        keys_by_number.get(number_key(reference)) or keys_by_number.get(f"slug:{reference}") or set()
                    )
                    if len(candidates) != 1:
                        problem = (
                            f"không tìm thấy văn bản {written}"
                            if not candidates
                            else f"số hiệu {written} không duy nhất"
                        )
                        if not candidates and number_key(reference) in self._failed:
                            problem = f"văn bản {written} ở dòng {self._failed[number_key(reference)]} bị lỗi"
                        break
                    resolved.append((relation_type, next(iter(candidates)), written))
                if problem:
                    report.errors.append(RowError(line, "quan_he", problem, record))
                    rejected.append(item)
                else:
                    ready.append((line, key, values, field_ids, resolved, attachment, slug))
            if not rejected:
                return ready
            for line, key, *_rest in rejected:
                if key not in existing:
                    self._failed.setdefault(key[0], line)
            rejected_lines = {item[0] for item in rejected}
            rows = [item for item in rows if item[0] not in rejected_lines]

    def _save(self, ready, existing, report):
        ids = [document.pk for document in existing.values()]
        existing_fields, existing_relations, attached = {}, {}, set()
        through = LegalDocument.fields.through
        for start in range(0, len(ids), LOOKUP_BATCH):
            chunk = ids[start : start + LOOKUP_BATCH]
            for document_id, field_id in through.objects.filter(legaldocument_id__in=chunk).values_list(
                "legaldocument_id", "legalfield_id"
            ):
                existing_fields.setdefault(document_id, set()).add(field_id)
            relations = DocumentRelation.objects.filter(Q(source_id__in=chunk) | Q(target_id__in=chunk))
            for source_id, relation_type, target_id in relations.values_list("source_id", "relation_type", "target_id"):
                existing_relations.setdefault(source_id, set()).add((relation_type, target_id))
                if relation_type == RelationType.RELATED:  # symmetric: either direction counts as present
                    existing_relations.setdefault(target_id, set()).add((relation_type, source_id))
            attached |= set(
                DocumentAttachment.objects.filter(document_id__in=chunk).values_list("document_id", "file__title")
            )
        taken_slugs = self._taken_slugs(ready, existing)
        types = {t.pk: t for t in DocumentType.objects.all()}
        issuers = {i.pk: i for i in Organisation.objects.all()}
        done, pending = 0, []
        for start in range(0, len(ready), BATCH):
            batch = ready[start : start + BATCH]
            pending += self._save_batch(batch, existing, existing_fields, existing_relations, attached,
                                        taken_slugs, types, issuers, report)  # fmt: skip
            done += len(batch)
            self.progress("rows", done, len(ready))
        # Relations last: a target may be a document of a later batch, which has its key only now.
        new_relations = []
        for document, relations in pending:
            for relation_type, target_key, _written in relations:
                target = existing[target_key]
                pair = (relation_type, target.pk)
                if target.pk != document.pk and pair not in existing_relations.get(document.pk, set()):
                    new_relations.append(
                        DocumentRelation(source_id=document.pk, target_id=target.pk, relation_type=relation_type)
                    )
                    existing_relations.setdefault(document.pk, set()).add(pair)
        DocumentRelation.objects.bulk_create(new_relations, ignore_conflicts=True)
        # Bulk writes send no save signals: bring the search index up to date, in bulk (relations
        # change their targets' validity too).
        from portal.search.indexing import update

        touched = {existing[item[1]].pk for item in ready if item[1] in existing and existing[item[1]].pk}
        touched |= {relation.target_id for relation in new_relations}
        update("documents", touched, progress=lambda done, total: self.progress("index", done, total))

    def _taken_slugs(self, ready, existing):
        """The slugs of the database that the new rows could clash with: their own slugs and the
        slugs made from their type, number and year, with the "-2", "-3"... made from those."""
        wanted, types = set(), {t.pk: t for t in DocumentType.objects.all()}
        for _line, key, values, _fields, _relations, _attachment, slug in ready:
            if key in existing:
                continue
            if slug:
                wanted.add(slug)
            document = LegalDocument(**values)
            document.document_type = types[values["document_type_id"]]
            wanted.add(document.base_slug())
        taken, wanted = set(), sorted(wanted)
        for start in range(0, len(wanted), LOOKUP_BATCH):
            chunk = wanted[start : start + LOOKUP_BATCH]
            taken |= set(LegalDocument.objects.filter(slug__in=chunk).values_list("slug", flat=True))
        for base in sorted(taken):  # a clash, rare: its numbered variants too
            taken |= set(LegalDocument.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
        return taken

    def _save_batch(self, batch, existing, existing_fields, existing_relations, attached, taken_slugs, types,
                    issuers, report):  # fmt: skip
        """Save one batch of documents with their fields and attachments; return the relations to add."""
        to_create, to_update, after = [], [], []
        for _line, key, values, field_ids, relations, attachment, slug in batch:
            document = existing.get(key)
            if document is None:
                document = LegalDocument(live=True, **values)
                field_ids = field_ids or set()
                document.document_type, document.issuer = (
                    types[values["document_type_id"]],
                    issuers[values["issuer_id"]],
                )
                if slug and slug not in taken_slugs:
                    document.slug = slug
                    taken_slugs.add(slug)
                document.prepare(taken_slugs)
                to_create.append(document)
                existing[key] = document
                report.created += 1
                after.append((document, field_ids, relations, attachment, True))
                continue
            changed = [name for name in values if getattr(document, name) != values[name]]
            if changed:
                for name in changed:
                    setattr(document, name, values[name])
                document.document_type, document.issuer = (
                    types[values["document_type_id"]],
                    issuers[values["issuer_id"]],
                )
                document.prepare(taken_slugs)
                to_update.append(document)
            relation_pairs = {(relation_type, existing[target_key].pk) for relation_type, target_key, _w in relations}
            needs_attachment = attachment and (document.pk, Path(attachment).name) not in attached
            if (
                changed
                or (field_ids is not None and existing_fields.get(document.pk, set()) != field_ids)
                or not relation_pairs <= existing_relations.get(document.pk, set())
                or needs_attachment
            ):
                report.updated += 1
                after.append((document, field_ids, relations, attachment if needs_attachment else "", False))
            else:
                report.unchanged += 1
        LegalDocument.objects.bulk_create(to_create)
        if to_update:
            LegalDocument.objects.bulk_update(to_update, SIMPLE_FIELDS + ["number_key", "search_text", "slug"])
        through = LegalDocument.fields.through
        links, pending = [], []
        for document, field_ids, relations, attachment, created in after:
            if field_ids is not None:
                if not created:
                    through.objects.filter(legaldocument_id=document.pk).exclude(legalfield_id__in=field_ids).delete()
                have = existing_fields.setdefault(document.pk, set())
                links += [through(legaldocument_id=document.pk, legalfield_id=f) for f in field_ids - have]
                existing_fields[document.pk] = set(field_ids)
            if relations:
                pending.append((document, relations))
            if attachment:
                self._attach(document, attachment)
                attached.add((document.pk, Path(attachment).name))
        through.objects.bulk_create(links, ignore_conflicts=True)
        return pending

    def _attach(self, document, relative_path):
        path = self.base_dir / relative_path
        stored = get_document_model()(title=path.name)
        with path.open("rb") as handle:
            stored.file.save(path.name, File(handle), save=False)
        stored.save()
        DocumentAttachment.objects.create(document=document, file=stored, title=path.name)
        if path.suffix.lower() == ".pdf":
            text = extract_pdf_text(path)
            if text:
                document.extracted_text = text
                document.prepare()
                LegalDocument.objects.filter(pk=document.pk).update(
                    extracted_text=document.extracted_text, search_text=document.search_text
                )


def extract_pdf_text(path):
    """The text of a PDF, for search; empty when the PDF has none (a scan) or cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        return strip_tags("\n".join(page.extract_text() or "" for page in reader.pages)).strip()
    except (PdfReadError, OSError, ValueError):
        return ""
