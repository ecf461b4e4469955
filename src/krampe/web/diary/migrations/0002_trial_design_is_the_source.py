"""A trial's design is its one source of truth: kind, start and seed are read from it.

Before: ``Trial`` stored kind, start and seed next to the design JSON (which
holds them too), and a threshold no one could set. A row whose design is
still empty (written before designs were stored) gets the design its kind,
start and seed gave, with the default lengths the calendar used for it; then
the four columns go. Backwards, they are filled in again from the design.
"""

import datetime as dt

from django.db import migrations, models


def fill_designs(apps, schema_editor):
    from krampe.domain.trial.design import build_design, design_to_dict

    Trial = apps.get_model("diary", "Trial")
    for trial in Trial.objects.filter(design={}):
        seed = trial.seed if trial.kind == "blinded" else None
        trial.design = design_to_dict(build_design(trial.kind, trial.start, seed))
        trial.save(update_fields=["design"])


def fill_columns(apps, schema_editor):
    Trial = apps.get_model("diary", "Trial")
    for trial in Trial.objects.all():
        design = trial.design or {}
        trial.kind = design.get("design", "")
        trial.start = dt.date.fromisoformat(design["start"]) if design.get("start") else None
        trial.seed = design.get("seed")
        trial.save(update_fields=["kind", "start", "seed"])


class Migration(migrations.Migration):
    dependencies = [
        ("diary", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(fill_designs, migrations.RunPython.noop),
        # Nullable first, so that going back can add the column before filling it.
        migrations.AlterField(
            model_name="trial", name="start", field=models.DateField(null=True, blank=True)
        ),
        migrations.AlterField(
            model_name="trial",
            name="kind",
            field=models.CharField(max_length=16, blank=True, default=""),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_columns),
        migrations.RemoveField(model_name="trial", name="kind"),
        migrations.RemoveField(model_name="trial", name="start"),
        migrations.RemoveField(model_name="trial", name="seed"),
        migrations.RemoveField(model_name="trial", name="threshold"),
        migrations.AlterField(
            model_name="night",
            name="side_effect",
            field=models.CharField(
                choices=[
                    ("none", "none"),
                    ("loose_stools", "loose_stools"),
                    ("diarrhea", "diarrhea"),
                    ("nausea", "nausea"),
                    ("other", "other"),
                ],
                default="none",
                max_length=16,
            ),
        ),
    ]
