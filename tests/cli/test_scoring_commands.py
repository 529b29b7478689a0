"""``evaluator score`` and ``evaluator rank`` through the CLI, with golden files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

import evaluator
from evaluator.cli import cli
from tests.conftest import DATA, REPO


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json"), ("markdown", "md")])
@pytest.mark.parametrize("partner", ["alpha", "beta", "gamma", "hostile"])
def test_score_formats_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                          partner: str, fmt: str, suffix: str) -> None:
    result = runner.invoke(cli, ["score", partner, "--as-of", "2024", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"score-{partner}.{suffix}", result.stdout)


@pytest.mark.parametrize(("fmt", "suffix"), [("table", "txt"), ("json", "json"), ("csv", "csv")])
def test_rank_formats_match_golden_files(root: Path, runner: CliRunner, golden: Callable[..., None],
                                         fmt: str, suffix: str) -> None:
    result = runner.invoke(cli, ["rank", "--as-of", "2024", "--format", fmt])
    assert result.exit_code == 0, result.output
    golden(f"rank.{suffix}", result.stdout)


def test_score_json_is_the_library_scorecard(root: Path, runner: CliRunner) -> None:
    import evaluator

    result = runner.invoke(cli, ["score", "alpha", "--as-of", "2024", "--format", "json"])
    data = json.loads(result.stdout)
    card = evaluator.score(evaluator.load(root), as_of=2024)["alpha"]
    assert data["overall"] == card.overall == 88.1
    assert data["outcome"] == "full"
    assert data["provenance"]["criteria_set"] == "fixture"
    assert data["provenance"]["as_of"] == 2024


def test_score_runs_on_the_shipped_data(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(cli, ["score", "united-kingdom", "--as-of", "2026"])
    assert result.exit_code == 0, result.output
    assert "Outcome: Dialogue Partner [dialogue-partner]" in result.stdout
    assert "USD 35.7 bn (2019) on a log scale from USD 1 bn (0) to USD 300 bn (100)" in " ".join(result.stdout.split())


def test_a_replay_of_2000_sees_nothing_dated_later(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The United Kingdom acceded to the TAC in 2012 (a year state dated by its value) and declared its
    support for the AOIP in 2022: a replay of 2000 sees neither, and says what it left out."""
    monkeypatch.chdir(REPO)
    result = runner.invoke(cli, ["score", "united-kingdom", "--as-of", "2000", "--format", "json"])
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    tac = next(g for g in card["gates"] if g["id"] == "tac")
    assert tac["status"] != "pass" and tac["value"] is None
    assert all(c["status"] != "scored" or (c["year"] or 0) <= 2000 for c in card["criteria"])
    assert all(c["value"] is None for c in card["criteria"])          # nothing of the UK is dated by 2000
    assert {"indicator": "tac_accession_year", "year": 2012, "date": None, "seen_from": 2012} in card["unseen"]
    assert card["seen_at"] == "the end of 2000"
    assert card["caveats"][0].startswith("Replay as of the end of 2000: it sees only what was dated by then")


def test_rank_with_root_option(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["rank", "--root", str(DATA / "root"), "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    names = {pid: lp.model.name for pid, lp in evaluator.load(DATA / "root").partners.items()}
    order = sorted(names, key=lambda pid: result.stdout.index(names[pid][:10]))
    assert order == ["alpha", "gamma", "beta", "hostile"]


def test_root_found_from_a_subfolder(root: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root / "partners")
    result = runner.invoke(cli, ["score", "alpha", "--as-of", "2024"])
    assert result.exit_code == 0


def test_unknown_partner_is_a_usage_error_with_a_suggestion(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["score", "alpah"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown partner 'alpah' (did you mean 'alpha'?); "
                             "'evaluator partners' lists the ids\n")


@pytest.mark.parametrize(("typed", "meant"), [("uk", "united-kingdom"), ("GB", "united-kingdom"),
                                              ("korea", "republic-of-korea"), ("rok", "republic-of-korea")])
def test_a_partner_named_by_code_name_or_initials_is_suggested(runner: CliRunner, typed: str, meant: str) -> None:
    result = runner.invoke(cli, ["score", typed, "--root", str(REPO)])
    assert result.exit_code == 2
    assert result.stderr == f"Error: unknown partner '{typed}' (did you mean '{meant}'?); 'evaluator partners' " \
                            "lists the ids\n"


def test_partners_lists_every_id_with_its_name_and_status(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["partners"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "Status", "Codes", "Name"]
    assert [line.split()[0] for line in lines[1:] if not line.startswith(" ")] == ["alpha", "beta", "gamma",
                                                                                  "hostile"]
    assert max(len(line) for line in lines) <= 80


def test_partner_ids_and_set_ids_complete_in_the_shell(root: Path, runner: CliRunner) -> None:
    env = {"_EVALUATOR_COMPLETE": "bash_complete", "COMP_WORDS": "evaluator score al", "COMP_CWORD": "2"}
    result = runner.invoke(cli, [], env=env, prog_name="evaluator")
    assert result.stdout.splitlines() == ["plain,alpha"]
    env = {"_EVALUATOR_COMPLETE": "bash_complete", "COMP_WORDS": "evaluator rank --criteria f", "COMP_CWORD": "3"}
    result = runner.invoke(cli, [], env=env, prog_name="evaluator")
    assert result.stdout.splitlines() == ["plain,fixture"]


def test_unknown_criteria_set_is_a_usage_error(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rank", "--criteria", "fixtur"])
    assert result.exit_code == 2
    assert result.stderr == ("Error: unknown criteria set 'fixtur' (did you mean 'fixture'?); "
                             "choose one of: fixture\n")


def test_several_sets_need_a_choice(root: Path, runner: CliRunner) -> None:
    text = (root / "criteria" / "fixture.yaml").read_text().replace("id: fixture", "id: second")
    (root / "criteria" / "second.yaml").write_text(text)
    result = runner.invoke(cli, ["rank"])
    assert result.exit_code == 2
    assert result.stderr == "Error: several criteria sets; choose one with --criteria: fixture, second\n"
    result = runner.invoke(cli, ["rank", "--criteria", "second", "--as-of", "2024"])
    assert result.exit_code == 0


def test_criteria_given_as_a_path(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["score", "alpha", "--criteria", "criteria/fixture.yaml", "--as-of", "2024"])
    assert result.exit_code == 0


def test_invalid_data_stops_scoring_with_exit_1(root: Path, runner: CliRunner) -> None:
    (root / "partners" / "beta.yaml").write_text("id: beta\nname: Beta\nkind: nation\n")
    result = runner.invoke(cli, ["rank"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "partners/beta.yaml:3:7: kind: must be 'country', 'regional-organisation' or "
        "'international-organisation'; got 'nation'",
        "1 problem; nothing was written",
    ]


def test_bad_option_is_exit_2(root: Path, runner: CliRunner) -> None:
    assert runner.invoke(cli, ["rank", "--as-of", "nineteen"]).exit_code == 2
    assert runner.invoke(cli, ["score"]).exit_code == 2


def test_no_colour_when_not_a_terminal_and_with_no_color(root: Path, runner: CliRunner,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(cli, ["score", "alpha", "--as-of", "2024"])
    assert "\x1b[" not in result.stdout
    import sys

    from evaluator.outputs import color_wanted

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert color_wanted()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not color_wanted()


def test_score_gap_is_computed(root: Path) -> None:
    import evaluator

    card = evaluator.score(evaluator.load(root), as_of=2024)["gamma"]
    assert card.outcome == "development" and card.next_outcome == "sectoral"
    assert [item.requirement for item in card.gap] == ["“Has acceded to the treaty”",
                                                       "“Trade” at least 20 points"]


@pytest.mark.parametrize("args", [["--root", "r" * 300], ["--criteria", "c" * 300 + ".yaml"]])
def test_a_name_too_long_is_a_message(root: Path, runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, ["rank", *args])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith("Error: ")


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--concentration", "nan", "--concentration must be a finite number of at least 0.001, got nan"),
    ("--concentration", "inf", "--concentration must be a finite number of at least 0.001, got inf"),
    ("--draws", "0", "Invalid value for '--draws'"),
    ("--draws", "-5", "Invalid value for '--draws'"),
])
def test_draws_and_concentration_are_checked(root: Path, runner: CliRunner, option: str, value: str,
                                             message: str) -> None:
    result = runner.invoke(cli, ["sensitivity", "alpha", option, value])
    assert result.exit_code == 2 and message in result.stderr


def test_the_library_refuses_what_the_options_refuse(root: Path) -> None:
    import evaluator
    from evaluator.base.errors import UsageError
    from evaluator.scoring.sensitivity import analyse, verdicts

    table = evaluator.score(evaluator.load(root), as_of=2024).table
    with pytest.raises(UsageError, match="--draws must be at least 1, got 0"):
        verdicts(table, draws=0)
    with pytest.raises(UsageError, match="--concentration must be a finite number of at least 0.001"):
        analyse(table, "alpha", concentration=float("inf"))


@pytest.mark.parametrize("seed", ["-1", "4294967296", "99999999999999999999"])
def test_a_seed_numpy_cannot_take_is_a_usage_error(root: Path, runner: CliRunner, seed: str) -> None:
    result = runner.invoke(cli, ["sensitivity", "alpha", "--as-of", "2024", "--seed", seed])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: Invalid value for '--seed': {seed} is not in the range 0<=x<=4294967295.")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_ends_with_one_line_and_exit_1(root: Path) -> None:
    import subprocess
    import sys

    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "evaluator", "score", "alpha", "--as-of", "2024"],
                              cwd=root, stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write to standard output: No space left on device\n"
    done = subprocess.run([sys.executable, "-m", "evaluator", "score", "alpha", "--as-of", "2024"],
                          cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          timeout=120, preexec_fn=lambda: __import__("os").close(1))
    assert done.returncode == 1
    assert done.stderr == "Error: standard output is closed; nothing was written\n"
