"""Synthetic roots for benchmarks: N partners x M criteria, a realistic mix of rules,
missing and stale values. Deterministic for a given seed.

    python -m benchmarks.generate OUT_DIR --partners 3000 --criteria 60
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import numpy as np

from evaluator.scoring.fit import FitProblem, OutcomeModel, Params, evaluate

RULES = ("linear", "log", "bands", "boolean", "categories", "percentile")
CATEGORIES = ("none", "low", "mid", "high")


def _kind(j: int) -> str:
    return RULES[j % len(RULES)]


def catalogue(m: int) -> str:
    lines = ["indicators:"]
    for j in range(m):
        kind = _kind(j)
        if kind == "boolean":
            lines.append(f"  i{j}: {{title: Indicator {j}, type: boolean}}")
        elif kind == "categories":
            lines.append(f"  i{j}: {{title: Indicator {j}, type: category, categories: [{', '.join(CATEGORIES)}]}}")
        else:
            lines.append(f"  i{j}: {{title: Indicator {j}, type: number, unit: USD, min: 0}}")
    return "\n".join(lines) + "\n"


def criteria(m: int, pillars: int = 4) -> str:
    lines = ['id: bench', 'title: Benchmark criteria', 'version: "1"', "status: draft", "missing: exclude",
             "max_age_years: 5", "min_completeness: 0.3", "pillars:"]
    lines += [f"  p{k}: {{title: Pillar {k}, weight: {10 + 5 * k}}}" for k in range(pillars)]
    lines.append("gates:")
    numeric = [j for j in range(m) if _kind(j) in {"linear", "log", "bands", "percentile"}]
    for g, j in enumerate(numeric[:5]):
        lines.append(f"  g{g}: {{title: Gate {g}, indicator: i{j}, require: {{min: 1.0e6}}}}")
    lines.append("  composite: {title: Three of five, at_least: 3, of: [g0, g1, g2, g3, g4]}")
    lines.append("criteria:")
    for j in range(m):
        kind = _kind(j)
        rule = {
            "linear": "{linear: [0, 1.0e9]}",
            "log": "{log: [1.0e6, 1.0e11]}",
            "bands": "{bands: [[1.0e6, 25], [1.0e8, 50], [1.0e10, 100]]}",
            "boolean": "{boolean: true}",
            "categories": "{categories: {none: 0, low: 30, mid: 60, high: 100}}",
            "percentile": "{percentile: higher}",
        }[kind]
        lines.append(f"  c{j}: {{title: Criterion {j}, pillar: p{j % pillars}, indicator: i{j}, "
                     f"weight: {1 + j % 7}, score: {rule}}}")
    lines += ["outcomes:",
              "  - {id: full, title: Full, require: {gates: all, score: 60, pillars: 30, completeness: 0.7}}",
              "  - {id: sectoral, title: Sectoral, require: {gates: [g0], score: 40}}",
              "  - {id: development, title: Development, require: {score: 20}}",
              "  - {id: none, title: None}"]
    return "\n".join(lines) + "\n"


def _series(value: str, year: int, j: int, observations: int, rnd: random.Random) -> str:
    """A list of ``observations`` yearly observations ending in ``year``; the older ones vary."""
    items = []
    for k in range(observations - 1, -1, -1):
        shown = value if k == 0 or not value[0].isdigit() else f"{float(value) * rnd.uniform(0.5, 1.5):.4e}"
        items.append(f"{{value: {shown}, year: {year - k}, source: Synthetic source {j}}}")
    return "[" + ", ".join(items) + "]"


def partner(i: int, m: int, rnd: random.Random, observations: int = 1) -> str:
    lines = [f"id: p{i:05d}", f"name: Partner {i}", "kind: country", f"codes: [P{i:05d}]", "indicators:"]
    for j in range(m):
        if rnd.random() < 0.15:
            continue                                      # missing
        year = 2016 if rnd.random() < 0.1 else 2023       # stale about one in ten
        kind = _kind(j)
        if kind == "boolean":
            value = "true" if rnd.random() < 0.6 else "false"
        elif kind == "categories":
            value = rnd.choice(CATEGORIES)
        else:
            value = f"{10 ** rnd.uniform(5, 11.5):.4e}"
        if observations > 1:
            lines.append(f"  i{j}: {_series(value, year, j, observations, rnd)}")
        else:
            lines.append(f"  i{j}: {{value: {value}, year: {year}, source: Synthetic source {j}}}")
    return "\n".join(lines) + "\n"


def pivot_table(rows: int, years: range, seed: int = 0) -> str:
    """An ASEANstats-style pivot export: ``rows`` source countries (codes P00000...), one column per
    year, numbers in millions with a space as thousands separator, a few cells empty."""
    rnd = random.Random(seed)
    out = ['\ufeff"","","Year"' + ',""' * (len(years) - 1),
           '"Host Country","Source Country",' + ",".join(f'"{y}"' for y in years)]
    for i in range(rows):
        cells = ["" if rnd.random() < 0.05 else f"{rnd.uniform(0, 30000):,.2f}".replace(",", " ")
                 for _ in years]
        out.append(f'"{"ASEAN" if i == 0 else ""}","Partner {i} [P{i:05d}]",' + ",".join(f'"{c}"' for c in cells))
    return "\r\n".join(out) + "\r\n"


def make_root(out: Path, partners: int, m: int, seed: int = 0, observations: int = 1) -> Path:
    """Write a root with ``partners`` partner files and one set of ``m`` criteria; with
    ``observations`` above 1, every value is a series of that many yearly observations."""
    rnd = random.Random(seed)
    (out / "criteria").mkdir(parents=True, exist_ok=True)
    (out / "partners").mkdir(exist_ok=True)
    (out / "criteria" / "indicators.yaml").write_text(catalogue(m))
    (out / "criteria" / "bench.yaml").write_text(criteria(m))
    for i in range(partners):
        (out / "partners" / f"p{i:05d}.yaml").write_text(partner(i, m, rnd, observations))
    return out


FAR = 0.5      # decisions kept at least this far from every threshold: the truth is identifiable


def sorted_decisions(seed: int, n: int, m: int, k: int, outcomes: int,
                     flips: int = 0) -> tuple[FitProblem, Params, set[int]]:
    """For calibration: ``n`` decisions sorted by random true weights and thresholds, ``flips`` of them changed."""
    rng = np.random.default_rng(seed)
    pillar_of = np.sort(np.arange(m) % k).astype(np.intp)
    pillar = rng.dirichlet(np.full(k, 3.0))
    within = rng.dirichlet(np.full(m, 3.0))
    within /= np.bincount(pillar_of, weights=within, minlength=k)[pillar_of]
    thresholds = np.sort(rng.uniform(25, 75, outcomes - 1))[::-1].round(1)
    statuses = [f"status-{q}" for q in range(outcomes)]
    points = np.round(rng.uniform(0, 100, (n * 4, m)), 1)
    every = np.ones(points.shape, dtype=bool)

    def model(rows: int, decided: tuple[str, ...]) -> tuple[OutcomeModel, ...]:
        return tuple(OutcomeModel(s, s, np.ones(rows, dtype=bool), float(thresholds[q]) if q < outcomes - 1 else None,
                                  {}, None) for q, s in enumerate(statuses))

    truth = Params(pillar, within, thresholds)
    draft = FitProblem(points, every, every, pillar_of, np.ones(k), np.ones(m), model(n * 4, ()), 0.0,
                    tuple([statuses[0]] * (n * 4)))
    scored = evaluate(draft, truth)
    far = np.flatnonzero(np.all(np.abs(scored.overall[:, None] - thresholds[None, :]) > FAR, axis=1))[:n]
    decided = [statuses[c] for c in scored.chosen[far]]
    flipped = {int(i) for i in rng.choice(len(far), flips, replace=False)} if flips else set()
    for i in flipped:
        decided[i] = statuses[(statuses.index(decided[i]) + 1) % outcomes]
    problem = FitProblem(points[far], every[far], every[far], pillar_of, np.ones(k), np.ones(m), model(len(far), ()),
                      0.0, tuple(decided))
    return problem, truth, flipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--partners", type=int, default=3000)
    parser.add_argument("--criteria", type=int, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--observations", type=int, default=1, help="observations per value (a series)")
    args = parser.parse_args()
    make_root(args.out, args.partners, args.criteria, args.seed, args.observations)


if __name__ == "__main__":
    main()



def stray_cell_workbook(path: Path, code: str) -> Path:
    """A small long-layout workbook with one figure for ``code`` and one stray cell at XFD1048576, the
    last cell a sheet can have (a reader that pads rows would build a million of 16,384 cells)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["partner", "year", "value"])
    sheet.append([code, 2020, 1])
    sheet["XFD1048576"] = "x"
    book.save(path)
    return path
