"""Small roots written from YAML text, for hand-worked examples."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from evaluator.scoring.result import Result

INDICATORS = """\
indicators:
  x: {title: X, type: number}
  y: {title: Y, type: number}
  z: {title: Z, type: number}
  flag: {title: Flag, type: boolean}
  cat: {title: Category, type: category, categories: [low, mid, high]}
  yr: {title: Year, type: year}
"""


def build(tmp: Path, criteria: str, partners: dict[str, str], indicators: str = INDICATORS) -> Path:
    """A root with one criteria set ``t`` and the given partners (id → indicator YAML lines)."""
    root = tmp / "r"
    (root / "criteria").mkdir(parents=True)
    (root / "partners").mkdir()
    (root / "criteria" / "indicators.yaml").write_text(indicators)
    (root / "criteria" / "t.yaml").write_text(
        'id: t\ntitle: T\nversion: "1"\nstatus: draft\n' + criteria)
    for pid, body in partners.items():
        head = f"id: {pid}\nname: {pid.title()}\nkind: country\n"
        group = ""
        if body.startswith("group:"):
            group, body = body.split("\n", 1)
            group += "\n"
        (root / "partners" / f"{pid}.yaml").write_text(head + group + "indicators:\n" + body)
    return root


def score(root: Path, as_of: int = 2024) -> Result:
    """Score the root's only set."""
    return evaluator.score(evaluator.load(root), as_of=as_of)


def one_criterion(rule: str, indicator: str = "x", extra: str = "") -> str:
    """A set with one pillar and one criterion scored by ``rule``."""
    return (f"{extra}pillars:\n  p: {{title: P, weight: 1}}\n"
            f"criteria:\n  c: {{title: C, pillar: p, indicator: {indicator}, weight: 1, score: {rule}}}\n"
            "outcomes:\n  - {id: ok, title: OK}\n")


def value(v: str, year: str = "2024") -> str:
    """An indicator line for ``x`` (a flow, so dated: by default in the as-of year of ``score``)."""
    return f"  x: {{value: {v}, source: s, year: {year}}}\n"

HOSTILE_NAME = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script> | pipe'


def run(runner: CliRunner, *args: str) -> str:
    """Run a command that must succeed; its standard error."""
    result = runner.invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stderr


def read_csv(path: Path) -> list[list[str]]:
    """An exported CSV file checked for its BOM and CRLF endings, as rows."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(data[3:].decode("utf-8"), newline="")))
    assert data.count(b"\r\n") == len(rows)          # every record ends in CRLF
    return rows


def review(runner: CliRunner, *extra: str) -> None:
    """Record an endorsement of alpha's recommendation."""
    result = runner.invoke(cli, ["review", "alpha", "--decision", "endorse", "--reviewer", "SOM Leader",
                                 "--reason", "Agreed", "--date", "2026-11-20", "--as-of", "2024", *extra])
    assert result.exit_code == 0, result.output


def review_state(runner: CliRunner) -> str:
    """Alpha's review state as rank shows it."""
    result = runner.invoke(cli, ["rank", "--as-of", "2024", "--format", "json"])
    rows = json.loads(result.stdout)["partners"]
    return str(next(r["review"] for r in rows if r["partner_id"] == "alpha"))
