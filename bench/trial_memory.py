"""Memory of reading and analysing a very long diary.

    .venv/bin/python bench/trial_memory.py [--nights 9000]

Dates must lie from 2000 to a year from now, so about 9 800 nights (27
years) is the longest diary the reader accepts; the default is close to it.

Writes a diary CSV of that many nights (a baseline half, a magnesium half,
no design), then reads and analyses it in this process, and prints the
peak resident memory against a baseline measured in the same run (the
interpreter with numpy and the engine imported).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import time

import numpy as np

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.diary import CSV_HEADER, parse_diary_csv


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--nights", type=int, default=9000)
    args = parser.parse_args()
    base = _peak_mb()
    rng = np.random.default_rng(1)
    start = dt.date(2000, 1, 1)
    lines = [",".join(CSV_HEADER)]
    half = args.nights // 2
    for i in range(args.nights):
        phase = "baseline" if i < half else "magnesium"
        cramps = int(rng.poisson(1.2 if i < half else 0.8))
        pain = "4" if cramps else ""
        lines.append(f"{(start + dt.timedelta(days=i)).isoformat()},{phase},{cramps},{pain},0,,,,")
    text = "\n".join(lines) + "\n"
    t0 = time.perf_counter()
    nights = parse_diary_csv(text)
    parsed = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = analyze_nights(nights)
    analysed = time.perf_counter() - t0
    print(f"{args.nights} nights: parse {parsed:.1f} s, analysis {analysed:.1f} s")
    print(f"rate ratio {result.rate_ratio[0]:.3f}, verdict {result.verdict}")  # type: ignore[index]
    print(f"peak RSS {_peak_mb():.0f} MB (baseline in the same run {base:.0f} MB)")


if __name__ == "__main__":
    main()
