"""The nightly diary: one row per night, CSV in and out.

A night that was not logged is absent (or has an empty ``cramps`` cell). It is
never read as zero cramps: a forgotten night says nothing about cramps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from krampe.domain.text import (
    control_character,
    neutralise_formula,
    plural,
    restore_formula,
)
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


# A file with thousands of bad rows is one mistake repeated: show the first ones.
MAX_SHOWN_ISSUES = 50


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
        shown = self.issues[:MAX_SHOWN_ISSUES]
        lines = [f"{prefix}{issue}" for issue in shown]
        if self.total > len(shown):
            extra = self.total - len(shown)
            lines.append(f"{prefix}and {extra} more {plural(extra, 'problem', 'problems')}")
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


_WHOLE_DECIMAL = re.compile(r"^(\d+)[.,]0+$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROW_START = re.compile(r"[\r\n]\s*\d{4}-\d{2}-\d{2}\s*[,;]")
# Without upload limits: dates before EARLIEST_NIGHT (the form's rule too), or
# more than FUTURE_DAYS after today, are typing errors (a year 0001 would make a
# 740 000-night diary).
FUTURE_DAYS = 366


def _int_cell(
    raw: str, line: int, column: str, low: int, high: int, issues: list[DiaryIssue]
) -> int | None:
    written = raw.strip()
    if not written:
        return None
    whole = _WHOLE_DECIMAL.match(written)
    text = whole.group(1) if whole else written  # "2,0" from a spreadsheet is 2
    try:
        value = int(text)
    except ValueError:
        if _DECIMAL.match(text):
            message = f"'{text}' is a decimal number; use a whole number ({low}–{high})"
        else:
            message = f"'{text}' is not a whole number ({low}–{high})"
        issues.append(DiaryIssue(line, column, message, text))
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


@dataclass(frozen=True, slots=True)
class DecodedDiary:
    """A diary file's text and how it was read (warnings in English, for the shells)."""

    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_diary(data: bytes, source: str = "") -> DecodedDiary:
    """Bytes of a diary file as text: UTF-8 (with or without BOM), UTF-16, cp1252/latin-1.

    Anything but UTF-8 is read with a warning; a file that is not text at all
    is a :class:`DiaryError`.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = data.decode("utf-16"), "utf-16"
        warnings.append("the file is UTF-16 (Excel 'Unicode text'); it was read as such")
    elif len(data) > 1 and data.count(b"\x00") * 3 > len(data):
        encoding = "utf-16-le" if data[1:2] == b"\x00" else "utf-16-be"
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            issue = DiaryIssue(1, "", "the file is not a text (CSV) file")
            raise DiaryError([issue], source) from None
        warnings.append("the file is UTF-16 without a byte-order mark; it was read as such")
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = data.decode("latin-1"), "latin-1"
            line = data[: exc.start].count(b"\n") + 1
            warnings.append(
                f"the file is not UTF-8 (first odd byte on line {line}); it was read as "
                f"{encoding} (Windows/Excel Western European). Check letters such as æ, ø, å "
                "in notes, or save the file as CSV UTF-8"
            )
    text = text.lstrip("\ufeff")
    sample = text[:4096]
    odd = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if sample and odd * 10 > len(sample):
        raise DiaryError([DiaryIssue(1, "", "the file is not a text (CSV) file")], source)
    return DecodedDiary(text, encoding, tuple(warnings))


@dataclass(frozen=True, slots=True)
class ParsedDiary:
    """Nights sorted by date, and how the file was read."""

    nights: list[Night]
    warnings: tuple[str, ...] = ()


def _header_and_delimiter(lines: list[str], source: str) -> tuple[int, str, list[str]]:
    """Index of the header line, the delimiter, and warnings (Danish Excel uses ';')."""
    index = 0
    delimiter = ","
    warnings: list[str] = []
    while index < len(lines) and not lines[index].strip():
        index += 1
    if index >= len(lines):
        raise DiaryError(
            [DiaryIssue(1, "", "the file is empty; expected the diary header")], source
        )
    first = lines[index].strip()
    if first.lower().startswith("sep=") and len(first) == 5:
        delimiter = first[4]
        index += 1
        if index >= len(lines):
            raise DiaryError(
                [DiaryIssue(index, "", "the file has no header after the sep= line")], source
            )
    header_line = lines[index]
    if delimiter == "," and header_line.count(";") >= len(CSV_HEADER) - 1:
        delimiter = ";"
    if delimiter != ",":
        warnings.append(
            f"the file is separated by '{delimiter}' (as Danish Excel saves CSV), not by "
            "commas; it was read that way"
        )
    return index, delimiter, warnings


def parse_diary(
    text: str,
    source: str = "",
    limits: DiaryLimits | None = None,
    *,
    today: dt.date | None = None,
) -> ParsedDiary:
    """Parse a diary CSV; see :func:`parse_diary_csv`. Also returns warnings."""
    issues = _Issues(limits.max_issues if limits is not None else None)
    text = text.lstrip("\ufeff")
    skip, delimiter, warnings = _header_and_delimiter(text[:8192].splitlines(), source)
    stream = io.StringIO(text)
    for _ in range(skip):
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        header_row = next(reader)
    except (StopIteration, csv.Error):
        header_row = []
    if tuple(cell.strip() for cell in header_row) != CSV_HEADER:
        raise DiaryError(
            [DiaryIssue(skip + 1, "", f"the header must be exactly: {','.join(CSV_HEADER)}")],
            source,
        )
    nights: list[Night] = []
    seen: dict[dt.date, int] = {}
    previous = reader.line_num
    rows = 0
    while True:
        line = skip + previous + 1  # the line the next record starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            issues.append(DiaryIssue(line, "", _UNCLOSED_QUOTE))
            break
        previous = reader.line_num
        rows += 1
        if limits is not None and rows > limits.max_rows:
            raise DiaryError(
                [
                    DiaryIssue(
                        line,
                        "",
                        f"the file has more than {limits.max_rows} nights; "
                        f"at most {limits.max_rows} can be read at once",
                        code="too_many_rows",
                    )
                ],
                source,
            )
        if any(_ROW_START.search(cell) for cell in row):
            last = skip + previous
            message = f"{_OPEN_QUOTE}; lines {line} to {last} were read as one cell"
            issues.append(DiaryIssue(line, "", message))
            continue
        night = _night(row, line, limits, today, seen, issues)
        if night is not None:
            nights.append(night)
    if issues.total:
        raise DiaryError(issues, source, issues.total)
    nights.sort(key=lambda night: night.date)
    return ParsedDiary(nights, tuple(warnings))


_UNCLOSED_QUOTE = (
    'a quote (") on this line is never closed; put a closing quote at the end of the note, '
    "or remove the quote"
)
_OPEN_QUOTE = 'a quote (") on this line is not closed before the next row'


def _night(
    row: list[str],
    line: int,
    limits: DiaryLimits | None,
    today: dt.date | None,
    seen: dict[dt.date, int],
    issues: _Issues,
) -> Night | None:
    """One row as a night; problems go to ``issues`` and give None."""
    if not any(cell.strip() for cell in row):
        return None  # a blank line is not a night
    if len(row) != len(CSV_HEADER):
        issues.append(DiaryIssue(line, "", f"expected {len(CSV_HEADER)} fields, found {len(row)}"))
        return None
    cells = dict(zip(CSV_HEADER, row, strict=True))
    before = issues.total
    date = _date_cell(cells["date"].strip(), line, limits, today, issues)
    if date is not None and date in seen:
        taken = f"{date.isoformat()} is already on line {seen[date]}"
        issues.append(DiaryIssue(line, "date", taken, cells["date"].strip()))
    phase_text = cells["phase"].strip()
    phase = _code(PHASES, phase_text)
    if phase is None:
        message = f"'{phase_text}' is not one of {', '.join(PHASES)}"
        issues.append(DiaryIssue(line, "phase", message, phase_text))
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
        message = f"'{side_text}' is not one of {', '.join(SIDE_EFFECTS)}"
        issues.append(DiaryIssue(line, "side_effect", message, side_text))
    note = _note_cell(cells["note"], line, limits, issues)
    if issues.total > before or date is None or phase is None:
        return None
    seen[date] = line
    return Night(
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


def parse_diary_csv(
    text: str,
    source: str = "",
    limits: DiaryLimits | None = None,
    *,
    today: dt.date | None = None,
) -> list[Night]:
    """Parse a diary CSV into nights sorted by date.

    Every bad cell is collected with its line and column; if there is any, a
    :class:`DiaryError` is raised and no night is returned, so a half-read file
    is never analysed. Dates must be written ``YYYY-MM-DD``; with ``limits``
    they must lie in its range, without from 2000 to a year after ``today``.
    With ``limits``, a file of more rows than allowed is refused as soon as
    the reader passes the limit, and only the first ``max_issues`` problems
    are kept (all are counted). A semicolon-separated file (Danish Excel) is
    read as such (:func:`parse_diary` also returns the warning that says so);
    a quote that is never closed, or that swallows the next rows, is an error
    naming its line. A note may not hold control characters other than tab
    and line breaks; a note written with a leading ``'`` against spreadsheet
    formulas is read back without it.
    """
    return parse_diary(text, source, limits, today=today).nights


def _date_cell(
    raw: str, line: int, limits: DiaryLimits | None, today: dt.date | None, issues: _Issues
) -> dt.date | None:
    date = None
    if _ISO_DATE.match(raw):
        try:
            date = dt.date.fromisoformat(raw)
        except ValueError:
            date = None
    if date is None:
        issues.append(DiaryIssue(line, "date", f"'{raw}' is not a date (YYYY-MM-DD)", raw))
        return None
    if limits is None:
        latest = (today or dt.date(2100, 1, 1)) + dt.timedelta(days=FUTURE_DAYS)
        if not EARLIEST_NIGHT <= date <= latest:
            message = (
                f"{raw} is outside {EARLIEST_NIGHT.isoformat()} to {latest.isoformat()}; "
                "check the year"
            )
            issues.append(DiaryIssue(line, "date", message, raw))
            return None
        return date
    return date  # an upload's dates are held to the nightly form's window (_night)


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
