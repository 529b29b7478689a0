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


def machine_words(html: str, ids: set[str]) -> list[str]:
    """The machine ids and internal terms an official would read in ``html``'s text (not in its
    markup, scripts, styles or addresses): snake_case words, ``completeness``, ``gates passed``,
    and any of ``ids`` (gate, criterion, pillar, outcome and policy ids) written as they are."""
    import re
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.skip = 0
            self.parts: list[str] = []

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("script", "style")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    parser.feed(html)
    text = re.sub(r"https?://\S+", "", " ".join(parser.parts))
    named = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w/.-])({named})(?![\w/-])|\b[a-z]+_[a-z_]+\b|completeness|gates passed|_usd")
    return [m.group(0) for m in pattern.finditer(text)]


def set_ids(root: object) -> set[str]:
    """The ids with a hyphen or underscore in the criteria files of ``root`` (a Path)."""
    from pathlib import Path

    import yaml

    found: set[str] = set()
    for path in sorted(Path(str(root), "criteria").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for key in ("gates", "criteria", "pillars", "indicators", "policies"):
            if isinstance(data.get(key), dict):
                found |= set(data[key])
        found |= {o["id"] for o in data.get("outcomes") or [] if isinstance(o, dict) and "id" in o}
    return {i for i in found if "-" in i or "_" in i}
