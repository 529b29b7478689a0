"""Small roots written from YAML text, for hand-worked examples."""

from __future__ import annotations

from pathlib import Path

import evaluator
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


def value(v: str, year: str = "") -> str:
    """An indicator line for ``x``."""
    return f"  x: {{value: {v}, source: s{', year: ' + year if year else ''}}}\n"
