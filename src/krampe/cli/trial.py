# Typer declares options as parameter defaults; that is its API, not a shared mutable.
# ruff: noqa: B008
"""Personal trial commands: ``krampe trial design|plan``, ``krampe simulate``, ``krampe analyze``.

Only Typer and the standard library are imported here; the trial engine,
numpy and matplotlib load inside the commands.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sys
from pathlib import Path
from typing import Any

import typer

from krampe.cli.common import DesignKind, Lang, OutputFormat, fail

trial_app = typer.Typer(
    help="Plan a personal trial of magnesium or stretching.", no_args_is_help=True
)


_SHEET_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "title": "Trial plan: {design}",
        "period": "Period {index}: {start} to {end} ({nights} nights, first {run_in} run-in)",
        "jar": ", capsules from jar {pair}{jar}",
        "sheet": "ALLOCATION SHEET: for the person who fills the jars only",
        "fold": "Fold here. The person in the trial must not read below this line.",
        "fill": "Jar {pair}{jar} (period {index}, {start} to {end}): {content}",
        "seed": "Seed {seed}. Unblind after the last period with: krampe analyze --design FILE",
        "designs": {
            "open": "open-label magnesium",
            "blinded": "blinded crossover, magnesium against placebo",
            "stretching": "open-label stretching",
        },
        "phases": {
            "baseline": "baseline",
            "magnesium": "magnesium",
            "placebo": "placebo",
            "stretching": "stretching",
            "capsules": "capsules",
        },
    },
    "da": {
        "title": "Forsøgsplan: {design}",
        "period": (
            "Periode {index}: {start} til {end} ({nights} nætter, de første {run_in} er indkøring)"
        ),
        "jar": ", kapsler fra glas {pair}{jar}",
        "sheet": "FORDELINGSARK: kun til den, der fylder glassene",
        "fold": "Fold her. Den, der er med i forsøget, må ikke læse under denne linje.",
        "fill": "Glas {pair}{jar} (periode {index}, {start} til {end}): {content}",
        "seed": (
            "Frø (seed) {seed}. Afblind efter sidste periode med: krampe analyze --design FIL"
        ),
        "designs": {
            "open": "åbent forsøg med magnesium",
            "blinded": "blindet overkrydsningsforsøg, magnesium mod placebo",
            "stretching": "åbent forsøg med udstrækning",
        },
        "phases": {
            "baseline": "før",
            "magnesium": "MAGNESIUM",
            "placebo": "PLACEBO",
            "stretching": "udstrækning",
            "capsules": "kapsler",
        },
    },
}


def _design_text(design: Any, lang: str) -> str:
    from krampe.domain.trial.design import allocation_sheet

    t = _SHEET_TEXT[lang]
    lines = [t["title"].format(design=t["designs"][design.kind]), ""]
    for p in design.periods:
        line = t["period"].format(
            index=p.index,
            start=p.start.isoformat(),
            end=p.end.isoformat(),
            nights=p.nights,
            run_in=p.run_in_nights,
        )
        if design.kind == "blinded":
            line += t["jar"].format(pair=p.pair, jar=p.jar)
        else:
            line += f": {t['phases'][p.phase]}"
        lines.append(line)
    if design.kind == "blinded":
        lines += ["", "-" * 72, t["fold"], "-" * 72, "", t["sheet"], ""]
        for row in allocation_sheet(design):
            content = t["phases"][row.content]
            lines.append(
                t["fill"].format(
                    pair=row.pair,
                    jar=row.jar,
                    index=row.period,
                    start=row.start.isoformat(),
                    end=row.end.isoformat(),
                    content=content,
                )
            )
        lines += ["", t["seed"].format(seed=design.seed)]
    return "\n".join(lines)


def _parse_start(start: str | None) -> dt.date:
    if start is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(start)
    except ValueError:
        raise fail(f"--start: '{start}' is not a date (YYYY-MM-DD)") from None


@trial_app.command("design")
def design_command(
    design: DesignKind = typer.Option(..., "--design", help="open, blinded or stretching."),
    start: str | None = typer.Option(None, "--start", help="First night, YYYY-MM-DD."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, help="Seed of the blinded order; random and printed if omitted."
    ),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format"),
    lang: Lang = typer.Option(Lang.da, "--lang"),
) -> None:
    """Print a trial plan; for the blinded design also the allocation sheet."""
    from krampe.domain.trial.design import DesignError, build_design, design_to_dict

    first = _parse_start(start)
    if design is DesignKind.blinded and seed is None:
        seed = secrets.randbelow(2**31)
    try:
        built = build_design(design.value, first, seed=seed)
    except DesignError as exc:
        raise fail(str(exc)) from None
    if output is OutputFormat.json:
        typer.echo(json.dumps(design_to_dict(built), ensure_ascii=False, indent=2))
    else:
        typer.echo(_design_text(built, lang.value))


@trial_app.command("plan")
def plan_command(
    baseline_rate: float = typer.Option(
        1.2, "--baseline-rate", min=0.05, max=20.0, help="Your cramps per night now."
    ),
    trials: int = typer.Option(200, "--trials", min=10, max=5000),
    seed: int = typer.Option(0, "--seed", min=0),
    threshold: float = typer.Option(0.5, "--threshold", min=0.05, max=0.95),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format"),
) -> None:
    """Chance that each design reaches a clear verdict at true reductions of 0, 25, 50 %."""
    from krampe.domain.trial.power import plan
    from krampe.domain.trial.verdict import Thresholds

    rows = plan(
        ("open", "blinded"),
        baseline_rate=baseline_rate,
        trials=trials,
        seed=seed,
        thresholds=Thresholds(threshold=threshold),
    )
    if output is OutputFormat.json:
        for row in rows:
            typer.echo(
                json.dumps(
                    {
                        "design": row.design,
                        "true_reduction": row.true_reduction,
                        "trials": row.trials,
                        "p_clear_verdict": round(row.clear, 4),
                        "verdicts": row.verdicts,
                    }
                )
            )
        return
    typer.echo(
        f"{'design':<9} {'true reduction':>14} {'clear':>6} {'responder':>9} {'no effect':>9}"
    )
    for row in rows:
        typer.echo(
            f"{row.design:<9} {row.true_reduction:>14.0%} {row.clear:>6.0%} "
            f"{row.verdicts.get('responder', 0):>9.0%} "
            f"{row.verdicts.get('no_meaningful_effect', 0):>9.0%}"
        )


def simulate_command(
    design: DesignKind = typer.Option(..., "--design", help="open, blinded or stretching."),
    true_ratio: float = typer.Option(
        ..., "--true-ratio", min=0.05, max=5.0, help="Real effect on the cramp rate (1 = none)."
    ),
    baseline_rate: float = typer.Option(1.2, "--baseline-rate", min=0.05, max=20.0),
    seed: int = typer.Option(0, "--seed", min=0),
    start: str = typer.Option("2025-01-06", "--start", help="First night, YYYY-MM-DD."),
) -> None:
    """Print a realistic simulated diary CSV (placebo response, autocorrelation included)."""
    from krampe.domain.trial.design import build_design
    from krampe.domain.trial.diary import format_diary_csv
    from krampe.domain.trial.simulate import SimulationSettings, simulate_diary

    built = build_design(design.value, _parse_start(start), seed=seed)
    nights = simulate_diary(
        built, true_ratio, seed, SimulationSettings(baseline_rate=baseline_rate)
    )
    sys.stdout.write(format_diary_csv(nights))


def _plot_path(plot: Path, index: int, total: int) -> Path:
    if total == 1:
        return plot
    return plot.with_name(f"{plot.stem}-{index + 1}{plot.suffix}")


_REPORT_TEXT = {
    "en": {
        "nights": "nights: {nights}; missing {missing}",
        "ratio": "rate ratio {median:.2f} (95 % CrI {lo:.2f}–{hi:.2f}), "
        "P(any reduction) {p_any:.2f}, P(reduction ≥ {threshold:.0%}) {p_resp:.2f}",
        "verdict": "verdict: {verdict}",
    },
    "da": {
        "nights": "nætter: {nights}; mangler {missing}",
        "ratio": "rateforhold {median:.2f} (95 % troværdighedsinterval {lo:.2f}–{hi:.2f}), "
        "P(nogen nedgang) {p_any:.2f}, P(nedgang ≥ {threshold:.0%}) {p_resp:.2f}",
        "verdict": "konklusion: {verdict}",
    },
}


def _text_report(name: str, result: Any, lang: str) -> str:
    data = result.to_dict(lang)
    t = _REPORT_TEXT[lang]
    lines = [f"{name}: {data['comparison']}"]
    nights = ", ".join(f"{k} {v}" for k, v in sorted(data["nights"].items()))
    lines.append("  " + t["nights"].format(nights=nights, missing=data["missing_nights"]))
    if data["rate_ratio"] is not None:
        rr = data["rate_ratio"]
        lines.append(
            "  "
            + t["ratio"].format(
                median=rr["median"],
                lo=rr["ci95"][0],
                hi=rr["ci95"][1],
                p_any=data["p_any_reduction"],
                threshold=data["threshold"],
                p_resp=data["p_responder"],
            )
        )
    lines.append("  " + t["verdict"].format(verdict=data["verdict"]))
    lines.append(f"  {data['explanation']}")
    lines.append(f"  → {data['next_step']}")
    lines.extend(f"  ! {caveat}" for caveat in data["caveats"])
    return "\n".join(lines)


def analyze_command(
    diaries: list[Path] = typer.Argument(..., help="Diary CSV files, analysed in order."),
    design_file: Path | None = typer.Option(
        None, "--design", help="Design JSON from `krampe trial design --format json`."
    ),
    threshold: float = typer.Option(
        0.5, "--threshold", help="Responder threshold: reduction from 0.05 to 0.95."
    ),
    lang: Lang = typer.Option(Lang.da, "--lang"),
    output: OutputFormat = typer.Option(OutputFormat.text, "--format"),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a chart (.svg or .png); numbered when several diaries."
    ),
) -> None:
    """Analyse diaries: rate ratio, probabilities, verdict and next step.

    Every file is checked first; if any has a bad row, the errors are printed
    with line and column and nothing is analysed (exit status 2).
    """
    from krampe.domain.trial.analysis import AnalysisError, analyze_nights
    from krampe.domain.trial.design import DesignError, design_from_dict
    from krampe.domain.trial.diary import DiaryError, parse_diary_csv
    from krampe.domain.trial.verdict import Thresholds

    if not 0.05 <= threshold <= 0.95:
        raise fail(f"--threshold: {threshold} is outside 0.05–0.95 (0.5 means 50 % fewer)")
    fmt = None
    if plot is not None:
        fmt = plot.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png"):
            raise fail(f"--plot: '{plot}' must end in .svg or .png")
    design = None
    if design_file is not None:
        try:
            design = design_from_dict(json.loads(design_file.read_text(encoding="utf-8")))
        except OSError as exc:
            raise fail(f"--design: cannot read {design_file} ({exc.strerror})") from None
        except json.JSONDecodeError as exc:
            raise fail(f"--design: {design_file} is not JSON (line {exc.lineno})") from None
        except DesignError as exc:
            raise fail(f"--design: {exc}") from None

    parsed = []
    problems = []
    for path in diaries:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            problems.append(f"{path}: cannot read ({exc.strerror})")
            continue
        try:
            parsed.append((path, parse_diary_csv(text, source=str(path))))
        except DiaryError as exc:
            problems.append(str(exc))
    if problems:
        typer.echo("Error: nothing was analysed; fix these rows first:", err=True)
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2)

    thresholds = Thresholds(threshold=threshold)
    for index, (path, nights) in enumerate(parsed):
        try:
            result = analyze_nights(nights, design, thresholds)
        except AnalysisError as exc:
            raise fail(f"{path}: {exc}") from None
        if output is OutputFormat.json:
            typer.echo(
                json.dumps({"file": str(path), **result.to_dict(lang.value)}, ensure_ascii=False)
            )
        else:
            typer.echo(_text_report(str(path), result, lang.value))
        if plot is not None and fmt is not None:
            from krampe.domain.trial.charts import result_chart

            shown = nights
            if design is not None:
                from krampe.domain.trial.design import apply_design

                shown = apply_design(nights, design)
            _plot_path(plot, index, len(parsed)).write_bytes(
                result_chart(shown, result, fmt, lang.value)
            )


def register(app: typer.Typer) -> None:
    """Add the trial group and the top-level simulate and analyze commands."""
    app.add_typer(trial_app, name="trial")
    app.command("simulate")(simulate_command)
    app.command("analyze")(analyze_command)
