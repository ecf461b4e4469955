# Typer declares options as parameter defaults; that is its API, not a shared mutable.
# ruff: noqa: B008
"""``krampe screen`` and ``krampe medicine``: the safety screening from the command line.

Only Typer and the standard library are imported here; the screening loads
inside the commands.
"""

from __future__ import annotations

from pathlib import Path

import typer

from krampe.cli.common import Lang, OutputFormat, echo_json, fail, read_profile


def screen_command(
    profile: Path = typer.Argument(
        ..., metavar="PROFILE", help="The profile as JSON (see docs/screening.md); - for stdin."
    ),
    lang: Lang = typer.Option("da", "--lang", help="Language of titles and advice: da or en."),
    output: OutputFormat = typer.Option(
        "text", "--format", "-f", help="Output: text (a report) or json."
    ),
) -> None:
    """Screen a profile before a magnesium self-trial: red flags, medicines, kidneys, heart."""
    from krampe.domain.screening import format_report, screen

    parsed, _plan = read_profile(profile)
    result = screen(parsed, lang)
    if output == "json":
        echo_json(result.to_dict())
    else:
        typer.echo(format_report(result), nl=False)


def medicine_command(
    name: str = typer.Argument(..., help="A brand or substance name, or an ATC code."),
    output: OutputFormat = typer.Option("text", "--format", "-f", help="Output: text or json."),
    lang: Lang = typer.Option("da", "--lang", help="Language of medicine names: da or en."),
) -> None:
    """Look up a medicine name the way the screening reads it (typos and æ/ø/å allowed)."""
    from krampe.domain.labels import label
    from krampe.domain.screening import resolve_medicine

    if not name.strip():
        raise fail("NAME: empty; allowed: a brand or substance name, or an ATC code")
    resolution = resolve_medicine(name, lang)
    if output == "json":
        echo_json(resolution.to_dict())
        return
    resolved = resolution.resolved
    if resolved is not None:
        how = label("medicine_match", resolved.match, lang)
        typer.echo(f"{name} → {resolved.name} ({resolved.atc}) [{how}]")
        for component in resolved.components:
            typer.echo(f"  + {component.name} ({component.atc})")
    else:
        typer.echo(f"{name} → ?")
    for candidate in resolution.candidates:
        if resolved is not None and candidate.medicine_id == resolved.medicine_id:
            continue
        typer.echo(f"  {candidate.name} ({candidate.atc}) {candidate.score:.0f}")


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_command)
    app.command("medicine")(medicine_command)
