"""The trial calendar: the dates a person needs, read from the trial's design.

Open-label magnesium and stretching: baseline, start of the intervention,
tolerance check (magnesium only, start + 7 days), evaluations after 4 and 6
weeks, and the stop rule at 6 weeks. Blinded: the period sequence of the
randomized crossover, shown by period and jar only (never by content, which
would break the blinding), then the end of the trial. The design (lengths,
randomization) is the stored one, from :mod:`krampe.domain.trial.design`;
nothing here builds or draws one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from krampe.domain.plan import texts
from krampe.domain.text import count_noun
from krampe.domain.trial.design import Design
from krampe.domain.vocab import Lang, TrialKind

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

    kind: TrialKind
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


def _tolerance_check(start: dt.date, days: int, lang: Lang) -> Milestone:
    note = texts.note("ms_tolerance", lang)
    return Milestone("tolerance_check", start + dt.timedelta(days=days), note.text, note.sources)


def trial_calendar(
    design: Design,
    *,
    tolerance_check_days: int = 7,
    lang: Lang = "da",
) -> TrialCalendar:
    """The calendar of ``design``, the trial's stored design (its lengths, its allocation).

    Nothing here rebuilds a design: a running trial's reminders and milestones
    follow exactly the design its analysis reads.
    """
    day = dt.timedelta(days=1)
    end = design.end + day
    notes: tuple[texts.Note, ...] = ()
    if design.kind == "blinded":
        intervention = design.start
        milestones = [
            Milestone(
                f"period_{p.index}",
                p.start,
                texts.note("ms_period", lang, index=p.index, pair=p.pair, jar=p.jar).text,
            )
            for p in design.periods
        ]
        milestones.append(_tolerance_check(intervention, tolerance_check_days, lang))
        milestones.append(Milestone("end", end, texts.note("ms_end", lang).text))
    else:
        baseline, treatment = design.periods[0], design.periods[-1]
        intervention = treatment.start
        what = texts.note(f"what_{treatment.phase}", lang).text
        milestones = [
            Milestone(
                "baseline",
                baseline.start,
                texts.note(
                    "ms_baseline", lang, nights=count_noun(baseline.nights, "night", lang)
                ).text,
            ),
            Milestone(
                "intervention", intervention, texts.note("ms_intervention", lang, what=what).text
            ),
        ]
        if design.kind == "open":
            milestones.append(_tolerance_check(intervention, tolerance_check_days, lang))
        stop = texts.note("stop_rule", lang)
        four, six = EVALUATION_WEEKS
        milestones.append(
            Milestone(
                "evaluation_4w", intervention + 7 * four * day, texts.note("ms_eval4", lang).text
            )
        )
        milestones.append(
            Milestone(
                "evaluation_6w",
                intervention + 7 * six * day,
                texts.note("ms_eval6", lang).text,
                stop.sources,
            )
        )
        notes = (stop, texts.note("open_label_caveat", lang))
    milestones.sort(key=lambda m: m.date)
    return TrialCalendar(design.kind, design, tuple(milestones), intervention, end, notes)
