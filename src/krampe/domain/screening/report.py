"""A readable text report of a screening result, red flags first."""

from __future__ import annotations

from krampe.domain.screening.engine import ScreeningResult
from krampe.domain.screening.findings import KINDS
from krampe.domain.screening.texts import screening_texts
from krampe.knowledge import loaders


def format_report(result: ScreeningResult) -> str:
    """The result as plain text in the result's language: summary, then findings by kind."""
    texts = screening_texts()
    lang = result.lang

    report = texts.report
    # Symptom and condition codes read as their labels; medicine names stay as typed.
    labels = {s.code: s.label.text(lang) for s in loaders.symptoms()}
    labels |= {c.code: c.label.text(lang) for c in loaders.conditions()}
    lines = [report["heading"].text(lang), ""]
    lines.append(f"{report['result'].text(lang)}: {texts.self_trial[result.self_trial].text(lang)}")
    lines.append(f"  (self_trial = {result.self_trial})")
    if result.resolved_medicines:
        lines.append("")
        lines.append(f"{report['medicines'].text(lang)}:")
        for m in result.resolved_medicines:
            if m.resolved is None:
                shown = report["not_recognised"].text(lang)
            else:
                shown = f"{m.resolved.name} ({m.resolved.atc})"
            lines.append(f"  {m.query} → {shown}")
    if not result.findings:
        lines += ["", report["no_findings"].text(lang)]
    for kind in KINDS:
        group = [f for f in result.findings if f.kind == kind]
        if not group:
            continue
        lines += ["", texts.kind[kind].text(lang).upper(), ""]
        for finding in group:
            severity = texts.severity[finding.severity].text(lang)
            lines.append(f"[{severity}] {finding.title}")
            lines.append(f"  {finding.advice}")
            if finding.triggers:
                shown = ", ".join(labels.get(t, t) for t in finding.triggers)
                lines.append(f"  {report['triggers'].text(lang)}: {shown}")
            if finding.sources:
                lines.append(f"  {report['sources'].text(lang)}: {', '.join(finding.sources)}")
    return "\n".join(lines) + "\n"
