"""The trial calendar: the dates a person needs, built on the trial engine's designs.

Open-label magnesium and stretching: baseline (21 nights), start of the
intervention, tolerance check (magnesium only, start + 7 days), evaluations
after 4 and 6 weeks, and the stop rule at 6 weeks. Blinded: the period
sequence of the trial engine's randomized crossover, shown by period and jar
only (never by content, which would break the blinding), then the end of the
trial. The design itself (lengths, randomization) comes from
:mod:`krampe.domain.trial.design`; nothing here draws random numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from krampe.domain.plan import texts
from krampe.domain.trial.design import Design, DesignError, blinded_design, open_label_design

KINDS = ("open", "blinded", "stretching")
EVALUATION_WEEKS = (4, 6)


@dataclass(frozen=True)
class Milestone:
    """One dated step of the trial."""

    # baseline, intervention, tolerance_check, evaluation_4w, evaluation_6w, period_N, end
    key: str
    date: dt.date
    title: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class TrialCalendar:
    """The design and its milestones, in date order."""

    kind: str
    design: Design
    milestones: tuple[Milestone, ...]
    intervention_start: dt.date
    end: dt.date  # the morning after the last night: the last diary entry
    notes: tuple[texts.Note, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (periods without their content for blinded trials)."""
        return {
            "design": self.kind,
            "start": self.design.start.isoformat(),
            "intervention_start": self.intervention_start.isoformat(),
            "end": self.end.isoformat(),
            "seed": self.design.seed,
            "milestones": [
                {
                    "key": m.key,
                    "date": m.date.isoformat(),
                    "title": m.title,
                    "sources": list(m.sources),
                }
                for m in self.milestones
            ],
            "periods": [
                {
                    "index": p.index,
                    "start": p.start.isoformat(),
                    "end": p.end.isoformat(),
                    "jar": None if p.jar is None else f"{p.pair}{p.jar}",
                    # The person in a blinded trial must not see which jar is which.
                    "phase": "capsules" if self.kind == "blinded" else p.phase,
                }
                for p in self.design.periods
            ],
            "notes": [n.to_dict() for n in self.notes],
        }


def trial_calendar(
    start: dt.date,
    kind: str = "open",
    *,
    seed: int | None = None,
    tolerance_check_days: int = 7,
    lang: str = "da",
) -> TrialCalendar:
    """The calendar of a trial starting (first baseline night) on ``start``.

    ``seed`` is required for ``kind="blinded"`` and is passed to the trial
    engine's design builder, which does the randomization.
    """
    day = dt.timedelta(days=1)
    if kind == "blinded":
        if seed is None:
            raise DesignError("seed is required for the blinded design")
        design = blinded_design(start, seed)
        milestones = [
            Milestone(
                f"period_{p.index}",
                p.start,
                texts.note("ms_period", lang, index=p.index, pair=p.pair, jar=p.jar).text,
            )
            for p in design.periods
        ]
        intervention = design.start
        tolerance = texts.note("ms_tolerance", lang)
        milestones.append(
            Milestone(
                "tolerance_check",
                intervention + tolerance_check_days * day,
                tolerance.text,
                tolerance.sources,
            )
        )
        end = design.end + day
        milestones.append(Milestone("end", end, texts.note("ms_end", lang).text))
        notes: tuple[texts.Note, ...] = ()
    elif kind in ("open", "stretching"):
        phase = "magnesium" if kind == "open" else "stretching"
        design = open_label_design(start, phase=phase)
        baseline, treatment = design.periods
        intervention = treatment.start
        what = texts.note(f"what_{phase}", lang).text
        milestones = [
            Milestone(
                "baseline",
                baseline.start,
                texts.note("ms_baseline", lang, nights=baseline.nights).text,
            ),
            Milestone(
                "intervention", intervention, texts.note("ms_intervention", lang, what=what).text
            ),
        ]
        if kind == "open":
            tolerance = texts.note("ms_tolerance", lang)
            milestones.append(
                Milestone(
                    "tolerance_check",
                    intervention + tolerance_check_days * day,
                    tolerance.text,
                    tolerance.sources,
                )
            )
        stop = texts.note("stop_rule", lang)
        milestones.append(
            Milestone("evaluation_4w", intervention + 28 * day, texts.note("ms_eval4", lang).text)
        )
        milestones.append(
            Milestone(
                "evaluation_6w",
                intervention + 42 * day,
                texts.note("ms_eval6", lang).text,
                stop.sources,
            )
        )
        end = design.end + day
        notes = (stop, texts.note("open_label_caveat", lang))
    else:
        raise DesignError(f"design '{kind}' is not one of {', '.join(KINDS)}")
    milestones.sort(key=lambda m: m.date)
    return TrialCalendar(kind, design, tuple(milestones), intervention, end, notes)
