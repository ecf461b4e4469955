"""Blinded trials are sealed: the allocation moves out of the person's design.

Before: a blinded trial's design held its seed and every period's content, so
the allocation followed from what the person's own pages and export held.
After: the design holds the seal (a hash per pair and the commitment) and no
seed or content; the allocation, with fresh salts per pair, is in the new
``SealedAllocation`` row. A trial that is still blind keeps its order; its
commitment dates from this migration (``seal.sealed_on``), not from the start.
A trial already unblinded is left as it is. Helper links, the blinding check
and the reminders' resume date are new and start empty.

Backwards, a sealed trial's design gets its content back, with the smallest
seed that reproduces its order (the old format recomputes the order from it).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def seal_blind_trials(apps, schema_editor):
    from krampe.domain.trial.design import DesignError, design_from_dict, design_to_dict, seal_design

    Trial = apps.get_model("diary", "Trial")
    SealedAllocation = apps.get_model("diary", "SealedAllocation")
    today = timezone.localdate()
    for trial in Trial.objects.filter(unblinded_at__isnull=True):
        if (trial.design or {}).get("design") != "blinded" or "seal" in trial.design:
            continue
        try:
            sealed, allocation = seal_design(design_from_dict(trial.design), today)
        except DesignError:
            continue  # a design that no longer reads stays as it is; the pages say so
        SealedAllocation.objects.create(trial=trial, allocation=allocation.to_dict())
        trial.design = design_to_dict(sealed)
        trial.save(update_fields=["design"])


def _seed_for(orders):
    from krampe.domain.trial.design import blinded_order

    seed = 0
    while blinded_order(seed, len(orders)) != orders:
        seed += 1
    return seed


def unseal_trials(apps, schema_editor):
    from dataclasses import replace

    from krampe.domain.trial.design import design_from_dict, design_to_dict, reveal_design
    from krampe.domain.trial.sealing import allocation_from_dict

    Trial = apps.get_model("diary", "Trial")
    SealedAllocation = apps.get_model("diary", "SealedAllocation")
    for record in SealedAllocation.objects.all():
        trial = Trial.objects.get(pk=record.trial_id)
        design = design_from_dict(trial.design)
        if design.sealed:
            design = reveal_design(design, allocation_from_dict(record.allocation))
        orders = [(a.first, a.second) for a in design.seal.revealed] if design.seal else []
        if not orders:
            continue
        trial.design = design_to_dict(replace(design, seal=None, seed=_seed_for(orders)))
        trial.save(update_fields=["design"])


class Migration(migrations.Migration):

    dependencies = [
        ('diary', '0002_trial_design_is_the_source'),
    ]

    operations = [
        migrations.AddField(
            model_name='trial',
            name='blinding_check',
            field=models.JSONField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='trial',
            name='reminders_resumed_through',
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='HelperLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('secret_hash', models.CharField(max_length=64, unique=True)),
                ('code_hash', models.CharField(max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('trial', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='helper_links', to='diary.trial')),
            ],
        ),
        migrations.CreateModel(
            name='SealedAllocation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('allocation', models.JSONField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('trial', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='sealed', to='diary.trial')),
            ],
        ),
        migrations.RunPython(seal_blind_trials, unseal_trials),
    ]
