"""The nightly diary: one row per night, CSV in and out.

A night that was not logged is absent (or has an empty ``cramps`` cell). It is
never read as zero cramps: a forgotten night says nothing about cramps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from krampe.domain.text import control_character, neutralise_formula, restore_formula
from krampe.domain.trial.night_rules import EARLIEST_NIGHT as EARLIEST_NIGHT
from krampe.domain.trial.night_rules import NightWindow, night_problems
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

MAX_NOTE = 500
# Ten years of nights: far more than any trial needs, and it bounds every export.
MAX_NIGHTS = 3660

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
    value: str = ""  # the cell as written (empty for a whole-line problem)
    code: str = ""  # "too_many_rows" for a file over DiaryLimits.max_rows

    def __str__(self) -> str:
        if self.column:
            number = CSV_HEADER.index(self.column) + 1 if self.column in CSV_HEADER else 0
            where = f"line {self.line}, column {number} ({self.column})"
        else:
            where = f"line {self.line}"
        return f"{where}: {self.message}"


class DiaryError(ValueError):
    """A diary file with at least one bad row; nothing from it may be analysed.

    ``issues`` may be the first few of ``total`` problems (see ``DiaryLimits.max_issues``).
    """

    def __init__(
        self, issues: Sequence[DiaryIssue], source: str = "", total: int | None = None
    ) -> None:
        self.issues = list(issues)
        self.source = source
        self.total = len(self.issues) if total is None else total
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{issue}" for issue in self.issues]
        if self.total > len(self.issues):
            lines.append(f"{prefix}and {self.total - len(self.issues)} more problems")
        super().__init__("\n".join(lines))

    @property
    def line(self) -> int:
        """Line of the first problem (1 = the header line)."""
        return self.issues[0].line

    @property
    def column(self) -> str:
        """Column name of the first problem."""
        return self.issues[0].column


@dataclass(frozen=True, slots=True)
class DiaryLimits:
    """Bounds on a file from someone else (an upload): size, dates, notes, report length.

    The defaults of :func:`parse_diary_csv` (no limits) suit the command line,
    which reads the person's own files.
    """

    max_rows: int
    window: NightWindow  # the nights the file may hold: the nightly form's window
    # Nights already in the diary: the file may change them whatever their date, as the
    # nightly form changes a stored night (the export of a diary imports again).
    stored: frozenset[dt.date] = frozenset()
    max_note: int = MAX_NOTE
    max_issues: int = 100


class _Issues(list[DiaryIssue]):
    """Keeps the first ``keep`` problems and counts all of them."""

    def __init__(self, keep: int | None) -> None:
        super().__init__()
        self.keep = keep
        self.total = 0

    def append(self, issue: DiaryIssue) -> None:
        self.total += 1
        if self.keep is None or len(self) < self.keep:
            super().append(issue)


def _int_cell(
    raw: str, line: int, column: str, low: int, high: int, issues: list[DiaryIssue]
) -> int | None:
    text = raw.strip()
    if not text:
        return None
    try:
        value = int(text)
    except ValueError:
        issues.append(
            DiaryIssue(line, column, f"'{text}' is not a whole number ({low}–{high})", text)
        )
        return None
    if not low <= value <= high:
        issues.append(DiaryIssue(line, column, f"{value} is outside {low}–{high}", text))
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
    issues.append(
        DiaryIssue(line, column, f"'{raw.strip()}' is not yes/no (use 1 or 0)", raw.strip())
    )
    return None


def _code(allowed: tuple[Code, ...], text: str) -> Code | None:
    return next((code for code in allowed if code == text), None)


def parse_diary_csv(text: str, source: str = "", limits: DiaryLimits | None = None) -> list[Night]:
    """Parse a diary CSV into nights sorted by date.

    Every bad cell is collected with its line and column; if there is any, a
    :class:`DiaryError` is raised and no night is returned, so a half-read file
    is never analysed. With ``limits``, a file of more rows than allowed is
    refused before any row is read, dates must lie in the allowed range, and
    only the first ``max_issues`` problems are kept (all are counted). A note
    may not hold control characters other than tab and line breaks; a note
    written with a leading ``'`` against spreadsheet formulas is read back
    without it.
    """
    issues = _Issues(limits.max_issues if limits is not None else None)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = _read_rows(reader, limits, source)
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
        before = issues.total
        date = _date_cell(cells["date"].strip(), line, issues)
        if date is not None and date in seen:
            issues.append(
                DiaryIssue(
                    line,
                    "date",
                    f"{date.isoformat()} is already on line {seen[date]}",
                    cells["date"].strip(),
                )
            )
        phase_text = cells["phase"].strip()
        phase = _code(PHASES, phase_text)
        if phase is None:
            issues.append(
                DiaryIssue(
                    line, "phase", f"'{phase_text}' is not one of {', '.join(PHASES)}", phase_text
                )
            )
        cramps = _int_cell(cells["cramps"], line, "cramps", 0, MAX_CRAMPS, issues)
        pain = _int_cell(cells["worst_pain"], line, "worst_pain", 0, MAX_PAIN, issues)
        # The nightly form's rules: an upload's dates in the diary's window, the pain rule.
        window = None
        if limits is not None and date not in limits.stored:
            window = limits.window
        for problem in night_problems(date=date, cramps=cramps, worst_pain=pain, window=window):
            if problem.field == "date":
                issues.append(DiaryIssue(line, "date", problem.message, cells["date"].strip()))
                date = None
            elif not cells["worst_pain"].strip():  # an unreadable pain is reported above
                issues.append(DiaryIssue(line, problem.field, problem.message))
        awakenings = _int_cell(cells["awakenings"], line, "awakenings", 0, MAX_AWAKENINGS, issues)
        took = _bool_cell(cells["took_dose"], line, "took_dose", issues)
        stretched = _bool_cell(cells["stretched"], line, "stretched", issues)
        side_text = cells["side_effect"].strip()
        side = _code(SIDE_EFFECTS, side_text)
        if side_text and side is None:
            issues.append(
                DiaryIssue(
                    line,
                    "side_effect",
                    f"'{side_text}' is not one of {', '.join(SIDE_EFFECTS)}",
                    side_text,
                )
            )
        note = _note_cell(cells["note"], line, limits, issues)
        if issues.total > before or date is None or phase is None:
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
                note=note,
            )
        )
    if issues.total:
        raise DiaryError(issues, source, issues.total)
    nights.sort(key=lambda night: night.date)
    return nights


def _read_rows(
    reader: Iterable[list[str]], limits: DiaryLimits | None, source: str
) -> list[list[str]]:
    """All rows, or a :class:`DiaryError` as soon as there are more than the limit allows."""
    if limits is None:
        return list(reader)
    rows: list[list[str]] = []
    for row in reader:
        rows.append(row)
        if len(rows) > limits.max_rows + 1:  # the header is not a night
            raise DiaryError(
                [
                    DiaryIssue(
                        len(rows),
                        "",
                        f"the file has more than {limits.max_rows} nights; "
                        f"at most {limits.max_rows} can be read at once",
                        code="too_many_rows",
                    )
                ],
                source,
            )
    return rows


def _date_cell(raw: str, line: int, issues: _Issues) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        issues.append(DiaryIssue(line, "date", f"'{raw}' is not a date (YYYY-MM-DD)", raw))
        return None


def _note_cell(raw: str, line: int, limits: DiaryLimits | None, issues: _Issues) -> str:
    note = restore_formula(raw)
    bad = control_character(note, multiline=True)
    if bad is not None:
        issues.append(DiaryIssue(line, "note", f"contains the control character {bad}", note))
    if limits is not None and len(note) > limits.max_note:
        issues.append(
            DiaryIssue(line, "note", f"{len(note)} characters; at most {limits.max_note}", note)
        )
    return note


def _bool_text(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


def _int_text(value: int | None) -> str:
    return "" if value is None else str(value)


def format_diary_csv(nights: Iterable[Night]) -> str:
    """Write nights as a diary CSV (the same format :func:`parse_diary_csv` reads)."""
    return "".join(diary_csv_lines(nights))


def diary_csv_lines(nights: Iterable[Night]) -> Iterator[str]:
    """The diary CSV line by line (the header first), for writing or streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    yield _take(buffer)
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
                # A note is the only free text: never a formula when opened in a spreadsheet.
                neutralise_formula(night.note),
            ]
        )
        yield _take(buffer)


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
