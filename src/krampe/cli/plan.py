# Typer declares options as parameter defaults; that is its API, not a shared mutable.
# ruff: noqa: B008
"""``krampe plan`` and ``krampe schedule``: the supplement plan and its daily times.

Only Typer and the standard library are imported here; the plan, the
screening and the knowledge base load inside the commands.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import Path
from typing import Any

import typer

from krampe.cli.common import DesignKind, Lang, OutputFormat, echo_json, fail, read_json_file

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

_LABELS = {
    "en": {
        "no_plan": "No supplement plan",
        "bring": "Bring to the doctor:",
        "dose": "Dose",
        "per_day": "{mg} mg elemental magnesium a day",
        "doctor": " (doctor-supervised)",
        "times": "Daily times",
        "no_time": "No time keeps every spacing rule.",
        "conflicts": "Conflicting rules:",
        "conflict": "  {medicine} at {time} ({rule}): no magnesium between {frm} and {to}",
        "avoid": "  {medicine} ({rule}): do not combine",
        "advice": "Advice",
        "form": "Form",
        "stretch": "Stretching",
        "calendar": "Trial calendar",
        "notes": "Notes",
        "ics": "Reminders written to {path}",
        "sources": "sources",
    },
    "da": {
        "no_plan": "Ingen plan for kosttilskud",
        "bring": "Tag med til lægen:",
        "dose": "Dosis",
        "per_day": "{mg} mg elementært magnesium om dagen",
        "doctor": " (under lægens opsyn)",
        "times": "Tidspunkter hver dag",
        "no_time": "Intet tidspunkt overholder alle afstandsregler.",
        "conflicts": "Regler, der støder sammen:",
        "conflict": "  {medicine} kl. {time} ({rule}): ingen magnesium mellem {frm} og {to}",
        "avoid": "  {medicine} ({rule}): må ikke kombineres",
        "advice": "Råd",
        "form": "Form",
        "stretch": "Udstrækning",
        "calendar": "Forsøgskalender",
        "notes": "Bemærkninger",
        "ics": "Påmindelser skrevet til {path}",
        "sources": "kilder",
    },
}


def _plan_section(data: Any) -> dict[str, Any]:
    """Take the optional "plan" object out of the profile and check its fields."""
    if not isinstance(data, dict):
        raise fail("PROFILE: must be a JSON object")
    section = data.pop("plan", {})
    if not isinstance(section, dict):
        raise fail("plan: must be a JSON object")
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


def _resolve(name: str, lang: str, field: str, *, strict: bool) -> tuple[str, str, str] | None:
    """(substance name, ATC, medicine id) for a typed name, by the screening's rule.

    ``strict``: an unknown name is an input error naming ``field``; otherwise None.
    """
    from krampe.domain.screening import resolve_medicine

    resolution = resolve_medicine(name, lang)
    if resolution.resolved is not None:
        found = resolution.resolved
        return found.name, found.atc, found.medicine_id
    if not strict:
        return None
    hint = ", ".join(f"{c.name} ({c.atc})" for c in resolution.candidates)
    allowed = f"did you mean: {hint}" if hint else "a brand, substance name or ATC code"
    raise fail(f"{field}: unknown medicine {name!r}; {allowed}")


def _medicines(
    named: list[tuple[str, tuple[int, ...], str]], lang: str, *, strict: bool
) -> list[Any]:
    """MedicineDoses for (typed name, times, field); same medicine's times are merged."""
    from krampe.domain.plan.schedule import MedicineDoses, rules_for_atc

    merged: dict[str, Any] = {}
    for name, times, field in named:
        found = _resolve(name, lang, field, strict=strict)
        if found is None:
            continue
        substance, atc, medicine_id = found
        previous = merged.get(medicine_id)
        if previous is not None:
            times = tuple(sorted(set(previous.times) | set(times)))
            name = previous.name
        merged[medicine_id] = MedicineDoses(
            name, atc, times, rules_for_atc(atc), medicine_id, substance
        )
    return list(merged.values())


def _parse_meds(specs: list[str]) -> list[tuple[str, tuple[int, ...], str]]:
    from krampe.domain.plan.schedule import ScheduleError, parse_med

    out = []
    for spec in specs:
        try:
            name, times = parse_med(spec, "--med")
        except ScheduleError as exc:
            raise fail(str(exc)) from None
        out.append((name, times, "--med"))
    return out


def _schedule_text(data: dict[str, Any], lang: str) -> str:
    labels = _LABELS[lang]
    lines: list[str] = []
    if data["feasible"]:
        lines.append(labels["times"] + ":")
        for dose in data["doses"]:
            extra = f" ({dose['tablets']:g} tabl.)" if "tablets" in dose else ""
            lines.append(f"  {dose['time']}  {dose['mg']:g} mg{extra}")
    else:
        lines.append(labels["no_time"])
        if data["conflicts"]:
            lines.append(labels["conflicts"])
        for c in data["conflicts"]:
            if "dose_time" in c:
                lines.append(
                    labels["conflict"].format(
                        medicine=c["medicine"],
                        time=c["dose_time"],
                        rule=c["rule"],
                        frm=c["blocked_from"],
                        to=c["blocked_to"],
                    )
                )
            else:
                lines.append(labels["avoid"].format(medicine=c["medicine"], rule=c["rule"]))
    for text in data["advice"]:
        lines.append(f"- {text}")
    return "\n".join(lines) + "\n"


def _notes_text(notes: list[dict[str, Any]], lang: str) -> list[str]:
    word = _LABELS[lang]["sources"]
    return [
        f"- {n['text']}" + (f" [{word}: {', '.join(n['sources'])}]" if n["sources"] else "")
        for n in notes
    ]


def _plan_text(data: dict[str, Any], lang: str) -> str:
    labels = _LABELS[lang]
    lines: list[str] = []
    if not data["plan"]:
        lines.append(labels["no_plan"])
        lines += _notes_text(data["reasons"], lang)
        lines.append("")
        lines.append(labels["bring"])
        lines += [f"- {n['text']}" for n in data["bring_to_doctor"]]
        return "\n".join(lines) + "\n"
    dose = data["dose"]
    lines.append(f"{labels['dose']}: " + labels["per_day"].format(mg=f"{dose['daily_mg']:g}"))
    if dose["doctor_supervised"]:
        lines[-1] += labels["doctor"]
    lines.append(f"{labels['form']}: {dose['suggested_form']['text']}")
    lines.append("")
    if data["schedule"] is not None:
        lines.append(_schedule_text(data["schedule"], lang))
    lines.append(labels["notes"] + ":")
    lines += _notes_text(dose["notes"] + data["notes"], lang)
    if data["stretching"] is not None:
        s = data["stretching"]
        lines += ["", f"{labels['stretch']}: {s['title']} ({s['time']})"]
        lines += [f"  {i}. {step}" for i, step in enumerate(s["steps"], start=1)]
    if data["calendar"] is not None:
        cal = data["calendar"]
        lines += ["", f"{labels['calendar']}:"]
        lines += [f"  {m['date']}  {m['title']}" for m in cal["milestones"]]
        lines += _notes_text(cal["notes"], lang)
    return "\n".join(lines) + "\n"


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
    design: DesignKind = typer.Option(
        DesignKind.open, "--design", help="Trial calendar: open, blinded or stretching."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Seed of a blinded allocation."),
    lang: Lang = typer.Option(Lang.da, "--lang", help="Language: da or en."),
    output: OutputFormat = typer.Option(
        OutputFormat.text, "--format", "-f", help="Output: text or json."
    ),
    ics: Path | None = typer.Option(None, "--ics", help="Write reminders to this .ics file."),
) -> None:
    """Make a supplement plan: product, tablets, times around medicines, trial calendar."""
    from krampe.domain.plan.build import PlanRequest, make_plan
    from krampe.domain.plan.dose import DEFAULT_START_MG, DoseOptions, PlanInputError
    from krampe.domain.plan.elemental import ProductError, make_product
    from krampe.domain.plan.ics import build_ics
    from krampe.domain.plan.schedule import ScheduleError
    from krampe.domain.screening import ProfileError, parse_profile, screen
    from krampe.domain.trial.design import DesignError

    data = read_json_file(profile, "PROFILE", "a JSON profile file", "docs/screening.md")
    section = _plan_section(data)
    try:
        parsed = parse_profile(data)
    except ProfileError as exc:
        for problem in exc.problems:
            typer.echo(f"Error: {problem}", err=True)
        raise typer.Exit(2) from None
    language = lang.value
    result = screen(parsed, language)

    wake_min = _time(wake or section.get("wake") or "07:00", "--wake")
    bed_min = _time(bed or section.get("bed") or "23:00", "--bed")
    times_assumed = wake is None and bed is None and "wake" not in section and "bed" not in section

    # Medicine times: the profile's plan.medicine_times, then --med.
    named: list[tuple[str, tuple[int, ...], str]] = []
    given = section.get("medicine_times", {})
    for name, value in given.items():
        field = f"plan.medicine_times.{name}"
        specs = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in specs):
            raise fail(f"{field}: must be a time HH:MM or a list of times")
        named.append((name, tuple(sorted({_time(t, field) for t in specs})), field))
    listed = {n.casefold() for n, _, _ in named}
    named += [(n, (), "medicines") for n in parsed.medicines if n.casefold() not in listed]
    named += _parse_meds(med)
    medicines = _medicines(named, language, strict=False)

    start_date = dt.date.today()
    if start is not None:
        try:
            start_date = dt.date.fromisoformat(start)
        except ValueError:
            raise fail(f"--start: {start!r} is not a date; use YYYY-MM-DD") from None
    if design is DesignKind.blinded and seed is None:
        seed = secrets.randbelow(2**31)

    try:
        options = DoseOptions(
            start_mg=float(dose_mg or section.get("start_mg") or DEFAULT_START_MG),
            doctor_prescribed_mg=doctor_mg or section.get("doctor_prescribed_mg"),
            loose_stools=bool(section.get("loose_stools")) or "diarrhea" in parsed.symptoms,
            tolerated_single_mg=section.get("tolerated_single_mg"),
            sensitive_stomach=bool(section.get("sensitive_stomach")),
            constipation=bool(section.get("constipation")),
            tight_budget=bool(section.get("tight_budget")),
        )
        chosen = None
        if product or elemental_mg is not None or compound_mg is not None:
            chosen = make_product(
                product,
                elemental_mg=elemental_mg,
                compound_mg=compound_mg,
                scored=scored or bool(section.get("scored")),
            )
        plan = make_plan(
            PlanRequest(
                self_trial=result.self_trial,
                findings=result.findings,
                dose=options,
                product=chosen,
                wake=wake_min,
                bed=bed_min,
                times_assumed=times_assumed,
                medicines=medicines,
                start=start_date,
                design=design.value,
                seed=seed,
                lang=language,
            )
        )
    except ProductError as exc:
        raise fail(f"--{exc}") from None
    except (PlanInputError, ScheduleError, DesignError) as exc:
        raise fail(str(exc)) from None

    out = plan.to_dict()
    if ics is not None and plan.has_plan:
        body = build_ics(
            plan.reminders(), plan.calendar, lang=language, stamp=dt.datetime.now(dt.UTC)
        )
        try:
            ics.write_bytes(body)
        except OSError as exc:
            raise fail(f"--ics: cannot write {str(ics)!r} ({exc})") from None
        out["ics"] = str(ics)
    if output is OutputFormat.json:
        echo_json(out)
    else:
        typer.echo(_plan_text(out, language), nl=False)
        if "ics" in out:
            typer.echo(_LABELS[language]["ics"].format(path=out["ics"]))


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
    lang: Lang = typer.Option(Lang.da, "--lang", help="Language of the advice: da or en."),
    output: OutputFormat = typer.Option(
        OutputFormat.json, "--format", "-f", help="Output: json or text."
    ),
) -> None:
    """Find magnesium times that keep every spacing rule with your medicines."""
    from krampe.domain.plan.build import schedule_dict
    from krampe.domain.plan.dose import DoseAmount
    from krampe.domain.plan.schedule import ScheduleError, find_times, make_window, split_mg

    wake_min = _time(wake, "--wake")
    bed_min = _time(bed, "--bed")
    if dose_mg < 1:
        raise fail(f"--dose-mg: must be a whole number of mg above 0, got {dose_mg}")
    if doses not in (1, 2):
        raise fail(f"--doses: must be 1 or 2, got {doses}")
    preferred = None if prefer is None else _time(prefer, "--prefer")
    medicines = _medicines(_parse_meds(med), lang.value, strict=True)
    try:
        window = make_window(wake_min, bed_min)
    except ScheduleError as exc:
        raise fail(f"--{exc}") from None
    result = find_times(window, medicines, doses, preferred=preferred)
    amounts = tuple(DoseAmount(mg) for mg in split_mg(dose_mg, len(result.times) or 1))
    data = schedule_dict(result, amounts, lang.value)
    if output is OutputFormat.json:
        echo_json(data)
    else:
        typer.echo(_schedule_text(data, lang.value), nl=False)


def register(app: typer.Typer) -> None:
    """Add ``krampe plan`` and ``krampe schedule``."""
    app.command("plan")(plan_command)
    app.command("schedule")(schedule_command)
