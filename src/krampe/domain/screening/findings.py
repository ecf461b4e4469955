"""What the screening found: one :class:`Finding` per reason, and the summary order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from krampe.domain.vocab import (
    FINDING_KINDS,
    SELF_TRIAL_LEVELS,
    SEVERITIES,
    FindingKind,
    SelfTrial,
    Severity,
)

# Kinds in the order a person should read them.
KINDS = FINDING_KINDS
# ok < ok_with_precautions < see_doctor_first < urgent
SELF_TRIAL_ORDER = SELF_TRIAL_LEVELS
__all__ = [
    "KINDS",
    "SELF_TRIAL_ORDER",
    "SEVERITIES",
    "Finding",
    "ordered",
    "self_trial_level",
    "summarise",
]


@dataclass(frozen=True)
class Finding:
    """One reason to act, with its texts in the requested language.

    ``triggers`` are the symptom codes, condition codes, medicine names (as the
    person typed them) or profile fields (``egfr``, ``kidney_disease``,
    ``heart_disease``, ``preeclampsia``, ``pregnant_weeks``,
    ``breastfeeding``, ``age``) that caused it. ``atc`` is set for findings
    about a medicine. Interaction findings also carry the rule's hours.
    """

    kind: FindingKind
    code: str
    severity: Severity
    triggers: tuple[str, ...]
    atc: str | None
    title: str
    advice: str
    sources: tuple[str, ...]
    med_before_mg_h: float | None = None
    med_after_mg_h: float | None = None
    candidates: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown finding kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; rule hours and candidates only where they apply."""
        out: dict[str, Any] = {
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "triggers": list(self.triggers),
            "atc": self.atc,
            "title": self.title,
            "advice": self.advice,
            "sources": list(self.sources),
        }
        if self.kind == "interaction":
            out["med_before_mg_h"] = self.med_before_mg_h
            out["med_after_mg_h"] = self.med_after_mg_h
        if self.kind == "unknown_medicine":
            out["candidates"] = list(self.candidates)
        return out


def self_trial_level(finding: Finding) -> SelfTrial:
    """What one finding means for trying magnesium on one's own.

    Urgent red flags stop everything; other red flags and every "talk to your
    doctor before supplements" finding send the person to a doctor first.
    Spacing rules, cramp-provoking medicines, cautions and unrecognised
    medicines (ask the pharmacist) allow a trial with precautions. Info
    findings change nothing.
    """
    if finding.severity == "urgent":
        return "urgent"
    if finding.kind in ("red_flag", "consult_before_supplement"):
        return "see_doctor_first"
    if finding.severity in ("soon", "consult", "caution"):
        return "ok_with_precautions"
    return "ok"


def summarise(findings: tuple[Finding, ...]) -> SelfTrial:
    """The most severe ``self_trial`` level any finding asks for."""
    levels = [SELF_TRIAL_ORDER.index(self_trial_level(f)) for f in findings]
    return SELF_TRIAL_ORDER[max(levels, default=0)]


def ordered(findings: list[Finding]) -> tuple[Finding, ...]:
    """Red flags first (urgent before soon), then consult, interactions, provoking,
    deficiency, info; the person's own order within each group."""
    indexed = list(enumerate(findings))
    indexed.sort(
        key=lambda pair: (
            KINDS.index(pair[1].kind),
            SEVERITIES.index(pair[1].severity),
            pair[0],
        )
    )
    return tuple(f for _, f in indexed)
