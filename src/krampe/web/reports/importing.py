"""Import a diary CSV: every night or none, errors by line and column, one bulk write."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from krampe.domain.text import control_character
from krampe.domain.trial.diary import (
    CSV_HEADER,
    MAX_NIGHTS,
    MAX_NOTE,
    DiaryIssue,
    DiaryLimits,
    parse_diary_csv,
)
from krampe.domain.trial.night_rules import NightWindow
from krampe.domain.vocab import PHASES, SIDE_EFFECTS
from krampe.web.accounts.models import User
from krampe.web.core import reportcache
from krampe.web.diary.models import Night
from krampe.web.diary.services import night_window_for, row_fields

MAX_PROBLEMS = 100  # the error page lists these; the rest are counted
SHOWN_VALUE = 40  # characters of a bad cell shown on the page

# What each column allows, in the person's language (the domain's messages are English).
# The file holds codes, so the allowed codes are named as written in the file.
ALLOWED = {
    "date": _(
        "a date written YYYY-MM-DD from %(earliest)s to %(latest)s (the nights the nightly "
        "log accepts) or of a night already in your diary, each date only once"
    ),
    "phase": format_lazy(_("one of {codes}"), codes=", ".join(PHASES)),
    "cramps": _("a whole number from 0 to 20, or empty when the night was not logged"),
    "worst_pain": _("a whole number from 0 to 10; required when cramps is more than 0"),
    "awakenings": _("a whole number from 0 to 20, or empty"),
    "took_dose": _("1 or 0 (yes or no), or empty"),
    "stretched": _("1 or 0 (yes or no), or empty"),
    "side_effect": format_lazy(_("one of {codes}, or empty"), codes=", ".join(SIDE_EFFECTS)),
    "note": _("a text of at most 500 characters, without control characters"),
}
_UPDATED = ("phase", "cramps", "worst_pain", "awakenings", "took_dose", "stretched")
UPDATED_FIELDS = [*_UPDATED, "side_effect", "note", "updated_at"]


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


class TooManyNights(ValueError):
    """The import would take the person's diary over MAX_NIGHTS."""

    def __init__(self, total: int) -> None:
        super().__init__(f"{total} nights; at most {MAX_NIGHTS}")
        self.total = total


def limits(user: User) -> DiaryLimits:
    """What an uploaded diary may hold: MAX_NIGHTS rows, the nights the nightly form
    accepts from ``user`` now (``services.night_window_for``)."""
    return DiaryLimits(
        max_rows=MAX_NIGHTS,
        window=night_window_for(user),
        stored=frozenset(Night.objects.filter(user=user).values_list("date", flat=True)),
        max_note=MAX_NOTE,
        max_issues=MAX_PROBLEMS,
    )


def _shown(value: str) -> str:
    """A bad cell as the page shows it: short, control characters made visible."""
    visible = "".join("\ufffd" if control_character(c, multiline=False) else c for c in value)
    return visible if len(visible) <= SHOWN_VALUE else visible[:SHOWN_VALUE] + "…"


def _allowed(column: str, window: NightWindow) -> str:
    text = str(ALLOWED[column])
    if column == "date":
        return text % {
            "earliest": formats.date_format(window.earliest, "DATE_FORMAT"),
            "latest": formats.date_format(window.latest, "DATE_FORMAT"),
        }
    return text


def explain(issues: list[DiaryIssue], user: User) -> list[ImportProblem]:
    """The problems with the cell as typed and what the column allows for ``user``."""
    window = night_window_for(user)
    out = []
    for issue in issues:
        if issue.column in CSV_HEADER:
            out.append(
                ImportProblem(
                    issue.line,
                    CSV_HEADER.index(issue.column) + 1,
                    issue.column,
                    _shown(issue.value),
                    _allowed(issue.column, window),
                    issue.message,
                )
            )
        elif issue.code == "too_many_rows":
            allowed = _("at most %(count)s nights in one file") % {"count": MAX_NIGHTS}
            out.append(ImportProblem(issue.line, None, "", "", str(allowed), issue.message))
        elif issue.line == 1:
            allowed = _("the first line must be exactly: %(header)s") % {
                "header": ",".join(CSV_HEADER)
            }
            out.append(ImportProblem(1, None, "", "", str(allowed), issue.message))
        else:
            allowed = _("%(count)s fields separated by commas") % {"count": len(CSV_HEADER)}
            out.append(ImportProblem(issue.line, None, "", "", str(allowed), issue.message))
    return out


def import_diary(user: User, text: str) -> ImportResult:
    """Store every night of ``text`` for ``user``, or nothing.

    Raises :class:`DiaryError` (the first problems, by line and column, and
    their count) before anything is written, and :class:`TooManyNights` when
    the diary would hold more than MAX_NIGHTS. A night already logged on the
    same date is updated, never duplicated. A row with an empty cramp count is
    a night that was not logged: it is skipped and never stored as zero. The
    nights are written in one bulk upsert, so on SQLite the write lock is held
    for milliseconds, not for a query per night.
    """
    parsed = parse_diary_csv(text, limits=limits(user))
    nights = [n for n in parsed if n.cramps is not None]
    skipped = len(parsed) - len(nights)
    rows = [Night(user=user, date=night.date, **row_fields(night, night.phase)) for night in nights]
    with transaction.atomic():
        stored = set(Night.objects.filter(user=user).values_list("date", flat=True))
        new = sum(1 for row in rows if row.date not in stored)
        if len(stored) + new > MAX_NIGHTS:
            raise TooManyNights(len(stored) + new)
        Night.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["user", "date"],
            update_fields=UPDATED_FIELDS,
        )
        reportcache.bump(user.pk)  # a bulk write sends no signal
    return ImportResult(new, len(rows) - new, skipped)
