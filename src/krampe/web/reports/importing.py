"""Import a diary CSV: every night or none, errors by line and column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from krampe.domain.trial.diary import CSV_HEADER, DiaryError, DiaryIssue, parse_diary_csv
from krampe.web.diary import versions
from krampe.web.diary.models import Night

NOTE_MAX = 500

# What each column allows, in the person's language (the domain's messages are English).
ALLOWED = {
    "date": _("a date written YYYY-MM-DD, each date only once"),
    "phase": _("one of baseline, magnesium, placebo, stretching, run_in"),
    "cramps": _("a whole number from 0 to 20, or empty when the night was not logged"),
    "worst_pain": _("a whole number from 0 to 10; required when cramps is more than 0"),
    "awakenings": _("a whole number from 0 to 20, or empty"),
    "took_dose": _("1 or 0 (yes or no), or empty"),
    "stretched": _("1 or 0 (yes or no), or empty"),
    "side_effect": _("one of none, loose_stools, diarrhea, nausea, other, or empty"),
    "note": _("a text of at most 500 characters"),
}


@dataclass(frozen=True)
class ImportProblem:
    """One bad cell or line, ready for the page."""

    line: int
    column: int | None
    name: str
    value: str
    allowed: str
    detail: str


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    skipped: int


def _cell(rows: list[list[str]], line: int, column: str) -> str:
    try:
        return rows[line - 1][CSV_HEADER.index(column)].strip()
    except (IndexError, ValueError):
        return ""


def explain(issues: list[DiaryIssue], text: str) -> list[ImportProblem]:
    """The problems with the cell as typed and what the column allows."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    out = []
    for issue in issues:
        if issue.column in CSV_HEADER:
            out.append(
                ImportProblem(
                    issue.line,
                    CSV_HEADER.index(issue.column) + 1,
                    issue.column,
                    _cell(rows, issue.line, issue.column),
                    str(ALLOWED[issue.column]),
                    issue.message,
                )
            )
        elif issue.line == 1:
            allowed = _("the first line must be exactly: %(header)s") % {
                "header": ",".join(CSV_HEADER)
            }
            out.append(ImportProblem(1, None, "", "", str(allowed), issue.message))
        else:
            allowed = _("%(count)s fields separated by commas") % {"count": len(CSV_HEADER)}
            out.append(ImportProblem(issue.line, None, "", "", str(allowed), issue.message))
    return out


def _long_notes(text: str) -> list[DiaryIssue]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    index = CSV_HEADER.index("note")
    return [
        DiaryIssue(line, "note", f"{len(row[index])} characters; at most {NOTE_MAX}")
        for line, row in enumerate(rows[1:], start=2)
        if len(row) == len(CSV_HEADER) and len(row[index]) > NOTE_MAX
    ]


def import_diary(user: Any, text: str) -> ImportResult:
    """Store every night of ``text`` for ``user``, or nothing.

    Raises :class:`DiaryError` (every bad cell, by line and column) before
    anything is written. A night already logged on the same date is updated,
    never duplicated. A row with an empty cramp count is a night that was not
    logged: it is skipped and never stored as zero.
    """
    nights = parse_diary_csv(text)
    long_notes = _long_notes(text)
    if long_notes:
        raise DiaryError(long_notes)
    created = updated = skipped = 0
    with transaction.atomic():
        for night in nights:
            if night.cramps is None:
                skipped += 1
                continue
            _, was_created = Night.objects.update_or_create(
                user=user,
                date=night.date,
                defaults={
                    "phase": night.phase,
                    "cramps": night.cramps,
                    "worst_pain": night.worst_pain,
                    # The model stores no "unknown" for awakenings; its default is 0.
                    "awakenings": night.awakenings or 0,
                    "took_dose": night.took_dose,
                    "stretched": night.stretched,
                    "side_effect": night.side_effect or "none",
                    "note": night.note,
                },
            )
            if was_created:
                created += 1
            else:
                updated += 1
        versions.bump(user.pk)  # also when every row was written in bulk
    return ImportResult(created, updated, skipped)
