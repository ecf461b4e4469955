"""The nightly diary: one row per night, CSV in and out.

A night that was not logged is absent (or has an empty ``cramps`` cell). It is
never read as zero cramps: a forgotten night says nothing about cramps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from krampe.domain.trial.night_rules import night_problems
from krampe.domain.vocab import PHASES, SIDE_EFFECTS, Code, Phase, SideEffect

CSV_HEADER: tuple[str, ...] = (
    "date",
    "phase",
    "cramps",
    "worst_pain",
    "awakenings",
    "took_dose",
    "stretched",
    "side_effect",
    "note",
)
# A stored night without a phase (outside a trial, or blinded before unblinding)
# is read as baseline; a trial's design relabels nights at analysis.
UNLABELLED_PHASE: Phase = "baseline"
MAX_CRAMPS = 20
MAX_PAIN = 10
MAX_AWAKENINGS = 20

_TRUE = {"1", "true", "yes", "y", "ja", "j"}
_FALSE = {"0", "false", "no", "n", "nej"}


@dataclass(frozen=True, slots=True)
class Night:
    """One diary night, dated by the evening the night began.

    ``cramps`` is None when the row exists but the count was not logged: the
    night is then missing, exactly as if the row were absent.
    """

    date: dt.date
    phase: Phase
    cramps: int | None
    worst_pain: int | None = None
    awakenings: int | None = None
    took_dose: bool | None = None
    stretched: bool | None = None
    side_effect: SideEffect | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class DiaryIssue:
    """One problem in a diary file: where it is and what is allowed."""

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            number = CSV_HEADER.index(self.column) + 1 if self.column in CSV_HEADER else 0
            where = f"line {self.line}, column {number} ({self.column})"
        else:
            where = f"line {self.line}"
        return f"{where}: {self.message}"


class DiaryError(ValueError):
    """A diary file with at least one bad row; nothing from it may be analysed."""

    def __init__(self, issues: Sequence[DiaryIssue], source: str = "") -> None:
        self.issues = list(issues)
        self.source = source
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{issue}" for issue in self.issues]
        super().__init__("\n".join(lines))

    @property
    def line(self) -> int:
        """Line of the first problem (1 = the header line)."""
        return self.issues[0].line

    @property
    def column(self) -> str:
        """Column name of the first problem."""
        return self.issues[0].column


def _int_cell(
    raw: str, line: int, column: str, low: int, high: int, issues: list[DiaryIssue]
) -> int | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        issues.append(DiaryIssue(line, column, f"'{text}' is not a whole number ({low}–{high})"))
        return None
    if not low <= value <= high:
        issues.append(DiaryIssue(line, column, f"{value} is outside {low}–{high}"))
        return None
    return value


def _bool_cell(raw: str, line: int, column: str, issues: list[DiaryIssue]) -> bool | None:
    text = raw.strip().lower()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    issues.append(DiaryIssue(line, column, f"'{raw.strip()}' is not yes/no (use 1 or 0)"))
    return None


def _code(allowed: tuple[Code, ...], text: str) -> Code | None:
    return next((code for code in allowed if code == text), None)


def parse_diary_csv(text: str, source: str = "", today: dt.date | None = None) -> list[Night]:
    """Parse a diary CSV into nights sorted by date.

    With ``today`` a night dated after it is an error (see
    :mod:`krampe.domain.trial.night_rules`); a simulated diary is read without.

    Every bad cell is collected with its line and column; if there is any, a
    :class:`DiaryError` is raised and no night is returned, so a half-read file
    is never analysed.
    """
    issues: list[DiaryIssue] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = list(reader)
    if not rows:
        raise DiaryError(
            [DiaryIssue(1, "", "the file is empty; expected the diary header")], source
        )
    header = tuple(cell.strip() for cell in rows[0])
    if header != CSV_HEADER:
        raise DiaryError(
            [DiaryIssue(1, "", f"the header must be exactly: {','.join(CSV_HEADER)}")], source
        )
    nights: list[Night] = []
    seen: dict[dt.date, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # a blank line is not a night
        if len(row) != len(CSV_HEADER):
            issues.append(
                DiaryIssue(line, "", f"expected {len(CSV_HEADER)} fields, found {len(row)}")
            )
            continue
        cells = dict(zip(CSV_HEADER, row, strict=True))
        before = len(issues)
        date: dt.date | None = None
        try:
            date = dt.date.fromisoformat(cells["date"].strip())
        except ValueError:
            issues.append(
                DiaryIssue(line, "date", f"'{cells['date'].strip()}' is not a date (YYYY-MM-DD)")
            )
        if date is not None and date in seen:
            issues.append(
                DiaryIssue(line, "date", f"{date.isoformat()} is already on line {seen[date]}")
            )
        phase = _code(PHASES, cells["phase"].strip())
        if phase is None:
            shown = cells["phase"].strip()
            issues.append(DiaryIssue(line, "phase", f"'{shown}' is not one of {', '.join(PHASES)}"))
        cramps = _int_cell(cells["cramps"], line, "cramps", 0, MAX_CRAMPS, issues)
        pain = _int_cell(cells["worst_pain"], line, "worst_pain", 0, MAX_PAIN, issues)
        for problem in night_problems(date=date, cramps=cramps, worst_pain=pain, today=today):
            # A pain cell that is there but unreadable is reported above already.
            if problem.field != "worst_pain" or not cells["worst_pain"].strip():
                issues.append(DiaryIssue(line, problem.field, problem.message))
        awakenings = _int_cell(cells["awakenings"], line, "awakenings", 0, MAX_AWAKENINGS, issues)
        took = _bool_cell(cells["took_dose"], line, "took_dose", issues)
        stretched = _bool_cell(cells["stretched"], line, "stretched", issues)
        side_text = cells["side_effect"].strip()
        side = _code(SIDE_EFFECTS, side_text)
        if side_text and side is None:
            issues.append(
                DiaryIssue(
                    line, "side_effect", f"'{side_text}' is not one of {', '.join(SIDE_EFFECTS)}"
                )
            )
        if len(issues) > before or date is None or phase is None:
            continue
        seen[date] = line
        nights.append(
            Night(
                date=date,
                phase=phase,
                cramps=cramps,
                worst_pain=pain,
                awakenings=awakenings,
                took_dose=took,
                stretched=stretched,
                side_effect=side,
                note=cells["note"],
            )
        )
    if issues:
        raise DiaryError(issues, source)
    nights.sort(key=lambda night: night.date)
    return nights


def _bool_text(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def format_diary_csv(nights: Iterable[Night]) -> str:
    """Write nights as a diary CSV (the same format :func:`parse_diary_csv` reads)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for night in nights:
        writer.writerow(
            [
                night.date.isoformat(),
                night.phase,
                _int_text(night.cramps),
                _int_text(night.worst_pain),
                _int_text(night.awakenings),
                _bool_text(night.took_dose),
                _bool_text(night.stretched),
                night.side_effect or "",
                night.note,
            ]
        )
    return buffer.getvalue()
