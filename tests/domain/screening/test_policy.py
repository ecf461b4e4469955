"""What a screening level allows: a supplement plan, and which trials."""

from __future__ import annotations

import pytest

from krampe.domain.screening.findings import Finding
from krampe.domain.screening.policy import (
    allowed_trial_designs,
    blocks_plan,
    supplement_plan_allowed,
)


@pytest.mark.parametrize(
    ("level", "designs", "plan"),
    [
        ("urgent", (), False),
        ("see_doctor_first", ("stretching",), False),
        ("ok_with_precautions", ("open", "blinded", "stretching"), True),
        ("ok", ("open", "blinded", "stretching"), True),
        (None, ("open", "blinded", "stretching"), True),
    ],
)
def test_the_screening_decides_plans_and_trials(level, designs, plan) -> None:  # type: ignore[no-untyped-def]
    assert allowed_trial_designs(level) == designs
    assert supplement_plan_allowed(level) is plan


def test_red_flags_consult_findings_and_urgent_findings_block_a_plan() -> None:
    def finding(kind, severity):  # type: ignore[no-untyped-def]
        return Finding(kind, "c", severity, (), None, "t", "a", ())

    assert blocks_plan(finding("red_flag", "soon"))
    assert blocks_plan(finding("consult_before_supplement", "consult"))
    assert blocks_plan(finding("info", "urgent"))
    assert not blocks_plan(finding("interaction", "caution"))
