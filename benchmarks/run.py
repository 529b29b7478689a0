"""Benchmarks: each figure is the median of several runs, each ratio computed pair by pair in
the same run, on this machine.

    python -m benchmarks.run                       # print the table
    python -m benchmarks.run --write docs/performance.md
    python -m benchmarks.run --quick               # small sizes, for a smoke test

Optional comparisons (scikit-criteria, pymcdm) run when installed: pip install '.[bench]'.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evaluator.cli import BLAS_THREADS, one_blas_thread

one_blas_thread()               # as the program does, before numpy loads: the references run alike

import numpy as np  # noqa: E402

from benchmarks.generate import make_root, pivot_table, stray_cell_workbook  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable


@dataclass
class Row:
    name: str
    ours: float
    reference: str
    ref: float
    goal: str

    @property
    def ratio(self) -> float:
        return self.ours / self.ref

    def met(self) -> str:
        if self.goal.startswith("<="):
            return "yes" if self.ratio <= float(self.goal[2:].rstrip("x")) else "no"
        if self.goal == "faster":
            return "yes" if self.ratio < 1 else "no"
        return ""


def median_time(func: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(ours: Callable[[], Any], ref: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Median times of two functions, run alternately so that both see the same machine state."""
    a, b = [], []
    for _ in range(runs):
        a.append(median_time(ours, 1))
        b.append(median_time(ref, 1))
    return statistics.median(a), statistics.median(b)


def command(*args: str) -> Callable[[], None]:
    def run() -> None:
        subprocess.run(list(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return run


def peak_rss_mb(*args: str) -> float:
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([PY, "-c", code, *args], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def bench_startup(runs: int) -> list[Row]:
    base = command(PY, "-c", "import click, yaml, pydantic")
    help_ours, help_ref = paired(command(PY, "-m", "evaluator", "--help"), base, runs)
    val_ours, val_ref = paired(command(PY, "-m", "evaluator", "validate", "--root", str(REPO)), base, runs)
    sens_ours, sens_ref = paired(command(PY, "-m", "evaluator", "sensitivity", "united-kingdom", "--root",
                                         str(REPO), "--as-of", "2026"),
                                 command(PY, "-c", "import pandas"), runs)
    return [Row("`evaluator --help`", help_ours, "import click, yaml, pydantic", help_ref, "<=1.5x"),
            Row("`evaluator validate` (bundled data)", val_ours, "import click, yaml, pydantic", val_ref, "<=2.2x"),
            Row("`evaluator sensitivity` (bundled data, 10,000 draws)", sens_ours, "import pandas", sens_ref,
                "<=1.3x")]


BASELINE_PARSE = """
import pathlib, sys
import pandas, pydantic, yaml
for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.yaml')):
    yaml.load(p.read_bytes(), Loader=yaml.CSafeLoader)
"""


def bench_rank(tmp: Path, partners: int, m: int, runs: int) -> tuple[list[Row], float]:
    root = make_root(tmp / f"rank-{partners}x{m}", partners, m)
    ours, ref = paired(command(PY, "-m", "evaluator", "rank", "--root", str(root), "--as-of", "2024"),
                       command(PY, "-c", BASELINE_PARSE, str(root)), runs)
    rss = peak_rss_mb(PY, "-m", "evaluator", "rank", "--root", str(root), "--as-of", "2024")
    return [Row(f"`evaluator rank`, {partners:,} x {m}", ours, "import pandas, pydantic; parse files with CSafeLoader",
                ref, "<=1.0x")], rss


def bench_history(tmp: Path, partners: int, m: int, runs: int) -> tuple[list[Row], float, float]:
    """``history`` over 15 as-of years against one ``rank`` of the same root: every value a series
    of five yearly observations. Returns the row and both commands' peak resident memory."""
    root = make_root(tmp / f"history-{partners}x{m}", partners, m, observations=5)
    history = (PY, "-m", "evaluator", "history", "--root", str(root), "--from", "2010", "--to", "2024")
    rank = (PY, "-m", "evaluator", "rank", "--root", str(root), "--as-of", "2024")
    ours, ref = paired(command(*history), command(*rank), runs)
    row = Row(f"`evaluator history`, 15 as-of years, {partners:,} x {m}, 5 observations per value", ours,
              "one `evaluator rank` of the same root", ref, "<=2x")
    return [row], peak_rss_mb(*history), peak_rss_mb(*rank)


ROUND_TRIP = """
import io, pathlib, sys
from ruamel.yaml import YAML
yaml = YAML()
yaml.preserve_quotes = True
yaml.width = 4096
for p in sorted(pathlib.Path(sys.argv[1]).glob('partners/*.yaml')):
    data = yaml.load(p.read_bytes())
    out = io.BytesIO()
    yaml.dump(data, out)
    p.write_bytes(out.getvalue())
"""


def bench_import(tmp: Path, partners: int, rows: int, runs: int) -> list[Row]:
    """``import`` of a rows x 13-year pivot table into a root of ``partners`` files, against reading and
    writing every partner file with ruamel.yaml alone; each run on a fresh copy of the root."""
    import shutil

    base = make_root(tmp / f"import-{partners}", partners, 10)
    table = tmp / "table.csv"
    table.write_text(pivot_table(rows, range(2010, 2023)), encoding="utf-8")
    ours, ref = [], []
    for _ in range(runs):
        for times, job in ((ours, "import"), (ref, "ruamel")):
            work = tmp / f"import-run-{job}"
            shutil.rmtree(work, ignore_errors=True)
            shutil.copytree(base, work)
            args = ([PY, "-m", "evaluator", "import", str(table), "--root", str(work), "--indicator", "i0",
                     "--scale", "1e6", "--source", "Synthetic table"] if job == "import"
                    else [PY, "-c", ROUND_TRIP, str(work)])
            times.append(median_time(command(*args), 1))
    return [Row(f"`evaluator import`, {rows} rows x 13 years into {partners:,} partner files",
                statistics.median(ours), "ruamel.yaml: read and write every partner file",
                statistics.median(ref), "<=2x")]


def _import_rss(root: Path, table: Path) -> tuple[float, str]:
    """Peak resident memory of one ``import`` of ``table`` and the last line it printed on stderr."""
    code = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.PIPE, text=True); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
            "lines = p.stderr.strip().splitlines() or ['']; "
            "print(next((x for x in lines if 'bound' in x), lines[-1]))")
    import os

    out = subprocess.run([PY, "-c", code, PY, "-m", "evaluator", "import", str(table), "--root", str(root),
                          "--indicator", "i0", "--scale", "1e6", "--source", "Synthetic table", "--grade",
                          "official-statistics", "--dry-run"],
                         capture_output=True, text=True, check=True, env={**os.environ, "COLUMNS": "400"}
                         ).stdout.splitlines()
    said = out[1].replace(f"{table.parent}/", "") if len(out) > 1 else ""
    return int(out[0]) / 1024, said


def import_bounds(tmp: Path) -> list[tuple[str, float, str]]:
    """``import`` of hostile and of the largest accepted tables: peak memory and what it said (goal:
    under 500 MB each, a refusal naming the bound it hit)."""
    import zipfile

    from openpyxl import Workbook

    from evaluator.workflow import tables

    root = make_root(tmp / "bounds", 50, 10)
    cases: list[tuple[str, Path]] = []
    big = tmp / "big.csv"
    line = pivot_table(1, range(2010, 2023)).splitlines()[-1] + "\r\n"
    with big.open("w", encoding="utf-8") as stream:
        stream.write(pivot_table(1, range(2010, 2023)))
        stream.write(line * (100_000_000 // len(line)))
    cases.append((f"a {big.stat().st_size / 1e6:.0f} MB CSV table", big))
    largest = tmp / "largest.csv"
    rows = tables.MAX_CELLS // 15                 # a label and 13 years a row, a few empty: under the cell bound
    largest.write_text(pivot_table(rows, range(2010, 2023)), encoding="utf-8")
    cases.append((f"a CSV near the cell bound: {rows:,} rows x 13 years, {largest.stat().st_size / 1e6:.1f} MB",
                  largest))
    stray = stray_cell_workbook(tmp / "stray.xlsx", "P00001")
    cases.append((f"a {stray.stat().st_size / 1e3:.0f} KB workbook with one cell at XFD1048576", stray))
    bomb = tmp / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"<si><t>a</t></si>" * 150_000_000 + b"</sst>")
    cases.append((f"a {bomb.stat().st_size / 1e6:.1f} MB shared-strings bomb", bomb))
    near = tmp / "near.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Host Country", "Source Country", *(str(y) for y in range(2010, 2023))])
    for i in range(20_000):                       # unique text in every cell: the shared strings grow
        sheet.append(["ASEAN" if i == 0 else "", f"Partner {i} [P{i:05d}]", *(f"{i}.{y}" for y in range(13))])
    book.save(near)
    unpacked = sum(info.file_size for info in zipfile.ZipFile(near).infolist())
    cases.append((f"a workbook of 20,000 rows of distinct text, {unpacked / 1e6:.0f} MB unpacked", near))
    return [(name, *_import_rss(root, table)) for name, table in cases]


def robustness_rss(tmp: Path, partners: int, m: int) -> float:
    """Peak resident memory of ``rank --robustness`` (10,000 weight draws) on a generated root."""
    root = make_root(tmp / f"robust-{partners}x{m}", partners, m)
    return peak_rss_mb(PY, "-m", "evaluator", "rank", "--robustness", "--root", str(root), "--as-of", "2024")


def synthetic_table(n: int, m: int, seed: int = 0) -> tuple[Any, Any]:
    """A compiled set and matrices of values for n partners x m criteria, built in memory."""
    import evaluator
    from evaluator.scoring import engine
    from evaluator.scoring.compile import compile_set

    with tempfile.TemporaryDirectory() as tmp:
        project = evaluator.load(make_root(Path(tmp), 0, m))
    cset = project.sets["bench"].model
    spec = compile_set(cset, project.catalogue)
    rng = np.random.default_rng(seed)
    encoded = 10 ** rng.uniform(5, 11.5, size=(n, m))
    for j, crit in enumerate(cset.criteria.values()):
        if crit.score.boolean is not None:
            encoded[:, j] = rng.integers(0, 2, n)
        elif crit.score.categories is not None:
            encoded[:, j] = rng.integers(0, 4, n)
    present = rng.random((n, m)) > 0.15
    encoded[~present] = np.nan
    year = np.where(rng.random((n, m)) < 0.1, 2016.0, 2023.0)
    gates = list(cset.gates.values())
    gate_values = [[float(encoded[i, list(cset.criteria).index(f"c{g.indicator[1:]}")])
                    if g.indicator else None for i in range(n)] for g in gates]
    gate_values = [[None if v is None or np.isnan(v) else v for v in col] for col in gate_values]
    inputs = engine.Inputs([f"p{i:05d}" for i in range(n)], ["all"] * n, encoded, year, present,
                           gate_values, np.full((n, len(gates)), 2023.0), *engine.gate_arrays(gate_values, n))
    return spec, inputs


def bench_scoring(n: int, m: int, runs: int, numpy_rows: bool = True) -> list[Row]:
    from evaluator.scoring import engine
    from evaluator.scoring.aggregate import Scores, Weights, aggregate

    spec, inputs = synthetic_table(n, m)
    table = engine.score_table(spec, inputs, 2024)
    points = np.nan_to_num(table.points)
    weights = spec.effective

    def reference() -> Any:
        return points @ weights

    def aggregation() -> Any:
        pillar, overall, completeness = aggregate(table.points, table.counted, table.usable, spec.pillar_of,
                                                  Weights.single(spec.pillar_weight, spec.weight))
        scores = Scores(table.points, table.counted, pillar[:, 0], overall[:, 0], completeness[:, 0],
                        table.gate_pass)
        return engine.decide(spec, scores)

    full, ref1 = paired(lambda: engine.score_table(spec, inputs, 2024), reference, runs)
    rows = []
    if numpy_rows:
        agg, ref2 = paired(aggregation, reference, runs)
        rows += [Row(f"scoring in-process, {n:,} x {m} (values to outcomes)", full, "numpy weighted sum", ref1,
                     "<=2x"),
                 Row(f"aggregation only, {n:,} x {m} (points to outcomes)", agg, "numpy weighted sum", ref2, "<=2x")]
    rows += _mcda(points, weights, full, runs, f"{n:,} x {m}")
    return rows


def _mcda(points: np.ndarray, weights: np.ndarray, ours: float, runs: int, size: str) -> list[Row]:
    rows = []
    try:
        from pymcdm.methods import WSM

        matrix = points + 1e-9
        types = np.ones(points.shape[1])
        method = WSM()
        ref = median_time(lambda: method(matrix, weights, types), runs)
        rows.append(Row(f"scoring in-process, {size} (values to outcomes)", ours, "pymcdm WSM on the points", ref,
                        "faster"))
    except ImportError:
        rows.append(Row(f"scoring in-process, {size}", ours, "pymcdm (not installed)", float("nan"), "faster"))
    try:
        import skcriteria as skc

        try:
            from skcriteria.agg.simple import WeightedSumModel
        except ImportError:                       # scikit-criteria before 0.8.5 named the module madm
            from skcriteria.madm.simple import WeightedSumModel

        dm = skc.mkdm(points + 1e-9, [max] * points.shape[1], weights=weights)
        model = WeightedSumModel()
        ref = median_time(lambda: model.evaluate(dm), runs)
        rows.append(Row(f"scoring in-process, {size} (values to outcomes)", ours,
                        "scikit-criteria WeightedSumModel on the points", ref, "faster"))
    except ImportError:
        rows.append(Row(f"scoring in-process, {size}", ours, "scikit-criteria (not installed)", float("nan"),
                        "faster"))
    return rows


def bench_sensitivity(n: int, m: int, draws: int, runs: int) -> list[Row]:
    from evaluator.scoring import engine
    from evaluator.scoring.rounding import round1
    from evaluator.scoring.sensitivity import draw_weights, verdicts

    spec, inputs = synthetic_table(n, m)
    table = engine.score_table(spec, inputs, 2024)
    member = np.zeros((m, len(spec.pillar_ids)))
    member[np.arange(m), spec.pillar_of] = 1.0
    filled = np.nan_to_num(table.points)
    counted = table.counted.astype(float)

    def reference() -> Any:
        weights = draw_weights(spec, draws, 50.0, 0)
        pillar_w, crit_w = weights.pillar, weights.criterion
        pillar = np.stack([round1(((filled * member[:, k]) @ crit_w.T) / ((counted * member[:, k]) @ crit_w.T))
                           for k in range(member.shape[1])], axis=2)
        overall = round1(np.einsum("ndk,dk->nd", pillar, pillar_w) / pillar_w.sum(axis=1))
        return (overall >= 60).mean(axis=1)

    ours, ref = paired(lambda: verdicts(table, draws=draws), reference, runs)
    return [Row(f"sensitivity, {draws:,} draws, {n} x {m} (`rank --robustness`)", ours,
                "numpy: the same draws, pillar and overall matrix products", ref, "<=2x")]


def bench_export(n: int, m: int, runs: int, tmp: Path) -> list[Row]:
    import evaluator
    from evaluator.outputs import spreadsheet as tabular
    from evaluator.outputs.spreadsheet import export_csv
    from evaluator.outputs.views import ExportView
    from evaluator.scoring.result import LONG_COLUMNS

    root = make_root(tmp / f"export-{n}x{m}", n, m)
    result = evaluator.score(evaluator.load(root), as_of=2024)
    rows = result.long_rows()

    def reference() -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(LONG_COLUMNS)
        writer.writerows([[row[c] for c in LONG_COLUMNS] for row in rows])
        return buffer.getvalue().encode("utf-8")

    def fresh_export() -> bytes:
        fresh = evaluator.Result(result.criteria, result.table, result.partners)
        return export_csv(ExportView(fresh, None, False, "USD"))

    write, ref1 = paired(lambda: tabular.csv_text(LONG_COLUMNS, rows).encode("utf-8"), reference, runs)
    full, ref2 = paired(fresh_export, reference, runs)
    return [Row(f"CSV export, {n:,} x {m}: writing the rows", write, "csv module, same rows", ref1, "<=1.5x"),
            Row(f"CSV export, {n:,} x {m}: building and writing", full, "csv module, same rows", ref2, "")]


def bench_export_commands(tmp: Path, partners: int, m: int, runs: int) -> list[Row]:
    """``evaluator export`` to CSV and to a workbook, each against one ``rank`` of the same root."""
    root = make_root(tmp / f"export-cli-{partners}x{m}", partners, m)
    rank = command(PY, "-m", "evaluator", "rank", "--root", str(root), "--as-of", "2024")
    rows = []
    for fmt, goal in (("csv", "<=1.5x"), ("xlsx", "<=4x")):
        export = command(PY, "-m", "evaluator", "export", "--root", str(root), "--as-of", "2024", "-o",
                         str(tmp / f"export.{fmt}"), "--force")
        ours, ref = paired(export, rank, runs)
        rows.append(Row(f"`evaluator export -o x.{fmt}`, {partners:,} x {m}", ours, "one `evaluator rank`", ref,
                        goal))
    return rows


def export_rss(tmp: Path, partners: int, m: int) -> float:
    """Peak resident memory of ``export -o x.xlsx`` on a generated root."""
    root = make_root(tmp / f"export-rss-{partners}x{m}", partners, m)
    return peak_rss_mb(PY, "-m", "evaluator", "export", "--root", str(root), "--as-of", "2024", "-o",
                       str(tmp / "big.xlsx"), "--force")


def bench_consensus(tmp: Path, partners: int, m: int, runs: int) -> list[Row]:
    """``consensus`` with 10 members against one ``rank`` of the same root."""
    import random

    root = make_root(tmp / f"consensus-{partners}x{m}", partners, m)
    folder = tmp / "members"
    folder.mkdir(exist_ok=True)
    rng = random.Random(0)
    for k in range(10):
        weights = ", ".join(f"p{p}: {rng.randint(5, 50)}" for p in range(4))
        criteria = ", ".join(f"c{j}: {rng.randint(1, 9)}" for j in rng.sample(range(m), 10))
        (folder / f"m{k}.yaml").write_text(f"id: m{k}\nname: Member {k}\nweights:\n  pillars: {{{weights}}}\n"
                                           f"  criteria: {{{criteria}}}\n")
    ours, ref = paired(command(PY, "-m", "evaluator", "consensus", "--root", str(root), "--as-of", "2024",
                               "--members", str(folder), "--format", "json"),
                       command(PY, "-m", "evaluator", "rank", "--root", str(root), "--as-of", "2024"), runs)
    return [Row(f"`evaluator consensus`, 10 members, {partners:,} x {m}", ours, "one `evaluator rank`", ref,
                "<=1.5x")]


def bench_calibrate(runs: int) -> tuple[list[Row], str]:
    """Calibration: the programme on synthetic decisions, the LP fallback, and the bundled case."""
    import evaluator
    from benchmarks.generate import sorted_decisions
    from evaluator.scoring.fit import fit_decisions as calibrate
    from evaluator.scoring.fitmodel import UNIQUE_LIMIT
    from evaluator.scoring.programme import Builder, programme
    from evaluator.scoring.solver import maximise
    from evaluator.workflow.calibrate import _solve_all as solve_all

    nan = float("nan")
    exact, _, flipped = sorted_decisions(4, 200, 12, 3, 3, flips=3)
    solve = median_time(lambda: maximise(programme(Builder(exact, exact.current(), "joint"))), runs)
    whole = median_time(lambda: calibrate(exact), 1)
    found = calibrate(exact)
    five, _, _ = sorted_decisions(6, 500, 12, 3, 3, flips=5)
    auto = median_time(lambda: calibrate(five, extras=False), runs)
    auto_fit = calibrate(five, extras=False)
    big, _, _ = sorted_decisions(5, 2000, 20, 4, 4, flips=20)
    lp = median_time(lambda: calibrate(big, method="lp"), runs)
    lp_fit = calibrate(big, method="lp")
    floored = dataclasses.replace(exact, outcomes=tuple(
        dataclasses.replace(o, pillars={0: 20.0} if o.score is not None else {},
                            completeness=0.5 if o.score is not None else None) for o in exact.outcomes))
    limits = median_time(lambda: solve_all(floored, "all", "auto"), 1)
    project = evaluator.load(REPO)
    bundled = median_time(lambda: evaluator.calibrate(project, criteria="asean-dialogue-partner"), runs)
    loo = median_time(lambda: evaluator.calibrate(project, criteria="asean-dialogue-partner", leave_one_out=True), 1)
    count = len(project.decisions["asean-dialogue-partner"][0].decisions)  # the file, not another run
    rows = [Row("calibrate, 200 decisions x 12 criteria x 3 outcomes, 3 flipped: the MILP", solve, "—", nan,
                "under 5 s"),
            Row("calibrate, the same: MILP, nearest weights, uniqueness, ranges", whole, "—", nan, ""),
            Row("calibrate --method auto, 500 decisions x 12 criteria x 3 outcomes, 5 flipped: the search ("
                + (f"the MILP cut at {auto_fit.fell_back:g} s, the LP tried, the {auto_fit.method.upper()} kept"
                   if auto_fit.fell_back else f"{auto_fit.method.upper()}") + ")", auto, "—", nan, "under 5 s"),
            Row("calibrate --method lp, 2,000 decisions x 20 criteria x 4 outcomes, 20 flipped", lp, "—", nan,
                "under 5 s"),
            Row(f"calibrate, the bundled ASEAN recognition set ({count} decisions)", bundled, "—", nan, "under 1 s"),
            Row("calibrate --fit all (weights, thresholds, floors, completeness), the 200 decisions with a floor "
                "and a completeness limit on every outcome", limits, "—", nan, "under 10 s"),
            Row(f"calibrate --leave-one-out, the bundled recognition set ({count} decisions; goal set for 30)", loo,
                "—", nan, "under 30 s")]
    note = (f"On the 500 decisions --method auto reproduces {int(auto_fit.reproduced_after.sum())} (5 were "
            "flipped). "
            f"On the 200 decisions the MILP leaves out {int((~found.reproduced_after).sum())} (3 were flipped; "
            f"unique: {found.unique}); the LP relaxation on the 2,000 reproduces "
            f"{int(lp_fit.reproduced_after.sum())} of 2,000 (20 were flipped). The whole calibration of the 200 "
            f"also proves the unexplained set unique or gives up after {UNIQUE_LIMIT:.0f} s (unique: None).")
    return rows, note


def table(rows: list[Row]) -> str:
    out = ["| benchmark | ours (s) | reference | reference (s) | ratio | goal | met |",
           "|---|---:|---|---:|---:|---|---|"]
    for r in rows:
        ratio = "—" if r.ref != r.ref else f"{r.ratio:.2f}x"
        if r.goal.startswith("under "):
            met = "yes" if r.ours < float(r.goal.split()[1]) else "no"
            out.append(f"| {r.name} | {r.ours:.4f} | — | — | — | {r.goal} | {met} |")
            continue
        ref = "—" if r.ref != r.ref else f"{r.ref:.4f}"
        out.append(f"| {r.name} | {r.ours:.4f} | {r.reference} | {ref} | {ratio} | {r.goal or '—'} | "
                   f"{'—' if r.ref != r.ref else r.met() or '—'} |")
    return "\n".join(out)


def machine() -> str:
    import os

    # not nproc: it counts OMP_NUM_THREADS, which the benchmark sets to 1 for numpy
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or "?"
    mem = ""
    try:
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB memory"
    except (OSError, StopIteration):
        pass
    blas = ", ".join(f"{name}={os.environ.get(name, 'unset')}" for name in BLAS_THREADS)
    return (f"{platform.system()} {platform.machine()}, {cpus} cores{mem}, Python {platform.python_version()}; "
            f"BLAS threads: {blas}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small sizes and few runs")
    parser.add_argument("--write", type=Path, help="replace the results block of this Markdown file")
    parser.add_argument("--bounds", action="store_true",
                        help="only the import bounds: peak memory on hostile and on the largest accepted tables")
    parser.add_argument("--calibrate", action="store_true",
                        help="only the calibration and consensus benchmarks (their own block of the Markdown file)")
    args = parser.parse_args()
    if args.bounds:
        with tempfile.TemporaryDirectory(prefix="evaluator-bench-") as tmp_name:
            found = import_bounds(Path(tmp_name))
        text = (f"Machine: {machine()}.\n\n| `evaluator import --dry-run` of | peak memory (MB) | goal | met | "
                "what it said |\n|---|---:|---|---|---|\n"
                + "".join(f"| {name} | {rss:.0f} | under 500 MB | {'yes' if rss < 500 else 'no'} | {said} |\n"
                          for name, rss, said in found))
        print(text)
        if args.write:
            _replace_block(args.write, "<!-- bounds -->\n", "<!-- /bounds -->", text)
        return
    if args.calibrate:
        rows, note = bench_calibrate(3 if args.quick else 5)
        with tempfile.TemporaryDirectory(prefix="evaluator-bench-") as tmp_name:
            rows += bench_consensus(Path(tmp_name), 300 if args.quick else 3000, 60, 1 if args.quick else 3)
        text = f"Machine: {machine()}.\n\n{table(rows)}\n\n{note}\n"
        print(text)
        if args.write:
            _replace_block(args.write, "<!-- calibrate -->\n", "<!-- /calibrate -->", text)
        return
    runs = 3 if args.quick else 7
    with tempfile.TemporaryDirectory(prefix="evaluator-bench-") as tmp_name:
        tmp = Path(tmp_name)
        rows = bench_startup(runs if args.quick else 15)
        rank_rows, rss = bench_rank(tmp, 300 if args.quick else 3000, 60, 3 if not args.quick else 1)
        rows += rank_rows
        history_n = 300 if args.quick else 3000
        history_rows, history_rss, history_rank_rss = bench_history(tmp, history_n, 60, 1 if args.quick else 3)
        rows += history_rows
        rows += bench_import(tmp, 300 if args.quick else 3000, 25 if args.quick else 250, 1 if args.quick else 3)
        rows += bench_scoring(100, 10, runs, numpy_rows=False)
        rows += bench_scoring(1000, 50, runs, numpy_rows=False)
        rows += bench_scoring(1000 if args.quick else 10_000, 200, runs)
        rows += bench_sensitivity(50, 30, 1000 if args.quick else 10_000, runs)
        rows += bench_export(100 if args.quick else 1000, 50, runs, tmp)
        rows += bench_export_commands(tmp, 300 if args.quick else 3000, 60, 1 if args.quick else 3)
        robust_n = 1000 if args.quick else 10_000
        robust = robustness_rss(tmp, robust_n, 60)
        xlsx_rss = export_rss(tmp, robust_n, 60)
    text = (f"Machine: {machine()}.\n\n{table(rows)}\n\n"
            f"Peak resident memory of `evaluator rank` on {300 if args.quick else 3000:,} x 60: {rss:.0f} MB "
            f"(budget 500 MB).\n\n"
            f"Peak resident memory of `evaluator history` (15 years) on {history_n:,} x 60 with 5 observations "
            f"per value: {history_rss:.0f} MB; of one `evaluator rank` of the same root: {history_rank_rss:.0f} MB "
            f"(goal for the rank 400 MB: {'met' if history_rank_rss <= 400 else 'not met'})."
            f"\n\n"
            f"Peak resident memory of `evaluator rank --robustness` (10,000 weight draws) on {robust_n:,} x 60: "
            f"{robust:.0f} MB (goal under 1 GB).\n\n"
            f"Peak resident memory of `evaluator export -o x.xlsx` on {robust_n:,} x 60: {xlsx_rss:.0f} MB "
            f"(goal under 1 GB: {'met' if xlsx_rss < 1024 else 'not met'}).\n")
    print(text)
    if args.write:
        _replace_block(args.write, "<!-- results -->\n", "<!-- /results -->", text)


def _replace_block(path: Path, start: str, end: str, text: str) -> None:
    doc = path.read_text()
    before, rest = doc.split(start, 1)
    after = rest.split(end, 1)[1]
    path.write_text(before + start + text + end + after)


if __name__ == "__main__":
    main()
