"""Pillars stored in English: indicators, their revisions, and the KPI block (kpi/blocks.py) in every
StreamField of every page and in the pages' revisions, whichever app the page belongs to."""

from django.db import migrations, models

from portal.choice_migrations import rename_choice_values


PILLARS = {
    "chinh-quyen-so": "government",
    "kinh-te-so": "economy",
    "xa-hoi-so": "society",
    "ha-tang-so": "infrastructure",
    "an-toan-thong-tin": "security",
    "chu-de-nam": "theme",
}


class Migration(migrations.Migration):
    dependencies = [
        ("kpi", "0004_remove_place"),
        ("home", "0007_english_choice_values"),
        ("news", "0006_english_choice_values"),
        ("portal", "0008_english_choice_values"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="pillar",
            field=models.CharField(
                choices=[
                    ("government", "Chính quyền số"),
                    ("economy", "Kinh tế số"),
                    ("society", "Xã hội số"),
                    ("infrastructure", "Hạ tầng số"),
                    ("security", "An toàn thông tin"),
                    ("theme", "Chủ đề của năm"),
                ],
                max_length=30,
                verbose_name="trụ cột",
            ),
        ),
        rename_choice_values(
            PILLARS,
            fields=[("kpi", "Indicator", "pillar")],
            revisions=[("kpi", "indicator", "pillar")],
            stream_blocks=[("kpi", "pillar")],
        ),
    ]
