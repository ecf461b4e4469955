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


@pytest.fixture(autouse=True)
def _latest_after():  # type: ignore[no-untyped-def]
    """Every app back at its latest migration after each test, passed or failed: the
    other tests in this process (and the flush of a transactional test) expect them."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    _migrate(executor.loader.graph.leaf_nodes())


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


SEALED = [("diary", "0003_sealed_allocation_helper_links")]


@pytest.mark.django_db(transaction=True)
def test_forward_seals_a_blind_trial_keeping_its_order_and_backward_restores_a_seed():
    from krampe.domain.trial.design import design_from_dict, reveal_design, unblind
    from krampe.domain.trial.sealing import allocation_from_dict

    # The accounts as they were then too (its later migrations add required fields).
    old = _migrate([*AFTER, ("accounts", "0001_initial")])
    User = old.get_model("accounts", "User")
    Trial = old.get_model("diary", "Trial")
    user = User.objects.create(username="ole")
    stored = blinded_design(START, 41)
    blind = Trial.objects.create(user=user, design=design_to_dict(stored))
    done = Trial.objects.create(
        user=user,
        design=design_to_dict(blinded_design(START, 7)),
        unblinded_at=dt.datetime(2025, 4, 1, tzinfo=dt.UTC),
    )

    new = _migrate(SEALED)
    Trial = new.get_model("diary", "Trial")
    SealedAllocation = new.get_model("diary", "SealedAllocation")
    sealed = Trial.objects.get(pk=blind.pk).design
    assert sealed["seed"] is None and {p["phase"] for p in sealed["periods"]} == {None}
    record = SealedAllocation.objects.get(trial_id=blind.pk)
    revealed = reveal_design(design_from_dict(sealed), allocation_from_dict(record.allocation))
    assert unblind(revealed) == unblind(stored)  # the order the trial began with
    assert Trial.objects.get(pk=done.pk).design == design_to_dict(blinded_design(START, 7))
    assert not SealedAllocation.objects.filter(trial_id=done.pk).exists()

    back = _migrate(AFTER)
    Trial = back.get_model("diary", "Trial")
    restored = design_from_dict(Trial.objects.get(pk=blind.pk).design)
    assert restored.seed is not None and unblind(restored) == unblind(stored)
    _migrate(SEALED)
