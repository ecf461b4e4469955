"""The results page's charts for short and long diaries: time and size.

    .venv/bin/python bench/chart_cost.py

Draws krampe.domain.trial.svg_chart's two charts (cramps, and dose and side effects
week by week) for diaries of 120 nights (the last one drawn a bar a night), two years
and ten years, 30 times each after one warm-up, and reports the median time and the
SVG size of each as a ratio to the 120-night diary in the same run. Beyond 120 nights
the charts draw a bar a week, and they show at most the last two years, so the size
must stay flat while the time grows only with the one pass over the nights.
Not part of CI.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from krampe.domain.trial.diary import Night
from krampe.domain.trial.svg_chart import diary_svg, habits_svg

ROUNDS = 30


def diary(nights: int) -> list[Night]:
    start = dt.date(2020, 1, 1)
    out = []
    for i in range(nights):
        phase = "baseline" if i < nights // 2 else "magnesium"
        cramps = (i * 7) % 4
        out.append(
            Night(
                date=start + dt.timedelta(days=i),
                phase=phase,
                cramps=cramps,
                worst_pain=4 if cramps else None,
                took_dose=phase == "magnesium",
                side_effect="none" if i % 9 else "diarrhoea",
            )
        )
    return out


def measure(nights: list[Night]) -> tuple[float, int]:
    diary_svg(nights, "da")
    habits_svg(nights, "da")
    times = []
    for _ in range(ROUNDS):
        began = time.perf_counter()
        size = len(diary_svg(nights, "da")) + len(habits_svg(nights, "da"))
        times.append(time.perf_counter() - began)
    return statistics.median(times), size


def main() -> None:
    base_time, base_size = measure(diary(120))
    print(f"{'nights':>7} {'median ms':>10} {'x time':>7} {'SVG bytes':>10} {'x size':>7}")
    for count in (120, 730, 3650):
        took, size = measure(diary(count))
        print(
            f"{count:>7} {took * 1000:>10.2f} {took / base_time:>7.2f} {size:>10} "
            f"{size / base_size:>7.2f}"
        )


if __name__ == "__main__":
    main()
