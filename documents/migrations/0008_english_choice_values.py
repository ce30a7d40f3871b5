"""Relation types and validity overrides stored in English, in rows and in the documents' revisions;
their Vietnamese slugs stay public (?hieu-luc=, the import format)."""

from django.db import migrations, models

from portal.choice_migrations import rename_choice_values


RELATION_TYPES = {
    "can-cu": "based_on",
    "thuc-hien": "implements",
    "thay-the": "replaces",
    "sua-doi-bo-sung": "amends",
    "bai-bo": "repeals",
    "huong-dan": "guides",
    "dinh-chinh": "corrects",
    "hop-nhat": "consolidates",
    "lien-quan": "related",
}
VALIDITY = {
    "con-hieu-luc": "in_force",
    "het-hieu-luc-mot-phan": "partly_ended",
    "het-hieu-luc-toan-bo": "ended",
    "chua-co-hieu-luc": "not_yet",
    "chua-xac-dinh": "unknown",
}


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0007_remove_issuer"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documentrelation",
            name="relation_type",
            field=models.CharField(
                choices=[
                    ("based_on", "Căn cứ"),
                    ("implements", "Thực hiện"),
                    ("replaces", "Thay thế"),
                    ("amends", "Sửa đổi, bổ sung"),
                    ("repeals", "Bãi bỏ"),
                    ("guides", "Hướng dẫn"),
                    ("corrects", "Đính chính"),
                    ("consolidates", "Hợp nhất"),
                    ("related", "Liên quan"),
                ],
                max_length=20,
                verbose_name="quan hệ",
            ),
        ),
        migrations.AlterField(
            model_name="legaldocument",
            name="status_override",
            field=models.CharField(
                blank=True,
                choices=[
                    ("in_force", "Còn hiệu lực"),
                    ("partly_ended", "Hết hiệu lực một phần"),
                    ("ended", "Hết hiệu lực toàn bộ"),
                    ("not_yet", "Chưa có hiệu lực"),
                    ("unknown", "Chưa xác định"),
                ],
                help_text="Chỉ dùng khi tình trạng tính từ ngày tháng và quan hệ không đúng; phải ghi lý do.",
                max_length=30,
                verbose_name="xác định tình trạng thủ công",
            ),
        ),
        rename_choice_values(
            RELATION_TYPES,
            fields=[("documents", "DocumentRelation", "relation_type")],
            revisions=[("documents", "legaldocument", "relations.relation_type")],
        ),
        rename_choice_values(
            VALIDITY,
            fields=[("documents", "LegalDocument", "status_override")],
            revisions=[("documents", "legaldocument", "status_override")],
        ),
    ]
