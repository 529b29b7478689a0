"""``evaluator consensus`` and ``rank --consensus`` on the fixture root and the bundled example."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "consensus" / "members"


@pytest.fixture
def members(root: Path) -> Path:
    folder = root / "members"
    folder.mkdir()
    (folder / "north.yaml").write_text("id: north\nname: North\nweights:\n  pillars: {political: 60, economic: 20}\n")
    (folder / "south.yaml").write_text("id: south\nname: South\nranking: [economic, social, political]\n")
    (folder / "east.yaml").write_text(
        "id: east\nname: East\npairwise:\n"
        "  - {more: economic, than: political, times: 9}\n"
        "  - {more: political, than: social, times: 9}\n"
        "  - {more: social, than: economic, times: 9}\n")
    return root


def test_consensus_json_has_the_shape_of_spec_section_12(members: Path) -> None:
    result = CliRunner().invoke(cli, ["consensus", "--as-of", "2024", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert sorted(data) == ["alpha", "beta", "gamma", "hostile"]
    for entry in data.values():
        assert set(entry) == {"verdict", "outcome", "members", "dissenters"}
        assert sorted(entry["members"]) == ["east", "north", "south"]
        assert len(entry["dissenters"]) == sum(o != entry["outcome"] for o in entry["members"].values())


def test_inconsistent_pairwise_comparisons_are_flagged(members: Path) -> None:
    result = CliRunner().invoke(cli, ["consensus", "alpha", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "east: East, from pairwise comparisons (AHP), consistency ratio" in text
    assert "(above 0.10: the comparisons contradict each other)" in text
    assert "south: South, from a ranking of the pillars (rank-order centroid)" in text


def test_rank_shows_the_verdict_when_asked(members: Path) -> None:
    result = CliRunner().invoke(cli, ["rank", "--as-of", "2024", "--consensus", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(",consensus")


def test_a_member_naming_an_unknown_criterion_is_refused_with_its_line(members: Path) -> None:
    (members / "members" / "west.yaml").write_text(
        "id: west\nname: West\nweights:\n  criteria: {trade-cc: 3}\n")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert ("members/west.yaml:4:14: weights.criteria: unknown criterion 'trade-cc' (did you mean 'trade-c'?)"
            in result.stdout)


def test_a_ranking_that_leaves_out_a_pillar_is_refused_with_its_line(members: Path) -> None:
    (members / "members" / "south.yaml").write_text("id: south\nname: South\nranking: [economic, social]\n")
    result = CliRunner().invoke(cli, ["consensus", "--as-of", "2024"])
    assert result.exit_code == 1
    assert result.stderr.startswith("members/south.yaml:3:10: ranking: leaves out political of this criteria set")


def test_without_members_consensus_says_where_to_put_them(root: Path) -> None:
    result = CliRunner().invoke(cli, ["consensus"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: no member files in members; write members/<member-id>.yaml with a member "
                             "state's weights (examples/consensus/members has one in each form), or give "
                             "--members DIR\n")


def test_the_fictional_example_output_matches_its_golden_file(golden: Callable[..., None],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["consensus", "--members", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert all(len(line) <= 80 for line in result.stdout.splitlines())
    golden("consensus-example.txt", result.stdout)


def test_the_summary_export_and_the_report_carry_the_verdict(members: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["export", "-o", "-", "--format", "csv", "--summary", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].endswith(",consensus")
    assert runner.invoke(cli, ["report", "alpha", "-o", "alpha.md", "--as-of", "2024"]).exit_code == 0
    assert "| Member states | unanimous: the majority's outcome is full |" in (members / "alpha.md").read_text()
