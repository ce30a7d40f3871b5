"""Where a body came from, stored as an identifier (forum_unit) instead of a dotted name (forum.unit)."""

from django.db import migrations, models

from portal.choice_migrations import rename_choice_values


SOURCES = {"forum.unit": "forum_unit", "documents.issuer": "documents_issuer", "kpi.place": "kpi_place"}


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_organisation_roles"),
        ("forum", "0006_units_to_organisations"),
        ("documents", "0006_issuers_to_organisations"),
        ("kpi", "0003_places_to_organisations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisationlegacyid",
            name="source",
            field=models.CharField(
                choices=[
                    ("forum_unit", "Đơn vị trả lời (diễn đàn)"),
                    ("documents_issuer", "Cơ quan ban hành (thư viện văn bản)"),
                    ("kpi_place", "Địa phương (chỉ tiêu)"),
                ],
                max_length=20,
            ),
        ),
        rename_choice_values(SOURCES, fields=[("portal", "OrganisationLegacyId", "source")]),
    ]
