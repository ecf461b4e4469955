"""Write the calibration table of the trial analysis (docs/trial-validation.md).

    .venv/bin/python bench/trial_validation.py [--trials 1000]

Simulates blinded trials at true rate ratios 1.0, 0.75 and 0.5 with the
default simulator (overdispersed, autocorrelated, placebo response, regression
to the mean) and with a heavier and a lighter setting, and prints a Markdown
table.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

from krampe.domain.trial.simulate import SimulationSettings
from krampe.domain.trial.validation import calibrate

SCENARIOS = {
    "default": SimulationSettings(),
    "heavier (AR sd 0.7, night shape 1.5)": replace(
        SimulationSettings(), ar_sd=0.7, night_shape=1.5
    ),
    "lighter (AR sd 0.3, rho 0.5, night shape 8)": replace(
        SimulationSettings(), ar_sd=0.3, ar_rho=0.5, night_shape=8.0
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=1000)
    args = parser.parse_args()
    print(
        "| scenario | true ratio | trials | coverage of 95 % CrI | responder | "
        "benefit below | no meaningful effect | inconclusive | median CrI high/low |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    started = time.perf_counter()
    for s_index, (name, settings) in enumerate(SCENARIOS.items()):
        for r_index, ratio in enumerate((1.0, 0.75, 0.5)):
            row = calibrate(ratio, args.trials, seed=1000 * s_index + r_index, settings=settings)
            v = row.verdicts
            print(
                f"| {name} | {ratio:.2f} | {row.trials} | {row.coverage:.1%} | "
                f"{v.get('responder', 0):.1%} | {v.get('benefit_below_threshold', 0):.1%} | "
                f"{v.get('no_meaningful_effect', 0):.1%} | {v.get('inconclusive', 0):.1%} | "
                f"{row.median_width:.2f} |",
                flush=True,
            )
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
