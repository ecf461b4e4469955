# Typer declares options as parameter defaults; that is its API, not a shared mutable.
# ruff: noqa: B008
"""``krampe diet``: magnesium from the diet, from questionnaire answers or a food log.

Only Typer and the standard library are imported here; the estimate loads
inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from krampe.cli.common import Lang, OutputFormat, echo_json, fail, read_json_file

if TYPE_CHECKING:  # the estimate loads inside the command
    from krampe.domain.diet import DietEstimate

# Chrome of the text report; clinical texts come from the knowledge base.
_TEXT = {
    "da": {
        "intake": "Magnesium fra kosten (skøn): {intake:.0f} mg om dagen",
        "reference": (
            "Din referenceværdi: {ref:.0f} mg om dagen ({system} {kind}, kilde: {source})"
        ),
        "gap": "Der mangler omkring {gap:.0f} mg om dagen.",
        "no_gap": "Du når din referenceværdi.",
        "contributors": "Største kilder:",
        "none": "  (ingen – der er ikke svaret på noget, der giver magnesium)",
        "suggestions": "Hverdagsportioner, der kan dække forskellen (mest magnesium først):",
        "excluded": "Udelukket: {codes}",
        "matched": "Fødevarer læst som:",
    },
    "en": {
        "intake": "Magnesium from your diet (estimate): {intake:.0f} mg a day",
        "reference": (
            "Your reference intake: {ref:.0f} mg a day ({system} {kind}, source: {source})"
        ),
        "gap": "You are about {gap:.0f} mg a day short.",
        "no_gap": "You reach your reference intake.",
        "contributors": "Largest sources:",
        "none": "  (none – nothing answered gives magnesium)",
        "suggestions": "Everyday portions that could close the gap (most magnesium first):",
        "excluded": "Excluded: {codes}",
        "matched": "Foods read as:",
    },
}
TOP_CONTRIBUTORS = 5


def _exclusion_names(lang: Lang) -> dict[str, str]:
    from krampe.knowledge import ffq

    return {e.code: e.label.text(lang) for e in ffq.questionnaire().exclusions}


def _text_report(result: DietEstimate, lang: Lang) -> str:
    t = _TEXT[lang]
    reference = result.reference
    lines = [
        t["intake"].format(intake=result.intake_mg_per_day),
        t["reference"].format(
            ref=result.reference_mg_per_day,
            system=reference.system,
            kind=reference.kind,
            source=result.reference_source,
        ),
        t["gap"].format(gap=result.gap_mg_per_day)
        if round(result.gap_mg_per_day, 1) > 0
        else t["no_gap"],
        "",
        t["contributors"],
    ]
    for c in result.contributors[:TOP_CONTRIBUTORS]:
        lines.append(f"  {c.name.text(lang)}: {c.mg_per_day:.0f} mg ({c.share:.0%})")
    if not result.contributors:
        lines.append(t["none"])
    if result.suggestions:
        lines += ["", t["suggestions"]]
        for s in result.suggestions:
            lines.append(f"  - {s.text(lang)}")
            if s.note is not None:
                lines.append(f"    {s.note.text(lang)}")
    if result.exclusions:
        names = _exclusion_names(lang)
        shown = ", ".join(names.get(code, code) for code in result.exclusions)
        lines += ["", t["excluded"].format(codes=shown)]
    if result.matches:
        lines += ["", t["matched"]]
        for m in result.matches:
            lines.append(f"  {m.query} → {m.name.text(lang)}")
    lines.append("")
    for note in result.notes:
        lines.append(f"* {note.text.text(lang)} [{', '.join(note.sources)}]")
    return "\n".join(lines) + "\n"


def diet_command(
    answers: Path = typer.Argument(
        ...,
        metavar="ANSWERS.json",
        help="Questionnaire answers or a food log as JSON (see docs/diet.md); - for stdin.",
    ),
    lang: Lang = typer.Option("da", "--lang", help="Language of names and notes: da or en."),
    output: OutputFormat = typer.Option(
        "json", "--format", "-f", help="Output: json or text (a short report)."
    ),
) -> None:
    """Estimate magnesium from the diet against your reference intake, and what closes a gap."""
    from krampe.domain.diet import DietError, estimate

    data = read_json_file(answers, "ANSWERS", "a JSON answers file", "docs/diet.md")
    try:
        result = estimate(data, lang)
    except DietError as exc:
        raise fail(str(exc)) from None
    if output == "json":
        echo_json(result.to_dict(lang))
    else:
        typer.echo(_text_report(result, lang), nl=False)


def register(app: typer.Typer) -> None:
    app.command("diet")(diet_command)
