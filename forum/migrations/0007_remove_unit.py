"""Step two of moving units into the registry of public bodies (see 0005): responders, proposals and
answers point at an Organisation, and the old Unit table goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("forum", "0006_units_to_organisations")]

    operations = [
        migrations.RemoveField(model_name="responder", name="unit"),
        migrations.RemoveField(model_name="proposal", name="unit"),
        migrations.RemoveField(model_name="answer", name="unit"),
        migrations.RenameField(model_name="responder", old_name="organisation", new_name="unit"),
        migrations.RenameField(model_name="proposal", old_name="organisation", new_name="unit"),
        migrations.RenameField(model_name="answer", old_name="organisation", new_name="unit"),
        migrations.AlterField(
            model_name="responder",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="responders",
                to="portal.organisation",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterField(
            model_name="proposal",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals",
                to="portal.organisation",
                verbose_name="đơn vị xử lý",
            ),
        ),
        migrations.AlterField(
            model_name="answer",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="answers", to="portal.organisation"
            ),
        ),
        migrations.DeleteModel(name="Unit"),
    ]
