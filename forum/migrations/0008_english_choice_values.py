"""Statuses and author types stored in English; their Vietnamese slugs stay public (?trang_thai=).

The status is also copied into the timeline (Event.status) and into the moderation log entries
(ModelLogEntry.data from/to): all are renamed, both ways."""

from django.db import migrations, models

from portal.choice_migrations import rename_choice_values


STATUSES = {
    "cho_duyet": "pending",
    "can_chinh_sua": "changes_requested",
    "tu_choi": "rejected",
    "da_duyet": "approved",
    "dang_xem_xet": "reviewing",
    "da_chuyen": "assigned",
    "da_tra_loi": "answered",
    "da_tiep_thu": "accepted",
    "dang_thuc_hien": "in_progress",
    "da_thuc_hien": "done",
    "khong_tiep_thu": "declined",
    "trung_lap": "duplicate",
}
AUTHOR_TYPES = {"cong_dan": "citizen", "doanh_nghiep": "business", "to_chuc": "organisation"}


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0007_remove_unit"),
    ]

    operations = [
        migrations.AlterField(
            model_name="event",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("pending", "Chờ duyệt"),
                    ("changes_requested", "Cần chỉnh sửa"),
                    ("rejected", "Từ chối"),
                    ("approved", "Đã duyệt"),
                    ("reviewing", "Đang xem xét"),
                    ("assigned", "Đã chuyển đơn vị"),
                    ("answered", "Đã trả lời"),
                    ("accepted", "Đã tiếp thu"),
                    ("in_progress", "Đang thực hiện"),
                    ("done", "Đã thực hiện"),
                    ("declined", "Không tiếp thu"),
                    ("duplicate", "Trùng lặp"),
                ],
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="profile",
            name="author_type",
            field=models.CharField(
                choices=[("citizen", "Người dân"), ("business", "Doanh nghiệp"), ("organisation", "Tổ chức")],
                default="citizen",
                max_length=16,
                verbose_name="viết với tư cách",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="author_type",
            field=models.CharField(
                choices=[("citizen", "Người dân"), ("business", "Doanh nghiệp"), ("organisation", "Tổ chức")],
                default="citizen",
                max_length=16,
                verbose_name="tư cách",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Chờ duyệt"),
                    ("changes_requested", "Cần chỉnh sửa"),
                    ("rejected", "Từ chối"),
                    ("approved", "Đã duyệt"),
                    ("reviewing", "Đang xem xét"),
                    ("assigned", "Đã chuyển đơn vị"),
                    ("answered", "Đã trả lời"),
                    ("accepted", "Đã tiếp thu"),
                    ("in_progress", "Đang thực hiện"),
                    ("done", "Đã thực hiện"),
                    ("declined", "Không tiếp thu"),
                    ("duplicate", "Trùng lặp"),
                ],
                db_index=True,
                default="pending",
                max_length=20,
                verbose_name="trạng thái",
            ),
        ),
        rename_choice_values(
            STATUSES,
            fields=[("forum", "Proposal", "status"), ("forum", "Event", "status")],
            log_entries=[("forum", "proposal", ["from", "to"])],
        ),
        rename_choice_values(
            AUTHOR_TYPES, fields=[("forum", "Proposal", "author_type"), ("forum", "Profile", "author_type")]
        ),
    ]
