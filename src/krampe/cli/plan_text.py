"""The plain-text output of ``krampe plan`` and ``krampe schedule``, from the typed plan.

The words around the plan are here; everything the plan says (notes, advice,
milestones) comes from the domain in the chosen language.
"""

from __future__ import annotations

from krampe.domain.formats import format_date
from krampe.domain.plan.build import Plan, ScheduleView
from krampe.domain.plan.schedule import format_time
from krampe.domain.plan.texts import Note
from krampe.domain.vocab import Lang

_LABELS = {
    "en": {
        "no_plan": "No supplement plan",
        "bring": "Bring to the doctor:",
        "dose": "Dose",
        "per_day": "{mg} mg elemental magnesium a day",
        "doctor": " (doctor-supervised)",
        "times": "Daily times",
        "no_time": "No time keeps every spacing rule.",
        "no_time_missing": "No magnesium time yet: Krampe needs your medicine times first.",
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
        "medicines": "Your medicines as Krampe read them:",
        "unknown": "not recognised – not checked against magnesium: ask your pharmacist",
    },
    "da": {
        "no_plan": "Ingen plan for kosttilskud",
        "bring": "Tag med til lægen:",
        "dose": "Dosis",
        "per_day": "{mg} mg elementært magnesium om dagen",
        "doctor": " (under lægens opsyn)",
        "times": "Tidspunkter hver dag",
        "no_time": "Intet tidspunkt overholder alle afstandsregler.",
        "no_time_missing": (
            "Intet magnesiumtidspunkt endnu: Krampe mangler tidspunkterne for din medicin."
        ),
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
        "medicines": "Din medicin, som Krampe har læst den:",
        "unknown": "ikke genkendt – ikke tjekket mod magnesium: spørg på apoteket",
    },
}


def written_text(path: str, lang: Lang) -> str:
    """The line that says where the reminders were written."""
    return _LABELS[lang]["ics"].format(path=path)


def schedule_text(view: ScheduleView, lang: Lang | None = None) -> str:
    """The daily times, or the conflicting rules, then the advice."""
    labels = _LABELS[lang or view.lang]
    lines: list[str] = []
    if view.feasible:
        lines.append(labels["times"] + ":")
        for minute, amount in view.doses:
            extra = f" ({amount.tablets:g} tabl.)" if amount.tablets is not None else ""
            lines.append(f"  {format_time(minute)}  {round(amount.mg, 1):g} mg{extra}")
    elif view.missing_times:
        lines.append(labels["no_time_missing"])
    else:
        lines.append(labels["no_time"])
        if view.result.conflicts:
            lines.append(labels["conflicts"])
        for c in view.result.conflicts:
            blocked = c.blocked()
            if blocked is not None and c.dose_time is not None:
                lines.append(
                    labels["conflict"].format(
                        medicine=c.medicine,
                        time=format_time(c.dose_time),
                        rule=c.rule.rule_id,
                        frm=format_time(blocked[0]),
                        to=format_time(blocked[1]),
                    )
                )
            else:
                lines.append(labels["avoid"].format(medicine=c.medicine, rule=c.rule.rule_id))
    lines += [f"- {note.text}" for note in view.advice]
    return "\n".join(lines) + "\n"


def _notes(notes: tuple[Note, ...] | list[Note], lang: Lang) -> list[str]:
    word = _LABELS[lang]["sources"]
    return [
        f"- {n.text}" + (f" [{word}: {', '.join(n.sources)}]" if n.sources else "") for n in notes
    ]


def plan_text(plan: Plan) -> str:
    """The whole plan, or the reasons there is none, as plain text."""
    lang = plan.lang
    labels = _LABELS[lang]
    lines: list[str] = []
    if plan.dose is None:
        lines.append(labels["no_plan"])
        lines += _notes(plan.reasons, lang)
        if plan.pause is not None and plan.pause_note is not None:
            lines += [f"{plan.pause.help_title}: {plan.pause.help}", plan.pause_note.text]
        lines.append("")
        lines.append(labels["bring"])
        lines += [f"- {n.text}" for n in plan.bring]
        return "\n".join(lines) + "\n"
    dose = plan.dose
    lines.append(
        f"{labels['dose']}: " + labels["per_day"].format(mg=f"{round(dose.daily_mg, 1):g}")
    )
    if dose.doctor_supervised:
        lines[-1] += labels["doctor"]
    lines.append(f"{labels['form']}: {dose.suggestion.note.text}")
    lines.append("")
    if plan.schedule is not None:
        lines.append(schedule_text(plan.schedule, lang))
    if plan.medicines:
        lines.append(labels["medicines"])
        for m in plan.medicines:
            found = m.resolved
            shown = f"{found.name} ({found.atc})" if found is not None else labels["unknown"]
            lines.append(f"  {m.name} → {shown}")
        lines.append("")
    lines.append(labels["notes"] + ":")
    lines += _notes([*dose.notes, *plan.notes], lang)
    if plan.stretching is not None:
        strategy = plan.stretching.strategy
        title = strategy.title.text(lang)
        lines += ["", f"{labels['stretch']}: {title} ({format_time(plan.stretching.time)})"]
        lines += [f"  {i}. {step.text(lang)}" for i, step in enumerate(strategy.steps, start=1)]
    if plan.calendar is not None:
        lines += ["", f"{labels['calendar']}:"]
        dates = [format_date(m.date, "SHORT_DATE_FORMAT", lang) for m in plan.calendar.milestones]
        width = max((len(d) for d in dates), default=0)
        lines += [
            f"  {date:<{width}}  {m.title}"
            for date, m in zip(dates, plan.calendar.milestones, strict=True)
        ]
        lines += _notes(plan.calendar.notes, lang)
    return "\n".join(lines) + "\n"
