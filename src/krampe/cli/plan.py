# Typer declares options as parameter defaults; that is its API, not a shared mutable.
# ruff: noqa: B008
"""``krampe plan`` and ``krampe schedule``: the supplement plan and its daily times.

Only Typer and the standard library are imported here; the plan, the
screening and the knowledge base load inside the commands.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from krampe.cli.common import Lang, OutputFormat, TrialKind, echo_json, fail, read_profile

if TYPE_CHECKING:  # the plan loads inside the commands
    from krampe.domain.plan.medicines import MedicineEntry, PlanMedicine

# Keys a profile file may hold under "plan" (the screening profile forbids unknown keys).
PLAN_KEYS: dict[str, type | tuple[type, ...]] = {
    "sensitive_stomach": bool,
    "constipation": bool,
    "tight_budget": bool,
    "loose_stools": bool,
    "tolerated_single_mg": (int, float),
    "doctor_prescribed_mg": (int, float),
    "start_mg": (int, float),
    "scored": bool,
    "medicine_times": dict,
    "wake": str,
    "bed": str,
}


def _check_section(section: dict[str, Any]) -> dict[str, Any]:
    """Check the fields of the profile's optional "plan" object."""
    for key, value in section.items():
        if key not in PLAN_KEYS:
            raise fail(f"plan.{key}: unknown field; allowed fields: {', '.join(PLAN_KEYS)}")
        wanted = PLAN_KEYS[key]
        if (isinstance(value, bool) and wanted is not bool) or not isinstance(value, wanted):
            kind = wanted.__name__ if isinstance(wanted, type) else "number"
            raise fail(f"plan.{key}: must be a {kind}, got {value!r}")
    return section


def _time(value: str, field: str) -> int:
    from krampe.domain.plan.schedule import ScheduleError, parse_time

    try:
        return parse_time(value, field)
    except ScheduleError as exc:
        raise fail(str(exc)) from None


def _med_entries(specs: list[str]) -> list[MedicineEntry]:
    """``--med NAME@HH:MM[,HH:MM]`` options as plan medicine entries."""
    from krampe.domain.plan.medicines import MedicineEntry
    from krampe.domain.plan.schedule import ScheduleError, parse_med

    out = []
    for spec in specs:
        try:
            name, times = parse_med(spec, "--med")
        except ScheduleError as exc:
            raise fail(str(exc)) from None
        out.append(MedicineEntry(name, times, "--med"))
    return out


def _section_entries(section: dict[str, Any]) -> list[MedicineEntry]:
    """The profile's ``plan.medicine_times`` as plan medicine entries."""
    from krampe.domain.plan.medicines import MedicineEntry

    out = []
    for name, value in section.get("medicine_times", {}).items():
        field = f"plan.medicine_times.{name}"
        specs = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in specs):
            raise fail(f"{field}: must be a time HH:MM or a list of times")
        out.append(MedicineEntry(name, tuple(sorted({_time(t, field) for t in specs})), field))
    return out


def _require_known(medicines: Iterable[PlanMedicine]) -> None:
    """``krampe schedule`` needs every medicine known: an unknown name exits 2."""
    for medicine in medicines:
        if medicine.recognised:
            continue
        hint = ", ".join(f"{c.name} ({c.atc})" for c in medicine.resolution.candidates)
        allowed = f"did you mean: {hint}" if hint else "a brand, substance name or ATC code"
        raise fail(f"{medicine.field}: unknown medicine {medicine.name!r}; {allowed}")


def plan_command(
    profile: Path = typer.Argument(
        ..., metavar="PROFILE", help="The profile as JSON (see docs/plan.md); - for stdin."
    ),
    product: str | None = typer.Option(
        None, "--product", help="Magnesium form or form id: citrate, bisglycinate, oxide, ..."
    ),
    elemental_mg: float | None = typer.Option(
        None, "--elemental-mg", help="Elemental magnesium per tablet from the label (wins)."
    ),
    compound_mg: float | None = typer.Option(
        None, "--compound-mg", help="Compound (salt) per tablet; converted with the form."
    ),
    scored: bool = typer.Option(False, "--scored", help="The tablet is scored: halves allowed."),
    wake: str | None = typer.Option(None, "--wake", help="Wake time HH:MM (default 07:00)."),
    bed: str | None = typer.Option(None, "--bed", help="Bedtime HH:MM (default 23:00)."),
    med: list[str] = typer.Option(
        [], "--med", help='Medicine dose times, e.g. "Eltroxin@07:00"; repeat for more.'
    ),
    dose_mg: float | None = typer.Option(
        None, "--dose-mg", help="Daily elemental mg to start with (default 200; capped at 250)."
    ),
    doctor_mg: float | None = typer.Option(
        None,
        "--doctor-mg",
        help="Daily mg a doctor prescribed (may exceed 250: doctor-supervised).",
    ),
    start: str | None = typer.Option(
        None, "--start", help="First baseline night YYYY-MM-DD (default today)."
    ),
    design: TrialKind = typer.Option(
        "open", "--design", help="Trial calendar: open, blinded or stretching."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed of a blinded allocation."),
    lang: Lang = typer.Option("da", "--lang", help="Language: da or en."),
    output: OutputFormat = typer.Option("text", "--format", "-f", help="Output: text or json."),
    ics: Path | None = typer.Option(None, "--ics", help="Write reminders to this .ics file."),
) -> None:
    """Make a supplement plan: product, tablets, times around medicines, trial calendar."""
    from krampe.cli.plan_text import plan_text, written_text
    from krampe.cli.trial import parse_start, trial_design
    from krampe.domain.plan.dose import DEFAULT_START_MG, DoseOptions, PlanInputError
    from krampe.domain.plan.journey import (
        DEFAULT_BED,
        DEFAULT_WAKE,
        PlanInputs,
        PlanPreferences,
        plan_for,
    )
    from krampe.domain.plan.reminders import reminders_ics
    from krampe.domain.plan.schedule import ScheduleError

    parsed, raw_section = read_profile(profile)
    section = _check_section(raw_section)
    given_wake = wake or section.get("wake")
    given_bed = bed or section.get("bed")
    if product and elemental_mg is None and compound_mg is None:
        raise fail("--elemental-mg: give the label's --elemental-mg or --compound-mg per tablet")
    preferences = PlanPreferences(
        product=product,
        elemental_mg=elemental_mg,
        compound_mg=compound_mg,
        scored=scored or bool(section.get("scored")),
        dose=DoseOptions(
            start_mg=float(dose_mg or section.get("start_mg") or DEFAULT_START_MG),
            doctor_prescribed_mg=doctor_mg or section.get("doctor_prescribed_mg"),
            loose_stools=bool(section.get("loose_stools")),
            tolerated_single_mg=section.get("tolerated_single_mg"),
            sensitive_stomach=bool(section.get("sensitive_stomach")),
            constipation=bool(section.get("constipation")),
            tight_budget=bool(section.get("tight_budget")),
        ),
    )
    inputs = PlanInputs(
        profile=parsed,
        preferences=preferences,
        wake=_time(given_wake, "--wake") if given_wake else DEFAULT_WAKE,
        bed=_time(given_bed, "--bed") if given_bed else DEFAULT_BED,
        times_assumed=given_wake is None and given_bed is None,
        medicines=[*_section_entries(section), *_med_entries(med)],
        trial=trial_design(design, parse_start(start), seed, lang),
        lang=lang,
    )
    try:
        plan = plan_for(inputs)
    except (PlanInputError, ScheduleError) as exc:
        raise fail(str(exc)) from None
    if plan.request.product_problem is not None:
        raise fail(f"--{plan.request.product_problem}")

    out = plan.to_dict()
    if ics is not None and (plan.has_plan or plan.pause is not None):
        body = reminders_ics(plan, dt.datetime.now(dt.UTC))
        try:
            ics.write_bytes(body)
        except OSError as exc:
            raise fail(f"--ics: cannot write {str(ics)!r} ({exc})") from None
        out["ics"] = str(ics)
    if output == "json":
        echo_json(out)
    else:
        typer.echo(plan_text(plan), nl=False)
        if "ics" in out:
            typer.echo(written_text(out["ics"], lang))


def schedule_command(
    wake: str = typer.Option(..., "--wake", help="Wake time HH:MM."),
    bed: str = typer.Option(..., "--bed", help="Bedtime HH:MM."),
    dose_mg: int = typer.Option(..., "--dose-mg", help="Daily elemental magnesium in mg."),
    med: list[str] = typer.Option(
        [], "--med", help='A medicine and its dose times, e.g. "Ciproxin@08:00,20:00".'
    ),
    doses: int = typer.Option(1, "--doses", help="Number of magnesium doses a day: 1 or 2."),
    prefer: str | None = typer.Option(
        None, "--prefer", help="Preferred (evening) time HH:MM (default 1.5 h before bed)."
    ),
    lang: Lang = typer.Option("da", "--lang", help="Language of the advice: da or en."),
    output: OutputFormat = typer.Option("json", "--format", "-f", help="Output: json or text."),
) -> None:
    """Find magnesium times that keep every spacing rule with your medicines."""
    from krampe.cli.plan_text import schedule_text
    from krampe.domain.plan.build import ScheduleView
    from krampe.domain.plan.dose import DoseAmount
    from krampe.domain.plan.medicines import resolve_plan_medicines
    from krampe.domain.plan.schedule import ScheduleError, find_times, make_window, split_mg

    wake_min = _time(wake, "--wake")
    bed_min = _time(bed, "--bed")
    if dose_mg < 1:
        raise fail(f"--dose-mg: must be a whole number of mg above 0, got {dose_mg}")
    if doses not in (1, 2):
        raise fail(f"--doses: must be 1 or 2, got {doses}")
    preferred = None if prefer is None else _time(prefer, "--prefer")
    medicines = resolve_plan_medicines(_med_entries(med), lang=lang)
    _require_known(medicines)
    try:
        window = make_window(wake_min, bed_min)
    except ScheduleError as exc:
        raise fail(f"--{exc}") from None
    result = find_times(window, [m.doses() for m in medicines], doses, preferred=preferred)
    amounts = tuple(DoseAmount(mg) for mg in split_mg(dose_mg, len(result.times) or 1))
    view = ScheduleView(result, amounts, (), lang)
    if output == "json":
        echo_json(view.to_dict())
    else:
        typer.echo(schedule_text(view), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``krampe plan`` and ``krampe schedule``."""
    app.command("plan")(plan_command)
    app.command("schedule")(schedule_command)
