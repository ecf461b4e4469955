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

from collections.abc import Sequence
from dataclasses import dataclass

from krampe.domain.screening.findings import Finding
from krampe.domain.screening.texts import screening_texts
from krampe.domain.vocab import TRIAL_KINDS, Lang, SelfTrial, TrialKind

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


@dataclass(frozen=True)
class SafetyPause:
    """An urgent finding pauses the running trial and stops every reminder.

    ``findings`` are the urgent findings; ``help_title`` and ``help`` say how
    to get help in Denmark (112, the own doctor, 1813 or lægevagten), with
    ``sources``. The pause lasts as long as the findings do: when the answers
    change, it is gone (nothing is stored).
    """

    findings: tuple[Finding, ...]
    help_title: str
    help: str
    sources: tuple[str, ...]

    @property
    def titles(self) -> tuple[str, ...]:
        return tuple(f.title for f in self.findings)


def safety_pause(findings: Sequence[Finding], lang: Lang) -> SafetyPause | None:
    """The one rule for pausing: any urgent finding pauses the trial and the reminders.

    Every shell asks here: the overview's banner, the plan, the calendar feed
    and .ics, push reminders, the trial status and the doctor summary; and a
    check of a night's answers can pass its own findings. None: nothing urgent.
    """
    urgent = tuple(f for f in findings if f.severity == "urgent")
    if not urgent:
        return None
    entry = screening_texts().findings["urgent_help"]
    assert entry.title is not None and entry.advice is not None
    return SafetyPause(urgent, entry.title.text(lang), entry.advice.text(lang), entry.sources)
