"""Choose magnesium times that keep every medicine spacing rule.

Rule semantics (docs/knowledge-format.md, "Interaction rules"): magnesium at
clock time *g* is allowed against a medicine dose at *m* when *g* is at least
``med_before_mg_h`` after *m*, or at least ``med_after_mg_h`` before *m*. The
forbidden window is the open interval (m − after, m + before) on a 24-hour
circle, because both doses repeat every day; the window's ends are allowed.

The search runs on a one-minute grid over the waking window [wake, bed],
bedtime included (a dose at bedtime is still taken awake). One dose goes to
the allowed minute closest to the preferred time (default 1.5 hours before
bed, the middle of the plan's "1–2 hours before bed"). Two doses go to two
allowed minutes at least ``min_gap`` apart (default 4 hours), the first as
close as possible to an hour after waking and the second to the preferred
evening time. When no minute is allowed the answer names the rule windows
that together cover the whole waking window, so the conflict can be checked
by hand, and never returns a time that breaks a rule.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from krampe.domain.plan import texts
from krampe.knowledge import catalogue
from krampe.knowledge.models import InteractionRule

DAY = 24 * 60
DEFAULT_BEFORE_BED_MIN = 90
DEFAULT_AFTER_WAKE_MIN = 60
DEFAULT_MIN_GAP_MIN = 4 * 60
# Below this gap two doses are no longer a meaningful split.
SHORTEST_SPLIT_MIN = 60

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class ScheduleError(ValueError):
    """Invalid schedule input; ``field`` names the option or field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def parse_time(value: str, field: str) -> int:
    """Minutes after midnight of "HH:MM" (00:00–23:59); ScheduleError naming ``field``."""
    match = _TIME.match(value.strip())
    if not match:
        raise ScheduleError(field, f"{value!r} is not a time; use HH:MM between 00:00 and 23:59")
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_med(spec: str, field: str = "--med") -> tuple[str, tuple[int, ...]]:
    """Split "NAME@HH:MM[,HH:MM...]" into the name and the dose times (minutes)."""
    name, sep, times = spec.rpartition("@")
    name = name.strip()
    if not sep or not name or not times.strip():
        raise ScheduleError(field, f"{spec!r} must look like NAME@HH:MM or NAME@HH:MM,HH:MM")
    minutes = tuple(sorted({parse_time(t, field) for t in times.split(",") if t.strip()}))
    if not minutes:
        raise ScheduleError(field, f"{spec!r} has no dose time after '@'")
    return name, minutes


def format_time(minute: int) -> str:
    """ "HH:MM" of minutes after midnight (taken modulo a day)."""
    minute %= DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


@dataclass(frozen=True)
class SpacingRule:
    """A knowledge-base rule in minutes, as the search uses it."""

    rule_id: str
    action: str  # "space" or "avoid"
    before_h: float  # med_before_mg_h
    after_h: float  # med_after_mg_h
    note_da: str = ""
    note_en: str = ""
    sources: tuple[str, ...] = ()

    @property
    def before_min(self) -> int:
        return round(self.before_h * 60)

    @property
    def after_min(self) -> int:
        return round(self.after_h * 60)

    @classmethod
    def from_rule(cls, rule: InteractionRule) -> SpacingRule:
        """Convert a knowledge-base rule."""
        return cls(
            rule.id,
            rule.action,
            rule.med_before_mg_h,
            rule.med_after_mg_h,
            rule.note.da,
            rule.note.en,
            rule.sources,
        )


def rules_for_atc(atc: str) -> tuple[SpacingRule, ...]:
    """The knowledge base's rules for an ATC code (longest prefix wins).

    A combination's own code also brings its components' rules (Fosavance:
    the alendronate rule).
    """
    return tuple(SpacingRule.from_rule(r) for r in catalogue.rules_for_code(atc)) if atc else ()


@dataclass(frozen=True)
class MedicineDoses:
    """One medicine with its daily dose times (minutes after midnight) and rules."""

    name: str
    atc: str
    times: tuple[int, ...]
    rules: tuple[SpacingRule, ...]
    medicine_id: str = ""
    substance: str = ""  # the knowledge base's name, when it differs from what was typed
    checked: bool = True  # False: known, but its spacing could not be checked (no source)


def breaks_rule(g: int, m: int, before_min: int, after_min: int) -> bool:
    """True when magnesium at ``g`` lies strictly inside (m − after, m + before) mod 24 h,
    or at the dose's own minute ``m`` (a 0-hour side never allows taking both together)."""
    if (g - m) % DAY == 0:
        return True
    # The window repeats every day: look at the copies around g.
    for shift in (-DAY, 0, DAY):
        d = (g - m) % DAY + shift
        if -after_min < d < before_min:
            return True
    return False


def allowed(g: int, medicines: Iterable[MedicineDoses]) -> bool:
    """True when magnesium at minute ``g`` keeps every spacing rule of ``medicines``."""
    for med in medicines:
        for rule in med.rules:
            if rule.action == "avoid":
                return False
            for m in med.times:
                if breaks_rule(g, m, rule.before_min, rule.after_min):
                    return False
    return True


@dataclass(frozen=True)
class Window:
    """The waking window as positions 0..length (minutes after waking)."""

    wake: int
    bed: int

    @property
    def length(self) -> int:
        return (self.bed - self.wake) % DAY

    def minute(self, position: int) -> int:
        return (self.wake + position) % DAY

    def position(self, minute: int) -> int:
        """Position of a clock minute; a minute outside the window goes to the nearer end."""
        p = (minute - self.wake) % DAY
        if p <= self.length:
            return p
        return self.length if p - self.length < DAY - p else 0


def make_window(wake: int, bed: int) -> Window:
    """A waking window; ScheduleError when bed equals wake."""
    if wake % DAY == bed % DAY:
        raise ScheduleError("bed", "bedtime must differ from the wake time")
    return Window(wake % DAY, bed % DAY)


@dataclass(frozen=True)
class Conflict:
    """One rule window that, with the others named, leaves no allowed time."""

    medicine: str
    atc: str
    rule: SpacingRule
    dose_time: int | None  # None for "avoid" rules

    def blocked(self) -> tuple[int, int] | None:
        """The open window (from, to) in clock minutes, None for an avoid rule."""
        if self.dose_time is None:
            return None
        return self.dose_time - self.rule.after_min, self.dose_time + self.rule.before_min

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "medicine": self.medicine,
            "atc": self.atc,
            "rule": self.rule.rule_id,
            "action": self.rule.action,
            "before_h": self.rule.before_h,
            "after_h": self.rule.after_h,
            "sources": list(self.rule.sources),
        }
        window = self.blocked()
        if window is not None and self.dose_time is not None:
            out["dose_time"] = format_time(self.dose_time)
            out["blocked_from"] = format_time(window[0])
            out["blocked_to"] = format_time(window[1])
        return out


@dataclass(frozen=True)
class ScheduleResult:
    """Dose times (clock minutes) or, when infeasible, the conflicts and advice."""

    feasible: bool
    times: tuple[int, ...]
    conflicts: tuple[Conflict, ...] = ()
    notes: tuple[str, ...] = ()  # text ids from plan_texts.toml about the placement
    window: Window | None = None
    medicines: tuple[MedicineDoses, ...] = field(default_factory=tuple)


def _allowed_positions(window: Window, medicines: Sequence[MedicineDoses]) -> list[int]:
    return [p for p in range(window.length + 1) if allowed(window.minute(p), medicines)]


def _closest(sorted_positions: list[int], target: int, limit: int) -> int | None:
    """The position <= limit closest to target (the earlier one on a tie)."""
    best: int | None = None
    i = bisect.bisect_right(sorted_positions, min(target, limit)) - 1
    if i >= 0:
        best = sorted_positions[i]
    j = bisect.bisect_left(sorted_positions, target)
    if j < len(sorted_positions) and sorted_positions[j] <= limit:
        candidate = sorted_positions[j]
        if best is None or abs(candidate - target) < abs(best - target):
            best = candidate
    return best


def _two_positions(
    positions: list[int], morning: int, evening: int, gap: int
) -> tuple[int, int] | None:
    best: tuple[tuple[int, int, int], tuple[int, int]] | None = None
    for p2 in positions:
        p1 = _closest(positions, morning, p2 - gap)
        if p1 is None:
            continue
        key = (abs(p1 - morning) + abs(p2 - evening), abs(p2 - evening), p2)
        if best is None or key < best[0]:
            best = (key, (p1, p2))
    return None if best is None else best[1]


def _conflicts(window: Window, medicines: Sequence[MedicineDoses]) -> tuple[Conflict, ...]:
    """Rule windows that together cover the whole waking window (no redundant one)."""
    avoid = [
        Conflict(m.name, m.atc, r, None) for m in medicines for r in m.rules if r.action == "avoid"
    ]
    if avoid:
        return tuple(avoid)
    candidates: list[tuple[Conflict, frozenset[int]]] = []
    for med in medicines:
        for rule in med.rules:
            for t in med.times:
                covered = frozenset(
                    p
                    for p in range(window.length + 1)
                    if breaks_rule(window.minute(p), t, rule.before_min, rule.after_min)
                )
                if covered:
                    candidates.append((Conflict(med.name, med.atc, rule, t), covered))
    # Greedy cover, then drop any window the others already cover.
    uncovered = set(range(window.length + 1))
    chosen: list[tuple[Conflict, frozenset[int]]] = []
    while uncovered:
        conflict, covered = max(candidates, key=lambda c: len(c[1] & uncovered))
        if not covered & uncovered:
            break  # cannot happen when no position is allowed
        chosen.append((conflict, covered))
        uncovered -= covered
    full = set(range(window.length + 1))
    for item in list(chosen):
        rest = [c for c in chosen if c is not item]
        if rest and set().union(*(c[1] for c in rest)) >= full:
            chosen = rest
    return tuple(c for c, _ in chosen)


def find_times(
    window: Window,
    medicines: Sequence[MedicineDoses],
    doses: int = 1,
    *,
    preferred: int | None = None,
    morning: int | None = None,
    min_gap_min: int = DEFAULT_MIN_GAP_MIN,
) -> ScheduleResult:
    """Magnesium times in the waking window that keep every rule.

    ``preferred`` (clock minute) is the target of a single dose and of the
    evening dose of two; default 1.5 h before bed. ``morning`` is the target
    of the first of two doses; default an hour after waking.
    """
    if doses not in (1, 2):
        raise ScheduleError("doses", f"must be 1 or 2, got {doses}")
    meds = tuple(medicines)
    evening_pos = (
        max(0, window.length - DEFAULT_BEFORE_BED_MIN)
        if preferred is None
        else window.position(preferred)
    )
    positions = _allowed_positions(window, meds)
    if not positions:
        return ScheduleResult(False, (), _conflicts(window, meds), (), window, meds)
    if doses == 2:
        morning_pos = (
            min(DEFAULT_AFTER_WAKE_MIN, window.length)
            if morning is None
            else window.position(morning)
        )
        pair = _two_positions(positions, morning_pos, evening_pos, min_gap_min)
        if pair is not None:
            return ScheduleResult(
                True, tuple(window.minute(p) for p in pair), (), ("split_gap",), window, meds
            )
        first, last = positions[0], positions[-1]
        if last - first >= SHORTEST_SPLIT_MIN:
            return ScheduleResult(
                True,
                (window.minute(first), window.minute(last)),
                (),
                ("split_gap_short",),
                window,
                meds,
            )
        notes: tuple[str, ...] = ("split_not_possible",)
    else:
        notes = ()
    best = min(positions, key=lambda p: (abs(p - evening_pos), p))
    return ScheduleResult(True, (window.minute(best),), (), notes, window, meds)


def split_mg(total: int, parts: int) -> tuple[int, ...]:
    """Whole milligrams summing exactly to ``total``; the later dose gets any extra."""
    base, extra = divmod(total, parts)
    return tuple(base + (1 if i >= parts - extra else 0) for i in range(parts))


def all_clear(result: ScheduleResult, lang: str) -> texts.Note:
    """The statement that the times keep the spacing rules, for the medicines checked only.

    It names the medicines whose rules were checked against their dose times
    ("for the medicines Krampe knows"), says when none of them has a rule, and
    says when no medicine was given at all: it never claims more than was checked.
    """
    # An unrecognised medicine has no code; a known one whose spacing no source gives
    # is not checked either, so neither is ever named as kept.
    known = [m for m in result.medicines if m.atc and m.checked]
    ruled = list(dict.fromkeys(m.name for m in known if m.rules))
    if ruled:
        return texts.note("schedule_ok", lang, medicines=", ".join(ruled))
    named = list(dict.fromkeys(m.name for m in known))
    if named:
        return texts.note("schedule_ok_no_rules", lang, medicines=", ".join(named))
    if any(m.atc for m in result.medicines):
        return texts.note("schedule_none_checked", lang)
    if result.medicines:
        return texts.note("schedule_none_known", lang)
    return texts.note("schedule_no_medicines", lang)


def advice(result: ScheduleResult, lang: str) -> list[texts.Note]:
    """The all-clear for the checked medicines, or what to ask when no time keeps every rule."""
    if result.feasible:
        return [all_clear(result, lang)]
    out: list[texts.Note] = []
    if result.window is not None:
        out.append(
            texts.note(
                "schedule_infeasible",
                lang,
                wake=format_time(result.window.wake),
                bed=format_time(result.window.bed),
            )
        )
    seen: set[tuple[str, str]] = set()
    for conflict in result.conflicts:
        key = (conflict.medicine, conflict.rule.rule_id)
        if key in seen:
            continue
        seen.add(key)
        rule = conflict.rule
        if rule.action == "avoid":
            out.append(texts.note("ask_doctor_avoid", lang, medicine=conflict.medicine))
        else:
            out.append(texts.note("ask_pharmacist_move", lang, medicine=conflict.medicine))
        rule_note = rule.note_da if lang == "da" else rule.note_en
        if rule_note:
            # The rule's own wording, with the label or study it comes from.
            out.append(texts.Note(f"rule:{rule.rule_id}", rule_note, "evidence", rule.sources))
    return out
