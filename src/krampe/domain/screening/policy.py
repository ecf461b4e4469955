"""What a screening result allows: a supplement plan, and which trials.

The one home of the gating rules; the plan, the diet page and the trial start
all ask here.

- ``urgent``: see a doctor now; no plan and no trial.
- ``see_doctor_first``: no supplement plan; only the stretching trial, which
  needs no supplement.
- ``ok`` and ``ok_with_precautions``: everything.

Before any screening (``None``) the rules of ``ok`` apply: the pages say to
screen first, and the plan without a screening carries no safety claim.
"""

from __future__ import annotations

from krampe.domain.screening.findings import Finding
from krampe.domain.vocab import TRIAL_KINDS, SelfTrial, TrialKind

NO_PLAN_LEVELS: tuple[SelfTrial, ...] = ("urgent", "see_doctor_first")


def supplement_plan_allowed(level: SelfTrial | None) -> bool:
    """Whether a screening level allows a supplement plan (never when a doctor comes first)."""
    return level not in NO_PLAN_LEVELS


def allowed_trial_designs(level: SelfTrial | None) -> tuple[TrialKind, ...]:
    """The trial designs a screening level allows (see the module docstring)."""
    if level == "urgent":
        return ()
    if level == "see_doctor_first":
        return ("stretching",)
    return TRIAL_KINDS


def blocks_plan(finding: Finding) -> bool:
    """True for a finding that sends the person to a doctor before any supplement.

    Urgent findings, red flags and "talk to your doctor before supplements"
    findings, as the screening ranks them.
    """
    return finding.severity == "urgent" or finding.kind in ("red_flag", "consult_before_supplement")
