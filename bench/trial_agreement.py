"""Agreement of the fast trial analysis with a reference MCMC on 20 fixed diaries.

    .venv/bin/python bench/trial_agreement.py

Passes when every posterior probability (any reduction, reduction >= 50 %,
reduction >= 25 %) is within 0.02 of PyMC's NUTS on the same blocks.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from trial_reference import blocks_of, sample_reference

from krampe.domain.trial.analysis import analyze_nights
from krampe.domain.trial.design import blinded_design, open_label_design
from krampe.domain.trial.simulate import simulate_diary

TOLERANCE = 0.02


def fixed_diaries() -> list[tuple[str, object, list]]:
    """Twenty diaries: open-label and blinded, several true effects, fixed seeds."""
    start = dt.date(2025, 1, 6)
    out = []
    ratios = (1.0, 0.75, 0.5, 0.35, 1.3)
    for i in range(20):
        ratio = ratios[i % len(ratios)]
        design = blinded_design(start, seed=i) if i % 2 == 0 else open_label_design(start)
        out.append(
            (f"{design.kind} ratio {ratio} seed {i}", design, simulate_diary(design, ratio, i))
        )
    return out


def main() -> int:
    worst = 0.0
    print("| diary | ours P(<1) | ref | ours P(<0.5) | ref | ours P(<0.75) | ref | max diff |")
    print("|---|---|---|---|---|---|---|---|")
    for name, design, nights in fixed_diaries():
        ours = analyze_nights(nights, design)  # type: ignore[arg-type]
        y, n, x = blocks_of(ours)
        ref = sample_reference(y, n, x)
        pairs = [
            (ours.p_any_reduction, ref.p_any),
            (ours.p_responder, ref.p_responder),
            (ours.p_meaningful, ref.p_meaningful),
        ]
        diff = max(abs(a - b) for a, b in pairs)
        worst = max(worst, diff)
        cells = " | ".join(f"{a:.3f} | {b:.3f}" for a, b in pairs)
        print(f"| {name} | {cells} | {diff:.3f} |", flush=True)
    print(f"\nlargest difference {worst:.3f} (tolerance {TOLERANCE})")
    return 0 if worst <= TOLERANCE else 1


if __name__ == "__main__":
    raise SystemExit(main())
