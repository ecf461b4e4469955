"""The diary as phone-readable SVG charts, written directly (no matplotlib).

:func:`diary_svg` draws cramps per night (per week for a long diary), the phases
as coloured bars, the month names as Danes or English speakers write them, and
a legend in its own band above the plot, so it never covers a bar.
:func:`habits_svg` draws, week by week, the share of nights the dose was taken
and the nights with a side effect.

Both are pure functions of the nights and the language: the same diary gives
the same bytes, so a page that embeds them can be cached on the diary's
version. Their size does not grow with the diary: beyond
:data:`DAILY_MAX_NIGHTS` nights they draw one bar a week, and they show at most
the last :data:`SVG_MAX_NIGHTS` nights.

The SVG carries presentation attributes only (``fill``, ``font-size``), never a
``<style>`` element or a ``style`` attribute, so the pages' Content-Security-Policy
allows it. Its coordinates are CSS pixels at the narrowest phone's width
(:data:`WIDTH`) and its text is :data:`FONT` units high: drawn at the width of a
phone's content column (288 px on a 320 px screen) or wider, no text is smaller
than 12 px.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from krampe.domain.formats import MONTHS_SHORT, decimal, format_date
from krampe.domain.labels import label as code_label
from krampe.domain.trial.diary import Night
from krampe.domain.trial.weeks import Week, week_groups, weekly
from krampe.domain.vocab import PHASES, Lang, Phase, lang_or_default

WIDTH = 320  # CSS px: the chart is drawn for the narrowest phone, and scales up
FONT = 14  # text height in the same units: at 288 px wide it is drawn at 12.6 px
LINE = FONT + 6
LEFT = 30  # room for the y axis labels
RIGHT = 8
PLOT_HEIGHT = 150
SMALL_PLOT = 70
# Up to this many nights a bar per night; beyond, a bar per week (its mean).
DAILY_MAX_NIGHTS = 120
# The charts show at most the last two years; the weekly table has every night.
SVG_MAX_NIGHTS = 2 * 366

PHASE_FILL: dict[str, str] = {
    "baseline": "#6b6b6b",
    "magnesium": "#1f6fb2",
    "placebo": "#b35806",
    "stretching": "#2e7d32",
    "run_in": "#b0b0b0",
}
MIXED_FILL = "#8c6bb1"  # a week that spans two phases
MISSING_FILL = "#000000"
TEXT_FILL = "#1a1a1a"
GRID = "#cccccc"

_WORDS: dict[Lang, dict[str, str]] = {
    "da": {
        "title": "Kramper pr. nat",
        "title_weekly": "Kramper pr. nat, gennemsnit for hver uge",
        "missing": "ikke registreret",
        "mixed": "to faser",
        "habits": "Hver uge: nætter med dosis taget og nætter med bivirkninger",
        "dose": "Dosis taget (% af nætterne)",
        "side": "Nætter med bivirkninger",
    },
    "en": {
        "title": "Cramps per night",
        "title_weekly": "Cramps per night, mean of each week",
        "missing": "not logged",
        "mixed": "two phases",
        "habits": "Each week: nights the dose was taken and nights with side effects",
        "dose": "Dose taken (% of nights)",
        "side": "Nights with side effects",
    },
}


@dataclass(frozen=True)
class PhaseMean:
    """The logged nights of one phase and their mean cramps per night."""

    phase: Phase
    nights: int
    mean_cramps: float


def phase_means(nights: Sequence[Night]) -> tuple[PhaseMean, ...]:
    """Mean cramps per logged night in each phase, in the phases' order; a night
    that was not logged counts in no phase."""
    totals: dict[str, list[int]] = {}
    for night in nights:
        if night.cramps is not None:
            totals.setdefault(night.phase, []).append(night.cramps)
    return tuple(
        PhaseMean(phase, len(totals[phase]), sum(totals[phase]) / len(totals[phase]))
        for phase in PHASES
        if phase in totals
    )


def is_limited(nights: Sequence[Night]) -> bool:
    """Whether the charts leave out the oldest of ``nights`` (over SVG_MAX_NIGHTS days)."""
    dates = [n.date for n in nights if n.cramps is not None]
    if not dates:
        return False
    return (max(dates) - min(dates)).days + 1 > SVG_MAX_NIGHTS


def svg_uri(svg: str) -> str:
    """A chart as a ``data:`` URI for an ``<img>`` (empty for no chart)."""
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def shown_nights(nights: Sequence[Night]) -> list[Night]:
    """The nights the charts draw: those of the SVG_MAX_NIGHTS days up to the last
    logged night, by date."""
    ordered = sorted(nights, key=lambda n: n.date)
    logged = [n.date for n in ordered if n.cramps is not None]
    if not logged:
        return []
    since = logged[-1] - dt.timedelta(days=SVG_MAX_NIGHTS - 1)
    return [n for n in ordered if since <= n.date <= logged[-1]]


@dataclass(frozen=True)
class _Bar:
    start: dt.date
    days: int
    value: float | None  # None: not logged
    fill: str


def _bars(nights: Sequence[Night]) -> tuple[list[_Bar], bool]:
    """A bar per night, or per week when the diary is long; and whether weekly."""
    logged = [n for n in nights if n.cramps is not None]
    if not logged:
        return [], False
    first, last = logged[0].date, logged[-1].date
    if (last - first).days + 1 <= DAILY_MAX_NIGHTS:
        by_date = {n.date: n for n in logged}
        bars = []
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            night = by_date.get(day)
            if night is None:
                bars.append(_Bar(day, 1, None, MISSING_FILL))
            else:
                bars.append(_Bar(day, 1, float(night.cramps or 0), PHASE_FILL[night.phase]))
        return bars, False
    return [_week_bar(week) for week in weekly(logged)], True


def _week_bar(week: Week) -> _Bar:
    fill = PHASE_FILL[week.phase] if week.phase is not None else MIXED_FILL
    return _Bar(week.start, 7, week.mean, fill)


def _nice_top(value: float) -> int:
    for top in (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20):
        if value <= top:
            return top
    return int(value) + 1


def _text(x: float, y: float, text: str, anchor: str = "start", weight: str = "") -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT}" fill="{TEXT_FILL}" '
        f'text-anchor="{anchor}"{bold}>{escape(text)}</text>'
    )


def _text_width(text: str) -> float:
    """A safe estimate of the drawn width of ``text`` (sans-serif, FONT high)."""
    return len(text) * FONT * 0.6


def _legend(items: Sequence[tuple[str, str]], top: float) -> tuple[list[str], float]:
    """Swatches and names in rows above the plot; the parts and the height used."""
    parts: list[str] = []
    x, y = 0.0, top
    for fill, name in items:
        width = FONT + 4 + _text_width(name) + 12
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + LINE
        parts.append(
            f'<rect x="{x:.1f}" y="{y + 3:.1f}" width="{FONT - 2}" height="{FONT - 2}" '
            f'fill="{fill}"/>'
        )
        parts.append(_text(x + FONT + 2, y + FONT, name))
        x += width
    return parts, y + LINE - top


def _months(first: dt.date, days: int, lang: Lang) -> list[tuple[dt.date, str]]:
    """Month starts to label, spaced so that the labels never touch."""
    starts: list[dt.date] = []
    day = dt.date(first.year, first.month, 1)
    end = first + dt.timedelta(days=days)
    while day < end:
        if day >= first:
            starts.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if not starts:
        return []
    plot = WIDTH - LEFT - RIGHT
    room = max(1, int(plot / (_text_width("sept. 2026") + 6)))
    step = next(s for s in (1, 2, 3, 4, 6, 12, 24) if len(starts) / s <= room)
    chosen = [d for d in starts if (d.year * 12 + d.month - 1) % step == 0] or starts[:1]
    out = []
    for start in chosen:
        name = MONTHS_SHORT[lang][start.month - 1]
        if start.month == 1:
            name = f"{name} {start.year}"
        out.append((start, name))
    return out


def _month_labels(first: dt.date, days: int, lang: Lang, y: float) -> list[str]:
    """The date labels along the bottom: the first night's date ("6. okt. 2026"), then
    each month's first night ("nov.", "jan. 2027") that does not touch the label
    before it; a label that would run past the right edge ends there instead."""
    opening = format_date(first, "SHORT_DATE_FORMAT", lang)
    parts = [_text(LEFT, y, opening)]
    taken = LEFT + _text_width(opening) + 6
    for start, name in _months(first, days, lang):
        x = _x(start, first, days)
        if x + _text_width(name) > WIDTH:
            x = WIDTH - _text_width(name)
        if x < taken:
            continue
        parts.append(_text(x, y, name))
        taken = x + _text_width(name) + 6
    return parts


def _frame(parts: Sequence[str], height: float, title: str) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'font-family="DejaVu Sans, Arial, Helvetica, sans-serif">'
        # A white ground: the chart keeps its contrast on a page in dark mode.
        f'<title>{escape(title)}</title><rect width="{WIDTH}" height="{height:.0f}" '
        f'fill="#ffffff"/>{body}</svg>'
    )


def _x(day: dt.date, first: dt.date, days: int) -> float:
    return LEFT + (day - first).days * (WIDTH - LEFT - RIGHT) / days


def diary_svg(nights: Sequence[Night], lang: str = "da") -> str:
    """Cramps per night (per week beyond DAILY_MAX_NIGHTS nights), coloured by phase,
    months along the bottom, nights not logged marked, the legend above the plot.
    An empty string when no night is logged."""
    code = lang_or_default(lang)
    words = _WORDS[code]
    shown = shown_nights(nights)
    bars, by_week = _bars(shown)
    if not bars:
        return ""
    first = bars[0].start
    days = (bars[-1].start - first).days + bars[-1].days
    present = [p for p in PHASES if any(b.fill == PHASE_FILL[p] for b in bars)]
    items = [(PHASE_FILL[p], code_label("phase", p, code)) for p in present]
    if any(b.fill == MIXED_FILL for b in bars):
        items.append((MIXED_FILL, words["mixed"]))
    if any(b.value is None for b in bars):
        items.append((MISSING_FILL, words["missing"]))
    parts = [_text(0, FONT, words["title_weekly" if by_week else "title"], weight="bold")]
    legend, used = _legend(items, LINE + 2)
    parts += legend
    top = LINE + 2 + used + FONT / 2  # the plot starts below the legend
    bottom = top + PLOT_HEIGHT
    highest = max((b.value for b in bars if b.value is not None), default=0.0)
    y_top = _nice_top(highest)
    for tick in sorted({0, y_top // 2, y_top}):
        y = bottom - tick * PLOT_HEIGHT / y_top
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 4, y + FONT / 3, str(tick), anchor="end"))
    slot = (WIDTH - LEFT - RIGHT) / days
    for bar in bars:
        x = _x(bar.start, first, days)
        width = max(slot * bar.days * 0.8, 0.6)
        if bar.value is None:
            # A short dark mark under the axis: a missing night, never a zero.
            parts.append(
                f'<rect x="{x:.2f}" y="{bottom + 2:.1f}" width="{width:.2f}" height="4" '
                f'fill="{MISSING_FILL}"/>'
            )
            continue
        height = bar.value * PLOT_HEIGHT / y_top
        parts.append(
            f'<rect x="{x:.2f}" y="{bottom - height:.2f}" width="{width:.2f}" '
            f'height="{height:.2f}" fill="{bar.fill}"/>'
        )
    label_y = bottom + 8 + FONT
    for start, _name in _months(first, days, code):
        x = _x(start, first, days)
        parts.append(
            f'<line x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 6:.1f}" '
            f'stroke="{TEXT_FILL}" stroke-width="1"/>'
        )
    parts += _month_labels(first, days, code, label_y)
    return _frame(parts, label_y + 6, words["title"])


@dataclass(frozen=True)
class WeekHabits:
    """One week's logged nights: the dose taken, and side effects."""

    start: dt.date
    nights: int
    dose_share: float | None  # of the nights that answered the dose question
    side_effect_nights: int


def weekly_habits(nights: Sequence[Night]) -> tuple[WeekHabits, ...]:
    """Week by week (the weeks of :func:`~krampe.domain.trial.weeks.weekly`): the
    share of answered nights with the dose taken and the nights with a side effect."""
    out = []
    for start, inside in week_groups(nights):
        answered = [n.took_dose for n in inside if n.took_dose is not None]
        out.append(
            WeekHabits(
                start=start,
                nights=len(inside),
                dose_share=sum(answered) / len(answered) if answered else None,
                side_effect_nights=sum(1 for n in inside if n.side_effect not in (None, "none")),
            )
        )
    return tuple(out)


def habits_svg(nights: Sequence[Night], lang: str = "da") -> str:
    """Two small bar charts, week by week: the share of nights the dose was taken
    (0–100 %) and the nights with a side effect (0–7). Empty without logged nights."""
    code = lang_or_default(lang)
    words = _WORDS[code]
    weeks = weekly_habits(shown_nights(nights))
    if not weeks:
        return ""
    first = weeks[0].start
    days = (weeks[-1].start - first).days + 7
    slot = (WIDTH - LEFT - RIGHT) / days
    parts: list[str] = []
    y = 0.0
    panels = (
        (words["dose"], [w.dose_share for w in weeks], 1.0, ("0", "100")),
        (words["side"], [float(w.side_effect_nights) for w in weeks], 7.0, ("0", "7")),
    )
    for title, values, top_value, tick_names in panels:
        parts.append(_text(0, y + FONT, title, weight="bold"))
        top = y + LINE + 4
        bottom = top + SMALL_PLOT
        for tick, name in zip((0.0, top_value), tick_names, strict=True):
            ty = bottom - tick * SMALL_PLOT / top_value
            parts.append(
                f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
            parts.append(_text(LEFT - 4, ty + FONT / 3, name, anchor="end"))
        for week, value in zip(weeks, values, strict=True):
            if value is None:
                continue
            x = _x(week.start, first, days)
            height = value * SMALL_PLOT / top_value
            parts.append(
                f'<rect x="{x:.2f}" y="{bottom - height:.2f}" width="{max(slot * 5.6, 0.6):.2f}" '
                f'height="{height:.2f}" fill="{PHASE_FILL["magnesium"]}"/>'
            )
        y = bottom + LINE
    label_y = y - LINE + 8 + FONT
    parts += _month_labels(first, days, code, label_y)
    return _frame(parts, label_y + 6, words["habits"])


def phase_summary_text(nights: Sequence[Night], lang: str = "da") -> str:
    """The line above the chart: "Før (udgangspunkt): 1,4 kramper pr. nat ·
    Magnesium: 0,9"; empty without logged nights. Run-in nights, which no comparison
    counts, are left out of it (the phase table has them)."""
    code = lang_or_default(lang)
    unit = {"da": "kramper pr. nat", "en": "cramps per night"}[code]
    parts = []
    counted = [line for line in phase_means(nights) if line.phase != "run_in"]
    for index, line in enumerate(counted):
        name = code_label("phase", line.phase, code)
        number = decimal(line.mean_cramps, 1, code)
        parts.append(f"{name}: {number} {unit}" if index == 0 else f"{name}: {number}")
    return " · ".join(parts)
