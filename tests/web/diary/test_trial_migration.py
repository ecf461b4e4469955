"""Migration diary 0002 keeps every stored trial: a design is the one source of truth.

Runs the migration forward (and back) on a database that holds trials
written before it: one with its design, one from before designs were stored.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from krampe.domain.trial.design import blinded_design, build_design, design_to_dict

BEFORE = [("diary", "0001_initial"), ("accounts", "0001_initial")]
AFTER = [("diary", "0002_trial_design_is_the_source")]
START = dt.date(2025, 1, 6)


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_forward_fills_missing_designs_and_drops_the_copies_backward_restores_them():
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Trial = old.get_model("diary", "Trial")
    user = User.objects.create(username="ole")
    stored = blinded_design(START, 41)
    with_design = Trial.objects.create(
        user=user, kind="blinded", start=START, seed=41, design=design_to_dict(stored)
    )
    without = Trial.objects.create(user=user, kind="open", start=START, seed=None, design={})

    new = _migrate(AFTER)
    Trial = new.get_model("diary", "Trial")
    assert {f.name for f in Trial._meta.get_fields()} >= {"design", "unblinded_at", "active"}
    assert not {"kind", "start", "seed", "threshold"} & {f.name for f in Trial._meta.fields}
    assert Trial.objects.get(pk=with_design.pk).design == design_to_dict(stored)
    assert Trial.objects.get(pk=without.pk).design == design_to_dict(build_design("open", START))

    back = _migrate(BEFORE)
    Trial = back.get_model("diary", "Trial")
    restored = Trial.objects.get(pk=with_design.pk)
    assert (restored.kind, restored.start, restored.seed) == ("blinded", START, 41)
    _migrate(AFTER)  # leave the database as the other tests expect it
