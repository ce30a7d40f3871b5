"""Step two of moving places into the registry of public bodies (see 0003): plans and indicators
point at an Organisation, and the old Place table goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("kpi", "0003_places_to_organisations")]

    operations = [
        migrations.RemoveField(model_name="plan", name="place"),
        migrations.RemoveField(model_name="indicator", name="place"),
        migrations.RenameField(model_name="plan", old_name="organisation", new_name="place"),
        migrations.RenameField(model_name="indicator", old_name="organisation", new_name="place"),
        migrations.AlterField(
            model_name="plan",
            name="place",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="plans",
                to="portal.organisation",
                verbose_name="địa phương",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="place",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="portal.organisation",
                verbose_name="địa phương",
            ),
        ),
        migrations.DeleteModel(name="Place"),
        migrations.AlterModelOptions(
            name="plan",
            options={
                "ordering": ["place__area_name", "place__name", "slug"],
                "verbose_name": "kế hoạch",
                "verbose_name_plural": "các kế hoạch",
            },
        ),
    ]
