"""Agreement of the fast trial analysis with a reference MCMC on 20 fixed diaries.

    .venv/bin/python bench/trial_agreement.py

Passes when every posterior probability (any reduction, reduction >= 50 %,
reduction >= 25 %) is within 0.02 of PyMC's NUTS on the same nights. With
``--low-rate`` it adds six diaries at 0.2 cramps a night, where the Laplace
step is least exact, and reports them separately.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trial_reference import sample_reference, series_of

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import SimulationSettings, simulate_diary

TOLERANCE = 0.02


def fixed_diaries(count: int = 20, rate: float = 1.2) -> list[tuple[str, object, list]]:
    """Diaries: open-label and blinded, several true effects, fixed seeds."""
    start = dt.date(2025, 1, 6)
    out = []
    ratios = (1.0, 0.75, 0.5, 0.35, 1.3)
    settings = SimulationSettings(baseline_rate=rate)
    for i in range(count):
        ratio = ratios[i % len(ratios)]
        design = blinded_design(start, seed=i) if i % 2 == 0 else open_label_design(start)
        name = f"{design.kind} ratio {ratio} rate {rate} seed {i}"
        out.append((name, design, simulate_diary(design, ratio, i, settings)))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--low-rate", action="store_true")
    parser.add_argument("--diaries", type=int, default=20, help="the first N of the 20")
    parser.add_argument(
        "--skip", type=int, default=0, help="leave out the first K (to run the rest in another run)"
    )
    parser.add_argument("--draws", type=int, default=20000, help="reference draws per chain")
    parser.add_argument("--mode", default=None, help="PyTensor mode of the reference: NUMBA")
    args = parser.parse_args()
    worst = 0.0
    diaries = fixed_diaries()[args.skip : args.diaries]
    if args.low_rate:
        diaries += fixed_diaries(6, rate=0.2)[: max(2, args.diaries // 3)]
    print("| diary | ours P(<1) | ref | ours P(<0.5) | ref | ours P(<0.75) | ref | max diff |")
    print("|---|---|---|---|---|---|---|---|")
    low_worst = 0.0
    for name, design, nights in diaries:
        ours = analyze_nights(nights, design)  # type: ignore[arg-type]
        ref = sample_reference(
            series_of(ours), draws=args.draws, tune=min(2000, args.draws), mode=args.mode
        )
        pairs = [
            (ours.p_any_reduction, ref.p_any),
            (ours.p_responder, ref.p_responder),
            (ours.p_meaningful, ref.p_meaningful),
        ]
        diff = max(abs(a - b) for a, b in pairs)
        if "rate 0.2" in name:
            low_worst = max(low_worst, diff)
        else:
            worst = max(worst, diff)
        cells = " | ".join(f"{a:.3f} | {b:.3f}" for a, b in pairs)
        print(f"| {name} | {cells} | {diff:.3f} |", flush=True)
    print(f"\nlargest difference {worst:.3f} (tolerance {TOLERANCE})")
    if args.low_rate:
        print(f"largest difference at 0.2 cramps a night {low_worst:.3f}")
    return 0 if worst <= TOLERANCE else 1


if __name__ == "__main__":
    raise SystemExit(main())
