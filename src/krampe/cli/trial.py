# Typer declares options as parameter defaults; that is its API, not a shared mutable.
# ruff: noqa: B008
"""Personal trial commands: ``krampe trial design|plan``, ``krampe simulate``, ``krampe analyze``.

Only Typer and the standard library are imported here; the trial engine,
numpy and matplotlib load inside the commands.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from krampe.cli.common import Lang, OutputFormat, TrialKind, fail

if TYPE_CHECKING:  # the trial engine (numpy) loads inside the commands
    from krampe.domain.trial.design import Design

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
        "reserve": "Only if the trial is extended (krampe trial extend), one pair at a time:",
        "reserve_fill": "Jar {pair}{jar}: {content}",
        "seed": "Seed {seed}. Unblind after the last period with: krampe analyze --design FILE",
        "outside": (
            "Note: a trial logged in Krampe starts between {earliest} and {latest}; "
            "this design is a plan only."
        ),
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
        "reserve": "Kun hvis forsøget forlænges (krampe trial extend), ét par ad gangen:",
        "reserve_fill": "Glas {pair}{jar}: {content}",
        "seed": (
            "Frø (seed) {seed}. Afblind efter sidste periode med: krampe analyze --design FIL"
        ),
        "outside": (
            "Bemærk: et forsøg, der registreres i Krampe, starter mellem {earliest} og "
            "{latest}; denne plan er kun en plan."
        ),
    },
}


def _design_text(design: Any, lang: Lang) -> str:
    from krampe.domain.formats import format_date
    from krampe.domain.labels import label
    from krampe.domain.trial.design import allocation_sheet

    t = _SHEET_TEXT[lang]
    lines = [t["title"].format(design=label("trial_kind", design.kind, lang)), ""]
    for p in design.periods:
        line = t["period"].format(
            index=p.index,
            start=format_date(p.start, "SHORT_DATE_FORMAT", lang),
            end=format_date(p.end, "SHORT_DATE_FORMAT", lang),
            nights=p.nights,
            run_in=p.run_in_nights,
        )
        if design.kind == "blinded":
            line += t["jar"].format(pair=p.pair, jar=p.jar)
        else:
            line += f": {label('phase', p.phase, lang)}"
        lines.append(line)
    if design.kind == "blinded":
        lines += ["", "-" * 72, t["fold"], "-" * 72, "", t["sheet"], ""]
        for row in allocation_sheet(design):
            content = label("phase", row.content, lang)
            lines.append(
                t["fill"].format(
                    pair=row.pair,
                    jar=row.jar,
                    index=row.period,
                    start=format_date(row.start, "SHORT_DATE_FORMAT", lang),
                    end=format_date(row.end, "SHORT_DATE_FORMAT", lang),
                    content=content,
                )
            )
        if design.reserve:
            lines += ["", t["reserve"]]
            for pair, order in enumerate(design.reserve, start=design.pairs + 1):
                lines += [
                    t["reserve_fill"].format(pair=pair, jar=jar, content=label("phase", c, lang))
                    for jar, c in zip("AB", order, strict=True)
                ]
        lines += ["", t["seed"].format(seed=design.seed)]
    return "\n".join(lines)


def date_option(value: str | None, option: str) -> dt.date:
    """A date option (default today); exit 2 naming the option when it is not a date."""
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def parse_start(start: str | None) -> dt.date:
    """``--start`` as a date (default today)."""
    return date_option(start, "--start")


def trial_design(
    kind: TrialKind, start: dt.date, seed: int | None, lang: Lang, run_in: int = 7
) -> Design:
    """The design of a trial of ``kind`` from ``start``, as a new trial gets it.

    A blinded design without ``--seed`` draws a new one (printed with the
    design). A start outside the window a trial logged in Krampe may start in
    is allowed here, since a design can be planned or reproduced for any
    date, but the command says so on standard error.
    """
    from krampe.domain.trial.design import DesignError
    from krampe.domain.trial.running import TrialStartError, check_trial_start, design_for

    try:
        check_trial_start(start, dt.date.today(), kind)
    except TrialStartError:
        earliest, latest = _start_window(kind, lang)
        typer.echo(_SHEET_TEXT[lang]["outside"].format(earliest=earliest, latest=latest), err=True)
    try:
        return design_for(kind, start, seed, run_in)
    except DesignError as exc:
        raise fail(f"--run-in: {exc}" if "run_in" in str(exc) else str(exc)) from None


def _start_window(kind: TrialKind = "open", lang: Lang = "en") -> tuple[str, str]:
    from krampe.domain.formats import format_date
    from krampe.domain.trial.running import start_window

    earliest, latest = start_window(dt.date.today(), kind)
    return format_date(earliest, "SHORT_DATE_FORMAT", lang), format_date(
        latest, "SHORT_DATE_FORMAT", lang
    )


@trial_app.command("design")
def design_command(
    design: TrialKind = typer.Option(..., "--design", help="open, blinded or stretching."),
    start: str | None = typer.Option(None, "--start", help="First night, YYYY-MM-DD."),
    seed: int | None = typer.Option(
        None, "--seed", min=0, help="Seed of the blinded order; random and printed if omitted."
    ),
    run_in: int = typer.Option(
        7, "--run-in", help="Run-in (washout) nights after each switch, 7 to 14."
    ),
    output: OutputFormat = typer.Option("text", "--format"),
    lang: Lang = typer.Option("da", "--lang"),
) -> None:
    """Print a trial plan; for the blinded design also the allocation sheet."""
    built = trial_design(design, parse_start(start), seed, lang, run_in)
    _print_design(built, output, lang)


def _print_design(design: Any, output: OutputFormat, lang: Lang) -> None:
    from krampe.domain.trial.design import design_to_dict

    if output == "json":
        typer.echo(json.dumps(design_to_dict(design), ensure_ascii=False, indent=2))
    else:
        typer.echo(_design_text(design, lang))


def _read_design(design_file: Path) -> Any:
    from krampe.domain.trial.design import DesignError, design_from_dict

    try:
        design = design_from_dict(json.loads(design_file.read_text(encoding="utf-8")))
    except OSError as exc:
        raise fail(f"--design: cannot read {design_file} ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise fail(f"--design: {design_file} is not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise fail(
            f"--design: {design_file} is not JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except DesignError as exc:
        raise fail(f"--design: {exc}") from None
    if design.sealed:
        raise fail(
            f"--design: {design_file} is a sealed blinded trial: it holds no allocation "
            "until the trial is unblinded in Krampe; export it again after that"
        )
    return design


def _read_diaries(paths: list[Path], today: dt.date) -> list[tuple[Path, Any]]:
    """Read and check every diary; on any problem print them all and exit 2."""
    from krampe.domain.trial.diary import DiaryError, decode_diary, parse_diary

    parsed = []
    problems = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(f"{path}: cannot read ({exc.strerror})")
            continue
        try:
            decoded = decode_diary(data, source=str(path))
            diary = parse_diary(decoded.text, source=str(path), today=today)
        except DiaryError as exc:
            problems.append(str(exc))
            continue
        for warning in (*decoded.warnings, *diary.warnings):
            typer.echo(f"Warning: {path}: {warning}", err=True)
        parsed.append((path, diary.nights))
    if problems:
        typer.echo("Error: nothing was analysed; fix these rows first:", err=True)
        for problem in problems:
            typer.echo(problem, err=True)
        raise typer.Exit(2)
    return parsed


def _today(today: str | None) -> dt.date:
    return date_option(today, "--today")


@trial_app.command("extend")
def extend_command(
    diary: Path = typer.Argument(..., help="The trial's diary CSV."),
    design_file: Path = typer.Option(..., "--design", help="The blinded design JSON."),
    today: str | None = typer.Option(None, "--today", help="Today, YYYY-MM-DD (default: today)."),
    threshold: float = typer.Option(0.5, "--threshold", min=0.05, max=0.95),
    output: OutputFormat = typer.Option("json", "--format"),
    lang: Lang = typer.Option("da", "--lang"),
) -> None:
    """Add a pair of periods to a finished blinded trial whose pairs so far are inconclusive.

    Run it before `krampe analyze --design` (the unblinding): it looks at the
    pairs so far and says only whether a pair may be added, never the result.
    Prints the extended design (save it over the old file); the new pair is
    the next one of the reserve on the allocation sheet printed at the start.
    """
    from krampe.domain.trial.analysis import AnalysisError
    from krampe.domain.trial.design import DesignError
    from krampe.domain.trial.extension import extend_design
    from krampe.domain.trial.running import RunningTrial
    from krampe.domain.trial.verdict import Thresholds

    design = _read_design(design_file)
    day = _today(today)
    ((_path, nights),) = _read_diaries([diary], day)
    try:
        longer = extend_design(
            RunningTrial(design), nights, day, thresholds=Thresholds(threshold=threshold)
        )
    except (AnalysisError, DesignError) as exc:
        raise fail(str(exc)) from None
    _print_design(longer, output, lang)


@trial_app.command("baseline")
def baseline_command(
    diary: Path = typer.Argument(..., help="The trial's diary CSV."),
    design_file: Path = typer.Option(..., "--design", help="The open-label design JSON."),
    today: str | None = typer.Option(None, "--today", help="Today, YYYY-MM-DD (default: today)."),
    extend: bool = typer.Option(
        False, "--extend", help="Print the design with the baseline extended by the shortfall."
    ),
    output: OutputFormat = typer.Option("text", "--format"),
    lang: Lang = typer.Option("da", "--lang"),
) -> None:
    """Will the baseline have enough nights? Says so before magnesium starts."""
    from dataclasses import asdict

    from krampe.domain.trial.baseline import baseline_status, baseline_text, extend_baseline
    from krampe.domain.trial.design import DesignError

    design = _read_design(design_file)
    day = _today(today)
    ((_path, nights),) = _read_diaries([diary], day)
    status = baseline_status(design, nights, day)
    if status is None:
        raise fail("--design: only an open-label or stretching design has a baseline")
    if extend:
        if status.code != "short":
            raise fail(f"the baseline is {status.code.replace('_', ' ')}; nothing to extend")
        try:
            _print_design(extend_baseline(design, status.extend_by, day), output, lang)
        except DesignError as exc:
            raise fail(str(exc)) from None
        return
    if output == "json":
        data = asdict(status)
        data["baseline_end"] = status.baseline_end.isoformat()
        typer.echo(json.dumps(data))
        return
    text = baseline_text(status, lang)
    typer.echo(text[:-1] + _EXTEND_HINT + "." if status.code == "short" else text)


# The command that extends the baseline, after the domain's "extend the baseline by ...".
_EXTEND_HINT = " (krampe trial baseline --extend)"


@trial_app.command("plan")
def plan_command(
    baseline_rate: float = typer.Option(
        1.2, "--baseline-rate", min=0.05, max=20.0, help="Your cramps per night now."
    ),
    trials: int = typer.Option(
        50, "--trials", min=10, max=5000, help="Simulated trials per row (each takes ~0.1–1 s)."
    ),
    seed: int = typer.Option(0, "--seed", min=0),
    threshold: float = typer.Option(0.5, "--threshold", min=0.05, max=0.95),
    scenario: str = typer.Option(
        "both", "--scenario", help="expected, pessimistic or both (default)."
    ),
    output: OutputFormat = typer.Option("text", "--format"),
) -> None:
    """Chance of the right verdict for each design at true reductions of 0, 25 and 50 %.

    Right means a positive verdict when there is a real reduction and
    no_meaningful_effect when there is none. The pessimistic scenario adds
    carry-over, quiet nights left unlogged and large weekly swings.
    """
    from krampe.domain.trial.power import SCENARIOS, plan
    from krampe.domain.trial.verdict import POSITIVE_VERDICTS, Thresholds

    if scenario not in (*SCENARIOS, "both"):
        raise fail(f"--scenario: '{scenario}' is not one of {', '.join(SCENARIOS)}, both")
    rows = plan(
        ("open", "blinded"),
        baseline_rate=baseline_rate,
        trials=trials,
        seed=seed,
        thresholds=Thresholds(threshold=threshold),
        scenarios=SCENARIOS if scenario == "both" else (scenario,),
    )
    if output == "json":
        for row in rows:
            extended = row.correct_extended
            typer.echo(
                json.dumps(
                    {
                        "design": row.design,
                        "true_reduction": row.true_reduction,
                        "trials": row.trials,
                        "p_clear_verdict": round(row.clear, 4),
                        "verdicts": row.verdicts,
                        "scenario": row.scenario,
                        "p_correct_verdict": round(row.correct, 4),
                        "verdicts_extended": row.verdicts_extended,
                        "p_correct_extended": None if extended is None else round(extended, 4),
                    }
                )
            )
        return
    typer.echo(
        f"{'scenario':<12} {'design':<9} {'true reduction':>14} {'correct':>7} "
        f"{'+ pairs':>7} {'positive':>8} {'no effect':>9}"
    )
    for row in rows:
        positive = sum(v for k, v in row.verdicts.items() if k in POSITIVE_VERDICTS)
        more = "" if row.correct_extended is None else f"{row.correct_extended:.0%}"
        typer.echo(
            f"{row.scenario:<12} {row.design:<9} {row.true_reduction:>14.0%} {row.correct:>7.0%} "
            f"{more:>7} {positive:>8.0%} "
            f"{row.verdicts.get('no_meaningful_effect', 0):>9.0%}"
        )


def simulate_command(
    design: TrialKind = typer.Option(..., "--design", help="open, blinded or stretching."),
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

    built = build_design(design, parse_start(start), seed=seed)
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
        "ratio": "rate ratio {median} (95% CrI {lo}–{hi}), "
        "P(any reduction) {p_any}, P(reduction ≥ {threshold}) {p_resp}",
        "verdict": "verdict: {verdict}",
        "command": "command",
        "sensitivity": "without the first counted week after each magnesium→placebo switch: "
        "rate ratio {median} ({lo}–{hi})",
    },
    "da": {
        "nights": "nætter: {nights}; mangler {missing}",
        "ratio": "rateforhold {median} (95\u00a0% troværdighedsinterval {lo}–{hi}), "
        "P(nogen nedgang) {p_any}, P(nedgang ≥ {threshold}) {p_resp}",
        "verdict": "konklusion: {verdict}",
        "command": "kommando",
        "sensitivity": "uden den første talte uge efter hvert skift fra magnesium til placebo: "
        "rateforhold {median} ({lo}–{hi})",
    },
}


def _text_report(name: str, result: Any, lang: Lang) -> str:
    from krampe.domain.labels import label
    from krampe.domain.trial.texts import decimal, percent
    from krampe.domain.vocab import PHASES

    t = _REPORT_TEXT[lang]
    lines = [f"{name}: {label('comparison', result.comparison, lang)}"]
    nights = ", ".join(
        f"{label('phase', phase, lang)} {result.nights[phase]}"
        for phase in PHASES
        if phase in result.nights
    )
    lines.append("  " + t["nights"].format(nights=nights, missing=result.missing_nights))
    if result.rate_ratio is not None:
        median, low, high = result.rate_ratio
        lines.append(
            "  "
            + t["ratio"].format(
                median=decimal(median, lang),
                lo=decimal(low, lang),
                hi=decimal(high, lang),
                p_any=decimal(result.p_any_reduction or 0.0, lang),
                threshold=percent(result.thresholds.threshold, lang),
                p_resp=decimal(result.p_responder or 0.0, lang),
            )
        )
    lines.append("  " + t["verdict"].format(verdict=label("verdict", result.verdict, lang)))
    lines.insert(1, f"  {result.summary(lang)}")
    lines.append(f"  {result.explanation(lang)}")
    lines.append(f"  → {result.next_step(lang)}")
    command = _NEXT_STEP_COMMANDS.get(result.next_step_code)
    if command:
        lines.append(f"    {t['command']}: {command}")
    again = result.sensitivity.posterior if result.sensitivity is not None else None
    if again is not None:
        low, high = again.interval(0.95)
        lines.append(
            "  "
            + t["sensitivity"].format(
                median=decimal(again.median, lang), lo=decimal(low, lang), hi=decimal(high, lang)
            )
        )
    lines.extend(f"  ! {caveat}" for caveat in result.caveats(lang))
    return "\n".join(lines)


# The CLI's way to take a next step that the web offers as a button or link.
_NEXT_STEP_COMMANDS = {
    "start_blinded_trial": "krampe trial design --design blinded",
    "start_new_trial": "krampe trial design --design blinded",
}


def analyze_command(
    diaries: list[Path] = typer.Argument(..., help="Diary CSV files, analysed in order."),
    design_file: Path | None = typer.Option(
        None, "--design", help="Design JSON from `krampe trial design --format json`."
    ),
    threshold: float = typer.Option(
        0.5, "--threshold", help="Responder threshold: reduction from 0.05 to 0.95."
    ),
    lang: Lang = typer.Option("da", "--lang"),
    output: OutputFormat = typer.Option("text", "--format"),
    plot: Path | None = typer.Option(
        None, "--plot", help="Write a chart (.svg or .png); numbered when several diaries."
    ),
) -> None:
    """Analyse diaries: rate ratio, probabilities, verdict and next step.

    Every file is checked first; if any has a bad row, the errors are printed
    with line and column and nothing is analysed (exit status 2).
    """
    from krampe.domain.trial.analysis import AnalysisError, analyze_nights
    from krampe.domain.trial.running import RunningTrial
    from krampe.domain.trial.verdict import Thresholds

    if not 0.05 <= threshold <= 0.95:
        raise fail(f"--threshold: {threshold} is outside 0.05–0.95 (0.5 means 50% fewer)")
    fmt = None
    if plot is not None:
        fmt = plot.suffix.lower().lstrip(".")
        if fmt not in ("svg", "png"):
            raise fail(f"--plot: '{plot}' must end in .svg or .png")
    design = _read_design(design_file) if design_file is not None else None
    if design is not None:
        # With a blinded design, the analysis is the unblinding: only after the last night.
        running = RunningTrial(design)
        if running.blind and not running.can_unblind(dt.date.today()):
            raise fail(
                f"--design: the blinded trial ends on the night of {design.end.isoformat()}; "
                "unblinding waits for the last night"
            )
    parsed = _read_diaries(diaries, dt.date.today())

    thresholds = Thresholds(threshold=threshold)
    for index, (path, nights) in enumerate(parsed):
        try:
            result = analyze_nights(nights, design, thresholds)
        except AnalysisError as exc:
            raise fail(f"{path}: {exc}") from None
        if output == "json":
            typer.echo(json.dumps({"file": str(path), **result.to_dict(lang)}, ensure_ascii=False))
        else:
            typer.echo(_text_report(str(path), result, lang))
        if plot is not None and fmt is not None:
            from krampe.domain.trial.charts import result_chart

            shown = nights
            if design is not None:
                from krampe.domain.trial.design import apply_design

                shown = apply_design(nights, design)
            _plot_path(plot, index, len(parsed)).write_bytes(result_chart(shown, result, fmt, lang))


def register(app: typer.Typer) -> None:
    """Add the trial group and the top-level simulate and analyze commands."""
    app.add_typer(trial_app, name="trial")
    app.command("simulate")(simulate_command)
    app.command("analyze")(analyze_command)
