"""Speed of the trial analysis on a 120-night diary, against the reference MCMC.

    .venv/bin/python bench/trial_speed.py [--repeats 200]

Reports the median time of ``analyze_nights`` (the whole analysis: blocks,
posterior, verdict, texts) and, in the same run, the wall time of PyMC's NUTS
on the same blocks (compilation included and excluded), and the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trial_reference import sample_reference, series_of

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import open_label_design
from krampe.domain.trial.simulate import simulate_diary


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument(
        "--draws",
        type=int,
        default=20000,
        help="reference draws per chain",
    )
    parser.add_argument("--mode", default=None, help="PyTensor mode of the reference: NUMBA")
    args = parser.parse_args()
    design = open_label_design(dt.date(2025, 1, 6), baseline_nights=28, treatment_nights=92)
    nights = simulate_diary(design, 0.7, seed=120)
    assert (design.end - design.start).days + 1 == 120
    result = analyze_nights(nights, design)
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        result = analyze_nights(nights, design)
        result.to_dict("da")
        times.append(time.perf_counter() - t0)
    ours_ms = statistics.median(times) * 1000
    tracemalloc.start()
    analyze_nights(nights, design)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"krampe analysis: median {ours_ms:.1f} ms over {args.repeats} runs", flush=True)
    data = series_of(result)
    t0 = time.perf_counter()
    sample_reference(
        data, draws=200, tune=200, chains=1, mode=args.mode
    )  # warms up compilation caches
    warm = time.perf_counter() - t0
    t0 = time.perf_counter()
    ref = sample_reference(data, draws=args.draws, tune=min(2000, args.draws), mode=args.mode)
    ref_s = time.perf_counter() - t0
    print(f"diary: {len(nights)} logged nights over 120, {data.counts.size} in the model")
    print(f"PyMC NUTS ({ref.draws} draws after tuning): {ref_s:.2f} s (first call {warm:.2f} s)")
    print(f"speed-up: {ref_s * 1000 / ours_ms:.0f}x")
    print(f"peak memory of the analysis: {peak / 1e6:.1f} MB")
    print(
        f"P(any reduction): krampe {result.p_any_reduction:.3f}, reference {ref.p_any:.3f}; "
        f"median ratio {result.rate_ratio[0]:.3f} vs {ref.median:.3f}"
    )


if __name__ == "__main__":
    main()
