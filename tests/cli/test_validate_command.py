"""``evaluator validate`` and ``evaluator schema`` through the CLI."""

from __future__ import annotations

import builtins
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from tests.conftest import DATA, REPO
from tests.loading.test_yamlfile import INVALID, _fixture

FIVE_MISTAKES = """\
id: delta
name: Delta
kind: nation
indicators:
  trade: {value: "2.0e9", year: 2022, source: customs}
  centralty: {value: true, source: statement}
  fdi: {value: 1.0e8, year: 2022}
  share: {value: 120, year: 2022, source: table}
"""


def test_valid_root_prints_a_summary_and_exits_0(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "6 files checked, no problems\n"


def test_five_mistakes_in_one_file_are_all_reported(root: Path, runner: CliRunner) -> None:
    (root / "partners" / "delta.yaml").write_text(FIVE_MISTAKES)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "partners/delta.yaml:3:7: kind: must be 'country', 'regional-organisation' or "
        "'international-organisation'; got 'nation'",
        "partners/delta.yaml:5:18: indicators.trade.value: expected a number for a number indicator, "
        "got '2.0e9' (write digits only: no quotes, leading zeros, units or dates)",
        "partners/delta.yaml:6:3: indicators: unknown indicator 'centralty' (did you mean 'centrality'?)",
        "partners/delta.yaml:7:8: indicators.fdi.source: required: every value must say where it comes from",
        "partners/delta.yaml:8:18: indicators.share.value: a percent must lie in 0..100, got 120",
    ]
    assert result.stderr == "5 problems in 1 file (7 checked)\n"


def test_validate_given_paths_checks_only_those(root: Path, runner: CliRunner) -> None:
    (root / "partners" / "delta.yaml").write_text(FIVE_MISTAKES)
    result = runner.invoke(cli, ["validate", "partners/alpha.yaml"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "1 file checked, no problems\n"
    result = runner.invoke(cli, ["validate", "partners/delta.yaml"])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 5


def test_validate_with_root_option_from_elsewhere(tmp_path: Path, runner: CliRunner,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["validate", "--root", str(DATA / "root")])
    assert result.exit_code == 0
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 2
    assert "no folder holding criteria/ and partners/" in result.stderr


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_no_fixture_makes_validate_crash_hang_or_read_elsewhere(
        path: Path, root: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    target, raw, expected = _fixture(path)
    (root / target).parent.mkdir(exist_ok=True)
    (root / target).write_bytes(raw)
    opened: list[Path] = []
    real_open, real_path_open = builtins.open, Path.open

    def spy_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        opened.append(Path(file))
        return real_open(file, *args, **kwargs)

    def spy_path_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self)
        return real_path_open(self, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(Path, "open", spy_path_open)
    start = time.perf_counter()
    result = runner.invoke(cli, ["validate"])
    assert time.perf_counter() - start < 10
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.stdout.splitlines() == expected
    resolved = root.resolve()
    assert all(resolved in p.resolve().parents for p in opened), opened


def test_help_and_validate_do_not_import_pandas_or_numpy(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from evaluator.cli import cli\n"
        "for args in (['--help'], ['validate', '--root', sys.argv[1]]):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'scipy', 'jinja2', 'openpyxl') if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(DATA / "root")], capture_output=True, text=True,
                          cwd=tmp_path, check=True)
    assert "HEAVY []" in done.stdout


@pytest.mark.parametrize("kind", ["indicators", "criteria", "partner", "tests", "review"])
def test_schema_prints_json_schema(kind: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["additionalProperties"] is False


def test_unknown_schema_kind_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema", "partners"])
    assert result.exit_code == 2


def test_shipped_data_validates(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", "--root", str(REPO)])
    assert result.exit_code == 0, result.output


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


ONE_MISTAKE = {
    "a weight of 0 in the criteria": (
        "criteria/asean-dialogue-partner.yaml", "    indicator: tac_accession_year\n    weight: 20",
        "    indicator: tac_accession_year\n    weight: 0",
        "criteria/asean-dialogue-partner.yaml:111:13: criteria.tac-commitment.weight: must be above 0; got 0"),
    "a line of a partner file that lost its indentation": (
        "partners/cuba.yaml", "  partnership_level:\n    value: none", "  partnership_level:\n  value: none",
        "partners/cuba.yaml:9:3: YAML syntax error: this line is not indented under line 8 above it, which opens "
        "a mapping; indent it like line 10 below it"),
    "a typing mistake in a status": (
        "partners/australia.yaml", "status: dialogue-partner\n", "status: dialogue-partnr\n",
        "partners/australia.yaml:6:9: status: 'dialogue-partnr' is not a status the criteria sets grant (did you "
        "mean 'dialogue-partner'?), and the last history entry says 'dialogue-partner'; make them agree"),
}


@pytest.mark.parametrize("case", sorted(ONE_MISTAKE))
def test_one_mistake_is_one_problem_where_it_is(asean: Path, runner: CliRunner, case: str) -> None:
    path, old, new, expected = ONE_MISTAKE[case]
    _edit(asean / path, old, new)
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [expected]


def test_a_copy_of_a_partner_file_under_another_id_is_refused(asean: Path, runner: CliRunner) -> None:
    text = (asean / "partners" / "cuba.yaml").read_text()
    (asean / "partners" / "cuba-copy.yaml").write_text(text.replace("id: cuba\n", "id: cuba-copy\n"))
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "partners/cuba.yaml:3:7: name: the name 'Cuba' is also that of partners/cuba-copy.yaml; one partner has "
        "one file (delete the copy, or give this partner its own name and codes)"]


@pytest.mark.parametrize(("weight", "code", "stdout", "stderr"), [
    ("200", 0, [], [   # ten times its siblings: a warning
        "criteria/asean-dialogue-partner.yaml:111:13: warning: criteria.tac-commitment.weight: 200 is more than 10 "
        "times the median weight of the other criteria of its pillar (15); check for a typing mistake",
        "39 files checked, no problems; 1 warning"]),
    ("1e308", 1, [     # beyond its bound: one error, and no warning besides
        "criteria/asean-dialogue-partner.yaml:111:13: criteria.tac-commitment.weight: must be at most 1e+06; "
        "got 1e+308"], ["1 problem in 1 file (39 checked)"]),
], ids=["outlier-warning", "beyond-bound-error-only"])
def test_a_weight_far_from_its_siblings(asean: Path, runner: CliRunner, weight: str, code: int, stdout: list[str],
                                       stderr: list[str]) -> None:
    _edit(asean / "criteria" / "asean-dialogue-partner.yaml", "    indicator: tac_accession_year\n    weight: 20",
          f"    indicator: tac_accession_year\n    weight: {weight}")
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == code
    assert result.stdout.splitlines() == stdout
    assert result.stderr.splitlines() == stderr


def test_a_status_no_set_grants_is_a_warning_and_an_unknown_id_lists_the_choices(
        asean: Path, runner: CliRunner) -> None:
    _edit(asean / "partners" / "cuba.yaml", "status: none\n", "status: observer\n")
    _edit(asean / "criteria" / "asean-dialogue-partner.decisions.yaml", "partner: cuba", "partner: cubaa")
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "warning: status: 'observer' is not a status the criteria sets grant; they grant: " \
           "comprehensive-strategic-partner, development-partner, dialogue-partner, none, " \
           "sectoral-dialogue-partner, strategic-partner" in result.stderr
    assert result.stdout.splitlines()[0].endswith("partner: unknown partner 'cubaa' (did you mean 'cuba'?)")
