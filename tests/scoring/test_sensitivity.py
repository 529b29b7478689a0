"""Sensitivity: an analytic case, flip points against brute force, seeds, verdicts in outputs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.scoring import engine
from evaluator.scoring.compile import compile_set
from evaluator.scoring.evidence import Cutoff
from evaluator.scoring.sensitivity import analyse, verdict, verdicts
from evaluator.scoring.standing import standing
from tests.helpers import build, score

SYMMETRIC = """\
pillars:
  p: {title: P, weight: 1}
criteria:
  a: {title: A, pillar: p, indicator: x, weight: 1, score: {linear: [0, 100]}}
  b: {title: B, pillar: p, indicator: y, weight: 1, score: {linear: [0, 100]}}
outcomes:
  - {id: pass, title: Pass, require: {score: 50}}
  - {id: fail, title: Fail}
"""


def symmetric(tmp: Path) -> evaluator.Result:
    partner = "  x: {value: 100, source: s, year: 2024}\n  y: {value: 0, source: s, year: 2024}\n"
    return score(build(tmp, SYMMETRIC, {"c": partner}))


def test_symmetric_case_keeps_half_of_the_draws(tmp_path: Path) -> None:
    result = symmetric(tmp_path)
    assert result["c"].overall == 50.0 and result["c"].outcome == "pass"
    # the overall is 100 * w_a with w_a ~ Beta(25, 25): above 49.95 in a bit over half of the draws
    shares = [analyse(result.table, "c", seed=seed, flips=False).keep_share for seed in range(4)]
    for share in shares:
        assert 0.485 <= share <= 0.525                       # 0.503 +- 4 standard errors (0.005)
    assert max(shares) - min(shares) < 0.03
    assert verdict(shares[0]) == "fragile"


def test_symmetric_case_flips_at_one(tmp_path: Path) -> None:
    sens = analyse(symmetric(tmp_path).table, "c", draws=100)
    flips = {f.id: f for f in sens.flips}
    # lowering a: 100 f / (1 + f) rounds below 50 when f < 49.95 / 50.05 = 0.998002
    assert flips["a"].down == pytest.approx(49.95 / 50.05, abs=1e-9)
    assert flips["a"].down_outcome == "fail" and flips["a"].up is None
    # raising b: 100 / (1 + f) rounds below 50 when f > 50.05 / 49.95 = 1.002002
    assert flips["b"].up == pytest.approx(50.05 / 49.95, abs=1e-9)
    assert flips["b"].down is None
    assert flips["p"].down is None and flips["p"].up is None  # one pillar: its weight cannot matter


def brute_outcomes(project: evaluator.Project, kind: str, ident: str, factors: np.ndarray,
                   partner: str) -> list[str]:
    """Outcomes by re-scoring from a changed criteria set: a path independent of sensitivity.py."""
    cset = project.sets["fixture"].model
    out = []
    for f in factors:
        if kind == "pillar":
            pillars = {k: (p.model_copy(update={"weight": p.weight * f}) if k == ident else p)
                       for k, p in cset.pillars.items()}
            changed = cset.model_copy(update={"pillars": pillars})
        else:
            crits = {k: (c.model_copy(update={"weight": c.weight * f}) if k == ident else c)
                     for k, c in cset.criteria.items()}
            changed = cset.model_copy(update={"criteria": crits})
        spec = compile_set(changed, project.catalogue)
        partners = sorted((p.model for p in project.partners.values()), key=lambda p: p.id)
        held = standing(spec, partners, [Cutoff.end_of(2024)] * len(partners))
        table = engine.score_table(spec, engine.extract(spec, partners, 2024), 2024, standing=held)
        out.append(table.outcome_id(table.inputs.partner_ids.index(partner)))
    return out


@pytest.mark.slow
@pytest.mark.parametrize(("partner", "flips"), [("alpha", 0), ("beta", 1), ("gamma", 0), ("hostile", 3)])
def test_flip_points_agree_with_brute_force(root: Path, partner: str, flips: int) -> None:
    project = evaluator.load(root)
    result = evaluator.score(project, as_of=2024)
    sens = analyse(result.table, partner, draws=10)
    base = result[partner].outcome
    grid = np.concatenate([np.linspace(1e-3, 1, 150, endpoint=False), np.linspace(1, 10, 150)])
    checked = 0
    for flip in sens.flips:
        outcomes = brute_outcomes(project, flip.kind, flip.id, grid, partner)
        below = [f for f, o in zip(grid, outcomes, strict=True) if f < 1 and o != base]
        above = [f for f, o in zip(grid, outcomes, strict=True) if f > 1 and o != base]
        if flip.down is None:
            assert not below or max(below) < 1e-3 + 1e-9, flip
        else:
            assert below and max(below) <= flip.down + 1e-9, flip
            beyond = np.array([flip.down * (1 - 1e-9)])   # the flip sits on a rounding edge: step past it
            assert brute_outcomes(project, flip.kind, flip.id, beyond, partner) == [flip.down_outcome]
            checked += 1
        if flip.up is None:
            assert not above, flip
        else:
            assert above and min(above) >= flip.up - 1e-9, flip
            beyond = np.array([flip.up * (1 + 1e-9)])
            assert brute_outcomes(project, flip.kind, flip.id, beyond, partner) == [flip.up_outcome]
            checked += 1
    assert checked == flips


def test_same_seed_gives_byte_identical_output(root: Path, runner: CliRunner) -> None:
    args = ["sensitivity", "gamma", "--as-of", "2024", "--draws", "2000", "--format", "json"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert runner.invoke(cli, args).stdout == first.stdout
    other = runner.invoke(cli, [*args, "--seed", "7"])
    data, data7 = json.loads(first.stdout)["sensitivity"], json.loads(other.stdout)["sensitivity"]
    assert data["seed"] == 0 and data7["seed"] == 7
    assert abs(data["keep_share"] - data7["keep_share"]) < 0.05


def test_sensitivity_table_golden(root: Path, runner: CliRunner, golden) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["sensitivity", "alpha", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    golden("sensitivity-alpha.txt", result.stdout)


def test_verdict_thresholds() -> None:
    assert [verdict(x) for x in (1.0, 0.9, 0.8999, 0.6, 0.5999, 0.0)] == [
        "robust", "robust", "moderate", "moderate", "fragile", "fragile"]


def test_robustness_in_rank_summary_export_and_report(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rank", "--as-of", "2024", "--robustness"])
    assert result.exit_code == 0
    assert "; robustness: " in " ".join(line.strip() for line in result.stdout.splitlines()[3:5])
    result = runner.invoke(cli, ["export", "-o", "s.csv", "--summary", "--as-of", "2024"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO((root / "s.csv").read_text(encoding="utf-8-sig"))))
    verdicts = {r["partner_id"]: r["robustness"] for r in rows}
    assert set(verdicts) == {"alpha", "beta", "gamma", "hostile"}
    assert set(verdicts.values()) <= {"robust", "moderate", "fragile"} and all(verdicts.values())
    result = runner.invoke(cli, ["report", "alpha", "-o", "r.md", "--as-of", "2024"])
    assert "## Robustness" in (root / "r.md").read_text()


def test_all_partners_at_once_match_one_at_a_time(root: Path) -> None:
    from evaluator.scoring.sensitivity import verdicts

    result = evaluator.score(evaluator.load(root), as_of=2024)
    together = verdicts(result.table, draws=3000)
    alone = {pid: analyse(result.table, pid, draws=3000, flips=False).verdict for pid in together}
    assert together == alone


def test_verdicts_a_block_at_a_time_equal_all_at_once(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import evaluator
    from evaluator.scoring import sensitivity

    table = evaluator.score(evaluator.load(root), as_of=2024).table
    whole = sensitivity.verdicts(table, draws=500)
    monkeypatch.setattr(sensitivity, "BLOCK", 1)      # one partner per block
    assert sensitivity.verdicts(table, draws=500) == whole


def test_a_partner_without_usable_evidence_has_no_robustness_verdict(root: Path) -> None:
    (root / "partners" / "empty.yaml").write_text("id: empty\nname: Empty\nkind: country\nindicators: {}\n")
    result = evaluator.score(evaluator.load(root), as_of=2024)
    assert verdicts(result.table)["empty"] == "—"
    sens = analyse(result.table, "empty", draws=200)
    assert sens.verdict == "—" and sens.summary.startswith("No verdict: the partner has no usable evidence")
