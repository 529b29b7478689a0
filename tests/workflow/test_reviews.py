"""Officials' reviews: bound to the scorecard hash, current until the data or criteria change."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from evaluator.cli import cli
from tests.helpers import review, review_state


def test_a_review_becomes_stale_when_a_value_it_covered_changes(root: Path, runner: CliRunner) -> None:
    assert review_state(runner) == "none"
    review(runner)
    assert review_state(runner) == "current"
    data = yaml.safe_load((root / "reviews" / "alpha.yaml").read_text())
    assert data["reviews"][0]["decision"] == "endorse" and len(data["reviews"][0]["scorecard"]) == 64
    path = root / "partners" / "alpha.yaml"
    path.write_text(path.read_text().replace("value: 15,", "value: 16,"))
    assert review_state(runner) == "stale"
    review(runner)
    assert review_state(runner) == "current"
    assert len(yaml.safe_load((root / "reviews" / "alpha.yaml").read_text())["reviews"]) == 2


def test_review_state_in_summary_export_and_report(root: Path, runner: CliRunner) -> None:
    review(runner)
    runner.invoke(cli, ["export", "-o", "s.csv", "--summary", "--as-of", "2024"])
    first = (root / "s.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    assert first.startswith("alpha,") and first.endswith(",current,dialogue-partner,meets")
    runner.invoke(cli, ["report", "alpha", "-o", "r.md", "--as-of", "2024"])
    assert "Last recorded review (current): endorse by SOM Leader on 2026-11-20: Agreed" in (root / "r.md").read_text()


def test_amend_needs_an_outcome(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["review", "alpha", "--decision", "amend", "--reviewer", "x", "--reason", "y"])
    assert result.exit_code == 2
    assert result.stderr == "Error: a review that amends must give --outcome\n"
    assert not (root / "reviews").exists()


@pytest.mark.parametrize("when", ["2026-13-45", "0000-00-00", "yesterday", "2026-2-3", "2026-02-30"])
def test_a_review_date_must_be_a_real_date(when: str) -> None:
    from evaluator.base.errors import UsageError
    from evaluator.workflow.reviews import review_date

    with pytest.raises(UsageError, match=f"--date '{when}' is not a date; use the form YYYY-MM-DD"):
        review_date(when)
    assert review_date("2026-02-28") == "2026-02-28"


def _review(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, ["review", "alpha", "--as-of", "2024", "--date", "2026-11-20", *args])
    return result.exit_code, result.stderr


def _loads(root: Path) -> list[dict[str, object]]:
    from evaluator.loading.reading import load_root as load

    project = load(root)
    return [r.model_dump() for r in project.reviews["alpha"][0].reviews]


@pytest.mark.slow
def test_twenty_parallel_reviews_are_all_kept(root: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "evaluator", "review", "alpha", "--as-of", "2024", "--decision", "endorse",
               "--reviewer", "R", "--reason"]
    procs = [subprocess.Popen([*command, f"reason {i}"], cwd=root, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(20)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 20
    assert sorted(r["reason"] for r in _loads(root)) == sorted(f"reason {i}" for i in range(20))


def test_an_amend_to_insufficient_evidence_loads(root: Path, runner: CliRunner) -> None:
    code, err = _review(runner, "--decision", "amend", "--outcome", "insufficient-evidence", "--reviewer", "R",
                        "--reason", "Too little data")
    assert code == 0, err
    assert _loads(root)[0]["outcome"] == "insufficient-evidence"


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--reason", "", "--reason: must not be blank"),
    ("--reason", "   ", "--reason: must not be blank"),
    ("--reviewer", "", "--reviewer: must not be blank"),
    ("--reason", "a\x7fb", "--reason: holds the control character '\\x7f'; write plain text"),
    ("--reason", "a\x9bb", "--reason: holds the control character '\\x9b'; write plain text"),
    ("--reason", "a\udcffb", "--reason: holds bytes that are not UTF-8; write plain text"),
])
def test_text_that_would_not_load_is_refused(root: Path, runner: CliRunner, option: str, value: str,
                                             message: str) -> None:
    fields = {"--reviewer": "R", "--reason": "ok", option: value}
    code, err = _review(runner, "--decision", "endorse", *[x for kv in fields.items() for x in kv])
    assert code == 2 and f"Error: {message}" in err
    assert not (root / "reviews" / "alpha.yaml").exists()


HAND_WRITTEN = {
    "flow": "# decisions of the SOM\nreviews: [{reviewer: A, date: '2026-01-02', decision: reject, reason: No, "
            "scorecard: " + "a" * 64 + "}]\n",
    "indented": "reviews:\n    # first review\n    -   reviewer: A\n        date: 2026-01-02\n"
                "        decision: reject\n        reason: No   # said at SOM\n        scorecard: " + "a" * 64 + "\n",
    "document-end": "reviews:\n- reviewer: A\n  date: 2026-01-02\n  decision: reject\n  reason: No\n"
                    "  scorecard: " + "a" * 64 + "\n...\n",
}


@pytest.mark.parametrize("style", sorted(HAND_WRITTEN))
def test_appending_to_a_hand_written_file_keeps_it(root: Path, runner: CliRunner, style: str) -> None:
    path = root / "reviews" / "alpha.yaml"
    path.parent.mkdir()
    path.write_text(HAND_WRITTEN[style])
    code, err = _review(runner, "--decision", "endorse", "--reviewer", "B", "--reason", "Agreed: yes")
    assert code == 0, err
    assert [(r["reviewer"], r["reason"]) for r in _loads(root)] == [("A", "No"), ("B", "Agreed: yes")]
    text = path.read_text()
    kept = HAND_WRITTEN[style].removesuffix("...\n")
    assert text.startswith(kept if style != "flow" else kept.rstrip("]\n"))


@pytest.mark.slow
def test_a_review_that_would_make_the_file_too_large_is_refused(root: Path, runner: CliRunner) -> None:
    long = "x" * 120_000
    for _ in range(8):
        assert _review(runner, "--decision", "endorse", "--reviewer", "R", "--reason", long)[0] == 0
    before = (root / "reviews" / "alpha.yaml").read_bytes()
    code, err = _review(runner, "--decision", "endorse", "--reviewer", "R", "--reason", long)
    assert code == 1 and "reviews/alpha.yaml:1:1: the file is larger than 1 MiB" in err
    assert "nothing was written" in err and (root / "reviews" / "alpha.yaml").read_bytes() == before


def test_reviews_are_not_written_through_a_link_out_of_the_root(root: Path, runner: CliRunner,
                                                                tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "reviews").symlink_to(outside)
    code, err = _review(runner, "--decision", "endorse", "--reviewer", "R", "--reason", "r")
    assert code == 1 and "leads outside the root" in err and "reviews" in err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize(("when", "message"), [
    ("9999-12-31", "--date 9999-12-31 is after today \\(....-..-..\\); a review is dated the day it was made"),
    ("0001-01-01", "--date 0001-01-01 is before 1900; give the day the review was made"),
])
def test_a_review_date_is_not_in_the_future_nor_before_1900(when: str, message: str) -> None:
    from evaluator.base.errors import UsageError
    from evaluator.workflow.reviews import review_date

    with pytest.raises(UsageError, match=f"^{message}$"):
        review_date(when)


def test_an_endorsement_cannot_name_another_outcome(root: Path, runner: CliRunner) -> None:
    code, stderr = _review(runner, "--decision", "endorse", "--outcome", "none", "--reviewer", "x", "--reason", "y")
    assert code == 2
    assert stderr == ("Error: --outcome none is not the recommended outcome (full); a review that endorses keeps "
                      "the recommendation: give --decision amend to decide none instead\n")
    assert not (root / "reviews").exists()


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")) | st.sampled_from("\n\t\u2028\u2029"),
               min_size=1, max_size=40))
def test_a_review_text_reads_back_as_written_whatever_it_holds(text: str) -> None:
    """Whatever a reviewer may type (no control characters: the review refuses them)."""
    from evaluator.loading.yamlfile import parse_bytes
    from evaluator.workflow.reviews import _quote

    doc = parse_bytes(f"reason: {_quote(text)}\n".encode(), Path("r.yaml"), "r.yaml")
    assert doc.data["reason"] == text


def test_line_separators_keep_the_spaces_around_them() -> None:
    from evaluator.workflow.reviews import _quote

    assert _quote("one \u2028 two\u2029 three\u0085 four") == '"one \\L two\\P three\\N four"'
