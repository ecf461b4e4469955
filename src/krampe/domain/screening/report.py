"""How a screening result reads: findings grouped by kind, triggers by name, and the
plain-text report of ``krampe screen``. The web page groups and names them the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from krampe.domain.labels import label
from krampe.domain.screening.engine import ScreeningResult
from krampe.domain.screening.findings import Finding
from krampe.domain.screening.texts import screening_texts
from krampe.domain.vocab import FINDING_KINDS, PROFILE_FIELDS, FindingKind, Lang
from krampe.knowledge import loaders


def findings_by_kind(findings: Sequence[Finding]) -> list[tuple[FindingKind, tuple[Finding, ...]]]:
    """The findings grouped by kind, red flags first; kinds without a finding left out."""
    groups = [(kind, tuple(f for f in findings if f.kind == kind)) for kind in FINDING_KINDS]
    return [(kind, group) for kind, group in groups if group]


def trigger_label(trigger: str, lang: Lang) -> str:
    """What caused a finding, as a person reads it.

    Symptom and condition codes read as their knowledge-base labels, profile
    fields as their names; a medicine stays as the person typed it.
    """
    for symptom in loaders.symptoms():
        if symptom.code == trigger:
            return symptom.label.text(lang)
    for condition in loaders.conditions():
        if condition.code == trigger:
            return condition.label.text(lang)
    if trigger in PROFILE_FIELDS:
        return label("profile_field", trigger, lang)
    return trigger


def unchecked_headline(result: ScreeningResult) -> str | None:
    """ "2 of your medicines could not be checked: ..." when a name was not resolved, else None.

    Shown above the ``self_trial`` summary, so "you can try magnesium" is never the
    whole answer while medicines went unchecked.
    """
    names = result.unchecked_medicines
    if not names:
        return None
    report = screening_texts().report
    entry = report["unchecked_one"] if len(names) == 1 else report["unchecked_many"]
    return entry.text(result.lang).format(n=len(names), names=", ".join(names))


def format_report(result: ScreeningResult) -> str:
    """The result as plain text in the result's language: summary, then findings by kind."""
    texts = screening_texts()
    lang = result.lang
    report = texts.report
    lines = [report["heading"].text(lang), ""]
    lines.append(f"{report['result'].text(lang)}: {label('self_trial', result.self_trial, lang)}")
    lines.append(f"  (self_trial = {result.self_trial})")
    unchecked = unchecked_headline(result)
    if unchecked is not None:
        lines.append(unchecked)
    if result.resolved_medicines:
        lines.append("")
        lines.append(f"{report['medicines'].text(lang)}:")
        for m in result.resolved_medicines:
            if m.resolved is None:
                shown = report["not_checked"].text(lang)
            else:
                shown = f"{m.resolved.name} ({m.resolved.atc})"
            lines.append(f"  {m.query} → {shown}")
    if not result.findings:
        lines += ["", report["no_findings"].text(lang)]
    for kind, group in findings_by_kind(result.findings):
        lines += ["", label("finding_kind", kind, lang).upper(), ""]
        for finding in group:
            lines.append(f"[{label('severity', finding.severity, lang)}] {finding.title}")
            lines.append(f"  {finding.advice}")
            if finding.triggers:
                shown = ", ".join(trigger_label(t, lang) for t in finding.triggers)
                lines.append(f"  {report['triggers'].text(lang)}: {shown}")
            if finding.sources:
                lines.append(f"  {report['sources'].text(lang)}: {', '.join(finding.sources)}")
    return "\n".join(lines) + "\n"
