"""The phone charts: readable text, Danish months, a legend that covers no bar, a size
that does not grow with the diary, and the same bytes for the same nights."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from krampe.domain.trial.diary import Night
from krampe.domain.trial.svg_chart import (
    DAILY_MAX_NIGHTS,
    FONT,
    SVG_MAX_NIGHTS,
    WIDTH,
    diary_svg,
    habits_svg,
    phase_means,
    phase_summary_text,
    weekly_habits,
)

NS = "{http://www.w3.org/2000/svg}"
START = dt.date(2026, 10, 5)


def _diary(count: int, *, gaps: bool = True) -> list[Night]:
    nights = []
    for i in range(count):
        if gaps and i % 10 == 9:
            continue  # a night not logged
        phase = "baseline" if i < count // 2 else "magnesium"
        cramps = (i % 3) if phase == "baseline" else (i % 2)
        nights.append(
            Night(
                date=START + dt.timedelta(days=i),
                phase=phase,
                cramps=cramps,
                worst_pain=3 if cramps else None,
                took_dose=phase == "magnesium" and i % 4 != 0,
                side_effect="diarrhoea" if i % 7 == 0 else "none",
            )
        )
    return nights


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_no_style_element_or_attribute_so_the_pages_policy_allows_it() -> None:
    for svg in (diary_svg(_diary(56), "da"), habits_svg(_diary(56), "da")):
        assert "<style" not in svg and "style=" not in svg and "<script" not in svg
        assert _tree(svg).get("viewBox") is not None


def test_text_is_at_least_12_px_on_the_narrowest_phone() -> None:
    # On a 320 px screen the content column is 288 px (16 px margins): the chart's
    # 320 units are drawn 288 px wide, so FONT units become FONT * 288 / 320 px.
    assert FONT * 288 / WIDTH >= 12
    for svg in (diary_svg(_diary(56), "da"), habits_svg(_diary(56), "en")):
        sizes = {float(t.get("font-size", "0")) for t in _tree(svg).iter(f"{NS}text")}
        assert sizes == {FONT}


def test_danish_month_names_and_english_ones() -> None:
    da = " ".join(t.text or "" for t in _tree(diary_svg(_diary(120), "da")).iter(f"{NS}text"))
    en = " ".join(t.text or "" for t in _tree(diary_svg(_diary(120), "en")).iter(f"{NS}text"))
    # Lower case with the abbreviation's dot; the year with the first date and January.
    # ("nov." would touch the first label, so it is left out.)
    assert "5. okt. 2026" in da and "dec." in da and "jan. 2027" in da
    assert not re.search(r"\b(Oct|Nov|Dec)\b", da)
    assert "5 Oct 2026" in en and "Dec" in en and "Jan 2027" in en
    assert "Før (udgangspunkt)" in da and "ikke registreret" in da


def _legend_and_plot(svg: str) -> tuple[float, float]:
    """The lowest point of the legend and the top of the plot (its top grid line)."""
    root = _tree(svg)
    swatches = [r for r in root.iter(f"{NS}rect") if r.get("height") == str(FONT - 2)]
    legend_bottom = max(float(r.get("y", "0")) + FONT - 2 for r in swatches)
    grid_top = min(float(line.get("y1", "0")) for line in root.iter(f"{NS}line"))
    return legend_bottom, grid_top


def test_the_legend_lies_above_the_plot_and_covers_no_bar() -> None:
    for count in (14, 56, 400):
        legend_bottom, plot_top = _legend_and_plot(diary_svg(_diary(count), "da"))
        assert legend_bottom < plot_top


def test_a_bar_a_night_then_a_bar_a_week_and_no_more_bars_for_a_longer_diary() -> None:
    def bars(svg: str) -> int:
        return sum(1 for r in _tree(svg).iter(f"{NS}rect") if r.get("height") != str(FONT - 2))

    short = _diary(56, gaps=False)
    assert bars(diary_svg(short, "da")) == 56 + 1  # the nights and the white ground
    two_years = bars(diary_svg(_diary(730, gaps=False), "da"))
    assert two_years <= 730 // 7 + 2
    ten_years = bars(diary_svg(_diary(3650, gaps=False), "da"))
    assert ten_years <= SVG_MAX_NIGHTS // 7 + 2  # the last two years, by week
    assert len(diary_svg(_diary(3650), "da")) < 3 * len(diary_svg(_diary(DAILY_MAX_NIGHTS), "da"))


def test_a_missing_night_is_marked_not_drawn_as_zero() -> None:
    nights = _diary(25)
    svg = diary_svg(nights, "en")
    marks = [r for r in _tree(svg).iter(f"{NS}rect") if r.get("fill") == "#000000"]
    swatch = 1  # the legend's "not logged"
    assert len(marks) - swatch == 2  # nights 10 and 20 (i = 9 and 19) were not logged


def test_the_same_nights_give_the_same_bytes() -> None:
    assert diary_svg(_diary(56), "da") == diary_svg(list(reversed(_diary(56))), "da")
    assert habits_svg(_diary(56), "da") == habits_svg(_diary(56), "da")


def test_no_logged_night_no_chart() -> None:
    assert diary_svg([], "da") == "" and habits_svg([], "da") == ""
    assert phase_summary_text([], "da") == ""


def test_the_phase_summary_line_in_danish_and_english() -> None:
    nights = [
        Night(START, "baseline", 2),
        Night(START + dt.timedelta(days=1), "baseline", 1),
        Night(START + dt.timedelta(days=2), "baseline", 1),
        Night(START + dt.timedelta(days=3), "magnesium", 1),
        Night(START + dt.timedelta(days=4), "magnesium", 0),
        Night(START + dt.timedelta(days=5), "magnesium", None),  # not logged: not counted
    ]
    assert phase_summary_text(nights, "da") == (
        "Før (udgangspunkt): 1,3 kramper pr. nat · Magnesium: 0,5"
    )
    assert phase_summary_text(nights, "en") == (
        "Before (baseline): 1.3 cramps per night · Magnesium: 0.5"
    )
    assert [(m.phase, m.nights) for m in phase_means(nights)] == [
        ("baseline", 3),
        ("magnesium", 2),
    ]


def test_weekly_dose_and_side_effects() -> None:
    weeks = weekly_habits(_diary(28, gaps=False))
    assert [w.nights for w in weeks] == [7, 7, 7, 7]
    assert weeks[0].dose_share == 0.0  # the period before: no dose
    assert weeks[-1].dose_share is not None and 0.5 < weeks[-1].dose_share < 1.0
    assert [w.side_effect_nights for w in weeks] == [1, 1, 1, 1]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=900),
            st.sampled_from(["baseline", "magnesium", "placebo", "stretching", "run_in"]),
            st.one_of(st.none(), st.integers(min_value=0, max_value=20)),
        ),
        max_size=60,
        unique_by=lambda row: row[0],
    )
)
def test_any_diary_gives_well_formed_svg_with_every_bar_inside_the_plot(rows) -> None:
    nights = [Night(START + dt.timedelta(days=d), p, c) for d, p, c in rows]
    svg = diary_svg(nights, "da")
    if all(c is None for _, _, c in rows):
        assert svg == ""
        return
    root = _tree(svg)
    width = float(root.get("viewBox", "0 0 0 0").split()[2])
    for rect in root.iter(f"{NS}rect"):
        x, w = float(rect.get("x", "0")), float(rect.get("width", "0"))
        assert x >= 0 and x + w <= width + 0.01
        assert float(rect.get("height", "0")) >= 0
