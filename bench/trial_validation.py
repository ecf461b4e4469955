"""Write docs/trial-validation.md: calibration over many data-generating processes.

    .venv/bin/python bench/trial_validation.py [--trials 400] [--cache DIR] [--only-run]

Simulates every scenario of ``krampe.domain.trial.validation.SCENARIOS`` at
true rate ratios 1.0, 0.5 and 0.3, for the blinded design (analysed after 3,
4 and 5 pairs) and the open-label design, and writes the Markdown page.

``--check K`` simulates again the first K trials of every cell in the cache
and compares them with what is stored (every trial has its own seed), so the
page is shown to be what the current code gives, not an older version's
figures; it fails on any difference.

Resumable: every simulated trial's looks are appended to a JSON-lines file in
the cache directory (default ``bench/cache``), and a new run computes only the
trials that are not there yet, so a long run can be stopped and started again
(or run in the background with nohup) without losing work.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import TextIO

from krampe.domain.trial.validation import (
    DESIGNS,
    SCENARIOS,
    CellSummary,
    Look,
    simulate_looks,
    summarize,
)
from krampe.domain.trial.verdict import CERTAINTY_BY_PAIRS, MAX_PAIRS, PLANNED_PAIRS

RATIOS = (1.0, 0.5, 0.3)
ROOT = Path(__file__).resolve().parent.parent
BATCH = 25

Cell = tuple[str, str, float]
# (design, analysed with extensions, label) for every row of the page.
VARIANTS: tuple[tuple[str, bool, str], ...] = (
    ("blinded", False, "blinded, 3 pairs"),
    ("blinded", True, "blinded, extended"),
    ("open", False, "open-label"),
    ("blinded_short", False, "blinded, 14-night periods, 3 pairs"),
    ("blinded_short", True, "blinded, 14-night periods, extended"),
)


def _cache_file(cache: Path) -> Path:
    cache.mkdir(parents=True, exist_ok=True)
    return cache / "validation-looks.jsonl"


def load(cache: Path) -> dict[Cell, dict[int, list[Look]]]:
    """Every stored trial, by cell and trial index."""
    store: dict[Cell, dict[int, list[Look]]] = defaultdict(dict)
    path = _cache_file(cache)
    if not path.exists():
        return store
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a stopped run
        key = (row["scenario"], row["design"], float(row["ratio"]))
        store[key][int(row["index"])] = [Look(**look) for look in row["looks"]]
    return store


def run(
    trials: int,
    cache: Path,
    shard: tuple[int, int] = (0, 1),
    designs: tuple[str, ...] = DESIGNS,
    scenarios: tuple[str, ...] = tuple(SCENARIOS),
) -> None:
    """Simulate what the cache lacks, in batches, appending as it goes.

    ``shard`` (i, n) takes every n-th cell from the i-th, so n processes can
    share a run; all append to the same file, one line per trial.
    """
    store = load(cache)
    # By design, then scenario: n shards share the costly blinded cells evenly.
    cells = [(scenario, design) for design in designs for scenario in scenarios]
    cells = cells[shard[0] :: shard[1]]
    with _cache_file(cache).open("a", encoding="utf-8") as out:
        for scenario, design in cells:
            for ratio in RATIOS:
                done = store.get((scenario, design, ratio), {})
                missing = [i for i in range(trials) if i not in done]
                for start in range(0, len(missing), BATCH):
                    chunk = missing[start : start + BATCH]
                    _run_batch(out, scenario, design, ratio, chunk, done)


def _run_batch(
    out: TextIO, scenario: str, design: str, ratio: float, chunk: list[int], done: dict[int, object]
) -> None:
    first, count = chunk[0], chunk[-1] - chunk[0] + 1
    started = time.perf_counter()
    looks = simulate_looks(scenario, design, ratio, first, count)
    for offset, trial in enumerate(looks):
        index = first + offset
        if index in done:
            continue
        row = {
            "scenario": scenario,
            "design": design,
            "ratio": ratio,
            "index": index,
            "looks": [asdict(look) for look in trial],
        }
        out.write(json.dumps(row) + "\n")
    out.flush()
    took = time.perf_counter() - started
    print(f"{scenario} {design} {ratio} +{count} ({took:.0f} s)", flush=True)


def _same(a: float | int | None, b: float | int | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))


def check(cache: Path, first: int) -> int:
    """Simulate the first ``first`` trials of every stored cell again; 0 when all agree."""
    store = load(cache)
    trials = differing = 0
    for (scenario, design, ratio), stored in sorted(store.items()):
        indexes = [i for i in range(first) if i in stored]
        if not indexes:
            continue
        again = simulate_looks(scenario, design, ratio, 0, max(indexes) + 1)
        for index in indexes:
            trials += 1
            old, new = stored[index], again[index]
            same = len(old) == len(new) and all(
                _same(getattr(a, field), getattr(b, field))
                for a, b in zip(old, new, strict=True)
                for field in a.__dataclass_fields__
            )
            if not same:
                differing += 1
                print(f"differs: {scenario} {design} {ratio} trial {index}", flush=True)
    print(f"{trials} stored trials simulated again over {len(store)} cells: {differing} differ")
    return 1 if differing or not trials else 0


def _pct(value: float) -> str:
    return "–" if value != value else f"{100 * value:.1f}"


def table(store: dict[Cell, dict[int, list[Look]]], trials: int) -> list[str]:
    """The Markdown rows: one per scenario and design variant."""
    lines = [
        "| scenario | design | trials @1.0 / 0.5 / 0.3 | coverage @1.0 / 0.5 / 0.3 | "
        "positive @1.0 | positive @0.5 | positive @0.3 | median bias @0.5 / 0.3 | "
        "no meaningful effect @1.0 | mean pairs @0.5 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario, (description, _settings) in SCENARIOS.items():
        for design, extend, label in VARIANTS:
            cells: dict[float, CellSummary] = {}
            for ratio in RATIOS:
                stored = store.get((scenario, design, ratio), {})
                chosen = [stored[i] for i in sorted(stored) if i < trials]
                if chosen:
                    cells[ratio] = summarize(chosen, ratio, extend)
            if len(cells) < len(RATIOS):
                continue
            null, half, strong = cells[1.0], cells[0.5], cells[0.3]
            lines.append(
                f"| {scenario}: {description} | {label} | "
                f"{null.trials} / {half.trials} / {strong.trials} | "
                f"{_pct(null.coverage)} / {_pct(half.coverage)} / {_pct(strong.coverage)} | "
                f"{_pct(null.positive)} | {_pct(half.positive)} | {_pct(strong.positive)} | "
                f"{100 * half.median_bias:+.0f} % / {100 * strong.median_bias:+.0f} % | "
                f"{_pct(null.verdicts.get('no_meaningful_effect', 0.0))} | "
                f"{half.mean_pairs:.2f} |"
            )
    return lines


def cells_of(
    store: dict[Cell, dict[int, list[Look]]], trials: int, design: str, extend: bool
) -> Iterator[tuple[str, float, CellSummary]]:
    """(scenario, true ratio, summary of its first ``trials`` trials) for every stored cell
    of ``design``, analysed with or without extensions."""
    for scenario in SCENARIOS:
        for ratio in RATIOS:
            stored = store.get((scenario, design, ratio), {})
            chosen = [stored[i] for i in sorted(stored) if i < trials]
            if chosen:
                yield scenario, ratio, summarize(chosen, ratio, extend)


def headlines(store: dict[Cell, dict[int, list[Look]]], trials: int) -> list[str]:
    """The goals, each with the figure measured (worst scenario named)."""
    out = []
    for design, extend, label in VARIANTS:
        coverage: list[tuple[float, str]] = []
        false_pos: list[tuple[float, str]] = []
        for scenario, ratio, cell in cells_of(store, trials, design, extend):
            coverage.append((cell.coverage, f"{scenario} @{ratio}"))
            if ratio == 1.0:
                false_pos.append((cell.positive, scenario))
        if not coverage:
            continue
        low, high = min(coverage), max(coverage)
        worst = max(false_pos)
        out.append(
            f"- **{label}**: coverage {100 * low[0]:.1f} % ({low[1]}) to {100 * high[0]:.1f} % "
            f"({high[1]}); positive verdicts at a true ratio of 1.0 at most "
            f"{100 * worst[0]:.1f} % ({worst[1]})."
        )
    for design, extend, label in (v for v in VARIANTS if v[0] != "open"):
        stored = store.get(("default", design, 0.5), {})
        chosen = [stored[i] for i in sorted(stored) if i < trials]
        if chosen:
            cell = summarize(chosen, 0.5, extend)
            out.append(
                f"- **{label}**, default scenario, true halving: positive verdict in "
                f"{100 * cell.positive:.1f} % of trials (mean {cell.mean_pairs:.2f} pairs)."
            )
    return out


COVERAGE_GOAL = (0.93, 0.97)
FALSE_POSITIVE_GOAL = 0.05


def _stderr(rate: float, trials: int) -> float:
    return float((rate * (1 - rate) / trials) ** 0.5) if trials else float("nan")


def misses(store: dict[Cell, dict[int, list[Look]]], trials: int) -> list[str]:
    """Every cell whose coverage falls outside 93–97 % or whose positive verdicts at a
    true ratio of 1.0 exceed 5 %, with whether it is further than two Monte Carlo
    standard errors from the goal (so not explained by the number of trials)."""
    low_goal, high_goal = COVERAGE_GOAL
    out = []
    for design, extend, label in VARIANTS:
        cover: list[str] = []
        false_pos: list[str] = []
        cells = 0
        for scenario, ratio, cell in cells_of(store, trials, design, extend):
            cells += 1
            se = _stderr(0.95, cell.trials)
            if not low_goal <= cell.coverage <= high_goal:
                goal = low_goal if cell.coverage < low_goal else high_goal
                clear = abs(cell.coverage - goal) > 2 * se
                mark = "" if clear else " (within 2 SE)"
                cover.append(f"{scenario} @{ratio} {_pct(cell.coverage)} %{mark}")
            if ratio == 1.0 and cell.positive > FALSE_POSITIVE_GOAL:
                clear = cell.positive - FALSE_POSITIVE_GOAL > 2 * _stderr(0.05, cell.trials)
                mark = "" if clear else " (within 2 SE)"
                false_pos.append(f"{scenario} {_pct(cell.positive)} %{mark}")
        if not cells:
            continue
        out.append(
            f"- **{label}**: coverage outside 93–97 % in {len(cover)} of {cells} cells"
            + (f": {'; '.join(cover)}." if cover else ".")
            + (
                f" Positive verdicts at 1.0 above 5 %: {'; '.join(false_pos)}."
                if false_pos
                else " Positive verdicts at 1.0 above 5 %: none."
            )
        )
    return out


def clear_misses(store: dict[Cell, dict[int, list[Look]]], trials: int) -> str:
    """One sentence: the blinded cells that miss a goal by more than two Monte Carlo
    standard errors (the open-label rows miss by construction, see the page)."""
    low_goal, high_goal = COVERAGE_GOAL
    found: list[str] = []
    for design, extend, label in VARIANTS:
        if design == "open":
            continue
        cells: list[str] = []
        for scenario, ratio, cell in cells_of(store, trials, design, extend):
            se = _stderr(0.95, cell.trials)
            if cell.coverage < low_goal - 2 * se or cell.coverage > high_goal + 2 * se:
                cells.append(f"{scenario} @{ratio} coverage {_pct(cell.coverage)} %")
            fp_se = _stderr(0.05, cell.trials)
            if ratio == 1.0 and cell.positive > FALSE_POSITIVE_GOAL + 2 * fp_se:
                cells.append(f"{scenario} positive at 1.0 {_pct(cell.positive)} %")
        if cells:
            found.append(f"{label}: {', '.join(cells)}")
    if not found:
        return "No blinded cell misses a goal by more than two Monte Carlo standard errors."
    return "The blinded cells that miss a goal clearly (by more than two standard errors): " + (
        "; ".join(found) + "."
    )


def write(trials: int, cache: Path, seconds: float) -> str:
    store = load(cache)
    schedule = ", ".join(f"{p} pairs {v:.3f}" for p, v in sorted(CERTAINTY_BY_PAIRS.items()))
    template = (ROOT / "bench" / "trial_validation.md.in").read_text(encoding="utf-8")
    return template.format(
        trials=trials,
        seconds=f"{seconds:.0f}",
        table="\n".join(table(store, trials)),
        headlines="\n".join(headlines(store, trials)),
        misses="\n".join(misses(store, trials)),
        clear=clear_misses(store, trials),
        schedule=schedule,
        planned=PLANNED_PAIRS,
        max_pairs=MAX_PAIRS,
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=400)
    parser.add_argument("--cache", type=Path, default=ROOT / "bench" / "cache")
    parser.add_argument("--only-run", action="store_true", help="simulate, do not write")
    parser.add_argument("--only-write", action="store_true", help="write from the cache")
    parser.add_argument("--shard", default="0/1", help="i/n: this process takes cells i, i+n, ...")
    parser.add_argument("--designs", default=",".join(DESIGNS), help="comma-separated designs")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma-separated")
    parser.add_argument(
        "--check", type=int, metavar="K", help="simulate the first K trials of each cell again"
    )
    args = parser.parse_args()
    if args.check:
        return check(args.cache, args.check)
    started = time.perf_counter()
    if not args.only_write:
        index, count = (int(part) for part in args.shard.split("/"))
        designs = tuple(d for d in args.designs.split(",") if d)
        scenarios = tuple(s for s in args.scenarios.split(",") if s)
        unknown = sorted(set(designs) - set(DESIGNS)) + sorted(set(scenarios) - set(SCENARIOS))
        if unknown:
            parser.error(f"unknown design or scenario: {', '.join(unknown)}")
        run(args.trials, args.cache, (index, count), designs, scenarios)
    if args.only_run:
        return 0
    page = write(args.trials, args.cache, time.perf_counter() - started)
    (ROOT / "docs" / "trial-validation.md").write_text(page, encoding="utf-8")
    print("wrote docs/trial-validation.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
