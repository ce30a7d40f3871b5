"""Step two of moving issuers into the registry of public bodies (see 0005): the document's issuer
is now an Organisation, and the old Issuer table goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0006_issuers_to_organisations"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="legaldocument", name="unique_number_per_issuer"),
        migrations.RemoveField(model_name="legaldocument", name="issuer"),
        migrations.RenameField(model_name="legaldocument", old_name="organisation", new_name="issuer"),
        migrations.AlterField(
            model_name="legaldocument",
            name="issuer",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="documents",
                to="portal.organisation",
                verbose_name="cơ quan ban hành",
            ),
        ),
        migrations.AddConstraint(
            model_name="legaldocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("number_key", ""), _negated=True),
                fields=("number_key", "issuer"),
                name="unique_number_per_issuer",
            ),
        ),
        migrations.DeleteModel(name="Issuer"),
    ]
