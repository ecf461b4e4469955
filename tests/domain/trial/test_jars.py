"""Jar labels and how many capsules go in each jar, from the plan."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from krampe.domain.trial.design import SealedDesignError, reveal_design
from krampe.domain.trial.jars import SPARE_NIGHTS, fill_plan, jar_labels
from krampe.domain.trial.running import start_trial

TODAY = dt.date(2026, 3, 10)


def test_labels_name_period_dates_and_jar_and_need_no_allocation() -> None:
    new = start_trial("blinded", TODAY, TODAY)
    labels = jar_labels(new.design)
    assert [label.code for label in labels] == ["1A", "1B", "2A", "2B", "3A", "3B"]
    assert labels[2].period == 3 and labels[2].start == TODAY + dt.timedelta(days=42)
    assert all(label.nights == 21 for label in labels)  # 7 run-in + 14 counted


def test_a_jar_holds_the_nights_times_capsules_a_night_plus_spare() -> None:
    new = start_trial("blinded", TODAY, TODAY)
    assert new.allocation is not None
    design = reveal_design(new.design, new.allocation)
    one = fill_plan(design, [200.0], [2.0])
    assert SPARE_NIGHTS == 2
    assert {j.capsules for j in one.jars} == {(21 + 2) * 2}
    assert one.tablets_for(next(j for j in one.jars if j.content == "magnesium")) == 46
    assert one.tablets_for(next(j for j in one.jars if j.content == "placebo")) is None
    split = fill_plan(
        dataclasses.replace(design, params={**design.params, "capsules_per_dose": 1}),
        [100.0, 100.0],
        [1.0, 1.0],
    )
    assert split.capsules_per_night == 2 and {j.capsules for j in split.jars} == {46}
    with pytest.raises(SealedDesignError):
        fill_plan(new.design, [200.0], [2.0])
