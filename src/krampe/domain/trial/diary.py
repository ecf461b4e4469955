"""The nightly diary: one row per night, CSV in and out.

A night that was not logged is absent (or has an empty ``cramps`` cell). It is
never read as zero cramps: a forgotten night says nothing about cramps.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

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
PHASES: tuple[str, ...] = ("baseline", "magnesium", "placebo", "stretching", "run_in")
# A stored night without a phase (outside a trial, or blinded before unblinding)
# is read as baseline; a trial's design relabels nights at analysis.
UNLABELLED_PHASE = "baseline"
SIDE_EFFECTS: tuple[str, ...] = ("none", "loose_stools", "diarrhea", "nausea", "other")
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
    phase: str
    cramps: int | None
    worst_pain: int | None = None
    awakenings: int | None = None
    took_dose: bool | None = None
    stretched: bool | None = None
    side_effect: str | None = None
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


# A file with thousands of bad rows is one mistake repeated: show the first ones.
MAX_SHOWN_ISSUES = 50


class DiaryError(ValueError):
    """A diary file with at least one bad row; nothing from it may be analysed."""

    def __init__(self, issues: Sequence[DiaryIssue], source: str = "") -> None:
        self.issues = list(issues)
        self.source = source
        prefix = f"{source}: " if source else ""
        lines = [f"{prefix}{issue}" for issue in self.issues[:MAX_SHOWN_ISSUES]]
        hidden = len(self.issues) - MAX_SHOWN_ISSUES
        if hidden > 0:
            lines.append(f"{prefix}... and {hidden} more problems of the same kinds")
        super().__init__("\n".join(lines))

    @property
    def line(self) -> int:
        """Line of the first problem (1 = the header line)."""
        return self.issues[0].line

    @property
    def column(self) -> str:
        """Column name of the first problem."""
        return self.issues[0].column


_WHOLE_DECIMAL = re.compile(r"^(\d+)[.,]0+$")
_DECIMAL = re.compile(r"^\d+[.,]\d+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ROW_START = re.compile(r"[\r\n]\s*\d{4}-\d{2}-\d{2}\s*[,;]")
# Dates before this, or more than FUTURE_DAYS after today, are typing errors.
MIN_DATE = dt.date(2000, 1, 1)
FUTURE_DAYS = 366


def _int_cell(
    raw: str, line: int, column: str, low: int, high: int, issues: list[DiaryIssue]
) -> int | None:
    text = raw.strip()
    if not text:
        return None
    whole = _WHOLE_DECIMAL.match(text)
    if whole:
        text = whole.group(1)  # "2,0" from a spreadsheet is the whole number 2
    try:
        value = int(text)
    except ValueError:
        if _DECIMAL.match(text):
            message = f"'{text}' is a decimal number; use a whole number ({low}–{high})"
        else:
            message = f"'{text}' is not a whole number ({low}–{high})"
        issues.append(DiaryIssue(line, column, message))
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


def _date_cell(
    raw: str, line: int, today: dt.date | None, issues: list[DiaryIssue]
) -> dt.date | None:
    text = raw.strip()
    date = None
    if _ISO_DATE.match(text):
        try:
            date = dt.date.fromisoformat(text)
        except ValueError:
            date = None
    if date is None:
        issues.append(DiaryIssue(line, "date", f"'{text}' is not a date (YYYY-MM-DD)"))
        return None
    latest = (today or dt.date(2100, 1, 1)) + dt.timedelta(days=FUTURE_DAYS)
    if not MIN_DATE <= date <= latest:
        issues.append(
            DiaryIssue(
                line,
                "date",
                f"{text} is outside {MIN_DATE.isoformat()} to {latest.isoformat()}; check the year",
            )
        )
        return None
    return date


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


def parse_diary(text: str, source: str = "", *, today: dt.date | None = None) -> ParsedDiary:
    """Parse a diary CSV; see :func:`parse_diary_csv`. Also returns warnings."""
    issues: list[DiaryIssue] = []
    text = text.lstrip("\ufeff")
    head = text[:8192].splitlines()
    skip, delimiter, warnings = _header_and_delimiter(head, source)
    stream = io.StringIO(text)
    for _ in range(skip):
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        header_row = next(reader)
    except (StopIteration, csv.Error):
        header_row = []
    header = tuple(cell.strip() for cell in header_row)
    if header != CSV_HEADER:
        raise DiaryError(
            [DiaryIssue(skip + 1, "", f"the header must be exactly: {','.join(CSV_HEADER)}")],
            source,
        )
    nights: list[Night] = []
    seen: dict[dt.date, int] = {}
    previous = reader.line_num
    while True:
        line = skip + previous + 1  # the line the next record starts on
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error:
            issues.append(
                DiaryIssue(
                    line,
                    "",
                    'a quote (") on this line is never closed; put a closing quote at the '
                    "end of the note, or remove the quote",
                )
            )
            break
        previous = reader.line_num
        if any(_ROW_START.search(cell) for cell in row):
            issues.append(
                DiaryIssue(
                    line,
                    "",
                    'a quote (") on this line is not closed before the next row; lines '
                    f"{line} to {skip + previous} were read as one cell",
                )
            )
            continue
        night = _night(row, line, today, seen, issues)
        if night is not None:
            nights.append(night)
    if issues:
        raise DiaryError(issues, source)
    nights.sort(key=lambda night: night.date)
    return ParsedDiary(nights, tuple(warnings))


def _night(
    row: list[str],
    line: int,
    today: dt.date | None,
    seen: dict[dt.date, int],
    issues: list[DiaryIssue],
) -> Night | None:
    """One row as a night; problems go to ``issues`` and give None."""
    if not any(cell.strip() for cell in row):
        return None  # a blank line is not a night
    if len(row) != len(CSV_HEADER):
        issues.append(DiaryIssue(line, "", f"expected {len(CSV_HEADER)} fields, found {len(row)}"))
        return None
    cells = dict(zip(CSV_HEADER, row, strict=True))
    before = len(issues)
    date = _date_cell(cells["date"], line, today, issues)
    if date is not None and date in seen:
        issues.append(
            DiaryIssue(line, "date", f"{date.isoformat()} is already on line {seen[date]}")
        )
    phase = cells["phase"].strip()
    if phase not in PHASES:
        issues.append(DiaryIssue(line, "phase", f"'{phase}' is not one of {', '.join(PHASES)}"))
    cramps = _int_cell(cells["cramps"], line, "cramps", 0, MAX_CRAMPS, issues)
    pain = _int_cell(cells["worst_pain"], line, "worst_pain", 0, MAX_PAIN, issues)
    if cramps is not None and cramps > 0 and pain is None and not cells["worst_pain"].strip():
        issues.append(DiaryIssue(line, "worst_pain", "required (0–10) when cramps is more than 0"))
    awakenings = _int_cell(cells["awakenings"], line, "awakenings", 0, MAX_AWAKENINGS, issues)
    took = _bool_cell(cells["took_dose"], line, "took_dose", issues)
    stretched = _bool_cell(cells["stretched"], line, "stretched", issues)
    side = cells["side_effect"].strip() or None
    if side is not None and side not in SIDE_EFFECTS:
        issues.append(
            DiaryIssue(line, "side_effect", f"'{side}' is not one of {', '.join(SIDE_EFFECTS)}")
        )
    if len(issues) > before or date is None:
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
        note=cells["note"],
    )


def parse_diary_csv(text: str, source: str = "", *, today: dt.date | None = None) -> list[Night]:
    """Parse a diary CSV into nights sorted by date.

    Every bad cell is collected with its line and column; if there is any, a
    :class:`DiaryError` is raised and no night is returned, so a half-read file
    is never analysed. Dates must be ``YYYY-MM-DD`` from 2000 to a year after
    ``today``. A semicolon-separated file (Danish Excel) is read as such; use
    :func:`parse_diary` to get the warning that says so.
    """
    return parse_diary(text, source, today=today).nights


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
