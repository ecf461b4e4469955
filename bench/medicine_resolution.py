"""Speed of resolving typed medicine names against the whole catalogue, and the hit rates.

    .venv/bin/python bench/medicine_resolution.py [--rounds 20]

Resolves every name of tests/knowledge/data/medicine_names.csv (groups A-C)
and medicine_names_dv.csv (groups D-V) ``--rounds``
times (after one warm-up round that builds the index) and reports the median,
p95 and max time per name, split by how the name was found, next to the time
of an exact dictionary look-up of the same names in the same run as the
baseline. Goal: p95 under 5 ms in process. It also prints the hit rates by
split and category that docs/medicines.md reports.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from collections import defaultdict
from pathlib import Path

from krampe.domain.screening import resolve_medicine
from krampe.knowledge import catalogue, loaders
from krampe.knowledge.names import normalize

DATA = Path(__file__).resolve().parents[1] / "tests" / "knowledge" / "data"
NAMES = (DATA / "medicine_names.csv", DATA / "medicine_names_dv.csv")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    rows: list[dict[str, str]] = []
    for path in NAMES:
        with path.open(encoding="utf-8", newline="") as handle:
            rows.extend(csv.DictReader(handle))
    names = [r["name"] for r in rows]
    for name in names:  # warm-up: loads the catalogue and builds the index
        resolve_medicine(name)

    lookup = {normalize(n): m.id for m in loaders.medicines() for n in m.all_names}
    times: dict[str, list[float]] = defaultdict(list)
    baseline: list[float] = []
    for _ in range(args.rounds):
        for name in names:
            t0 = time.perf_counter()
            resolution = resolve_medicine(name)
            elapsed = (time.perf_counter() - t0) * 1000
            how = resolution.resolved.match if resolution.resolved else "unresolved"
            times[how].append(elapsed)
            times["all"].append(elapsed)
            t0 = time.perf_counter()
            lookup.get(normalize(name))
            baseline.append((time.perf_counter() - t0) * 1000)

    entries = len(loaders.medicines())
    typed = sum(len(m.all_names) for m in loaders.medicines())
    print(f"catalogue: {entries} entries, {typed} names; {len(names)} test names x {args.rounds}")
    for how in ("all", "exact", "fuzzy", "unresolved"):
        values = times.get(how, [])
        if values:
            print(
                f"{how:10} n={len(values):6}  median {statistics.median(values):.3f} ms  "
                f"p95 {_percentile(values, 0.95):.3f} ms  max {max(values):.3f} ms"
            )
    base = statistics.median(baseline)
    ratio = _percentile(times["all"], 0.95) / base
    print(f"baseline (dict look-up): median {base:.4f} ms; p95 resolution / baseline: {ratio:.0f}x")

    matters = set()
    for medicine in loaders.medicines():
        if catalogue.matters_for_magnesium(medicine):
            matters.add(medicine.atc)
            matters.update(b.atc for b in medicine.brand_info if b.atc)
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        resolution = resolve_medicine(row["name"])
        got = resolution.resolved.atc if resolution.resolved else ""
        hit = int(got == row["expected_atc"])
        groups = [row["category"], "all"]
        if row["expected_atc"] in matters:
            groups.append("matters for magnesium")
        for group in groups:
            tally[(row["split"], group)][0] += hit
            tally[(row["split"], group)][1] += 1
    for (split, group), (hits, total) in sorted(tally.items()):
        print(f"{split:8} {group:22} {hits:4}/{total:<4} {100 * hits / total:5.1f} %")


if __name__ == "__main__":
    main()
