"""``evaluator diff`` on a temporary git repository."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli
from tests.conftest import DATA


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(DATA / "root", target)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "commit", "-qm", "base")
    monkeypatch.chdir(target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def flat(text: str) -> str:
    """Text with its line breaks and indents as single spaces: wrapping does not matter."""
    return " ".join(text.split())


def invoke(*args: str) -> str:
    result = CliRunner().invoke(cli, ["diff", *args, "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_weight_edit_names_exactly_the_partners_and_the_criterion(repo: Path) -> None:
    edit(repo / "criteria" / "fixture.yaml", "indicator: visits, weight: 1,", "indicator: visits, weight: 3,")
    out = invoke("HEAD")
    # visits-c counts for alpha (4 visits) and gamma (2); beta and hostile have no visits value
    assert out == (
        "fixture: HEAD → working tree, as of 2024\n\n"
        "Criteria changes:\n"
        "  - criterion 'visits-c' weight: 1 → 3\n\n"
        # alpha: social (75 + 3 * 100) / 4 = 93.75 -> 93.8; overall (2850 + 4205 + 20 * 93.8) / 100 = 89.3
        "alpha: full (unchanged); overall 88.1 → 89.3\n"
        "    pillar social: 87.5 → 93.8\n"
        "    because criterion 'visits-c' weight: 1 → 3\n"
        # gamma: social (50 + 3 * 40) / 4 = 42.5; overall (0 + 50 * 75 + 20 * 42.5) / 100 = 46.0
        "gamma: development (unchanged); overall 46.5 → 46.0\n"
        "    pillar social: 45.0 → 42.5\n"
        "    because criterion 'visits-c' weight: 1 → 3\n\n"
        "2 partners changed: 0 outcomes, 0 reviews of a status held, 2 scores only\n")


def test_a_moved_partner_value_is_named(repo: Path) -> None:
    edit(repo / "partners" / "gamma.yaml", "projects: {value: 10, year: 2024", "projects: {value: 1, year: 2024")
    git(repo, "commit", "-qam", "gamma projects")
    out = invoke("HEAD~1", "HEAD")
    assert out.splitlines()[0] == "fixture: HEAD~1 → HEAD, as of 2024"
    # social (5 + 40) / 2 = 22.5 < 30; overall (50 * 75 + 20 * 22.5) / 100 = 42.0
    # gamma holds development-partner status: short of it now, it keeps it, for review
    assert "gamma: development (unchanged); review meets → falls-short; overall 46.5 → 42.0" in out
    assert "    because value of projects for 'projects-c': 10 (2024) → 1 (2024)" in out
    assert "alpha" not in out and "beta" not in out


def test_a_value_inside_a_window_is_named_as_the_cause(repo: Path) -> None:
    """A figure that is not the latest but sits inside a three-year window still moves the score:
    diff names it, with every figure the window read."""
    edit(repo / "criteria" / "fixture.yaml", "score: {log: [1.0e9, 1.0e11]}, rationale: Depth of trade.}",
         "score: {log: [1.0e9, 1.0e11]}, rationale: Depth of trade., window: {years: 3, aggregate: mean}}")
    edit(repo / "partners" / "alpha.yaml",
         "  trade: {value: 5.0e10, year: 2023, source: Alpha trade statistics 2023, grade: official-statistics, "
         'url: "https://example.org/alpha"}',
         "  trade:\n    - {value: 4.0e10, year: 2021, source: Alpha trade}\n"
         "    - {value: 4.5e10, year: 2022, source: Alpha trade}\n"
         "    - {value: 5.0e10, year: 2023, source: Alpha trade}")
    git(repo, "commit", "-qam", "a window on trade")
    edit(repo / "partners" / "alpha.yaml", "{value: 4.5e10, year: 2022", "{value: 1.0e10, year: 2022")
    out = flat(invoke("HEAD"))
    assert "no single cause found" not in out
    assert ("because value of trade for 'trade-c': mean of 2021–2023: USD 45 bn (2021: USD 40 bn, 2022: USD 45 bn, "
            "2023: USD 50 bn) → mean of 2021–2023: USD 33.3 bn (2021: USD 40 bn, 2022: USD 10 bn, "
            "2023: USD 50 bn)") in out


def test_an_added_partner_moves_a_percentile_through_the_peer_set(repo: Path) -> None:
    (repo / "partners" / "delta.yaml").write_text(
        "id: delta\nname: Delta\nkind: country\nindicators:\n"
        "  fdi: {value: 4.5e9, year: 2023, source: test}\n")
    out = invoke("HEAD")
    assert "delta: absent → insufficient-evidence" in out and "    because partner added" in out
    assert flat("because criterion 'fdi-c' (higher-is-better percentile): the peer set changed "
                "(added delta); points 75.0 → 50.0") in flat(out)
    # economic (3 * 84.9 + 2 * 50 + 100) / 6 = 75.8; overall (2850 + 50 * 75.8 + 1750) / 100 = 83.9
    assert "alpha: full (unchanged); overall 88.1 → 83.9" in out


def test_exit_code_and_formats(repo: Path) -> None:
    edit(repo / "criteria" / "fixture.yaml", "require: {gates: all, score: 70,", "require: {gates: all, score: 95,")
    result = CliRunner().invoke(cli, ["diff", "HEAD", "--as-of", "2024", "--exit-code"])
    assert result.exit_code == 1
    assert "alpha: full (unchanged); review meets → falls-short" in result.stdout
    assert "because outcome 'full' requires score: 70 → 95\n" in result.stdout      # only what changed
    assert result.stdout.endswith("\n1 partner changed: 0 outcomes, 1 review of a status held, 0 scores only\n")
    markdown = invoke("HEAD", "--format", "markdown")
    assert "| alpha | full (unchanged); **review meets → falls-short** | 88.1 → 88.1 |  |" in markdown
    csv_text = invoke("HEAD", "--format", "csv")
    assert csv_text.splitlines()[:2] == ["partner_id,field,before,after,causes",
                                         "alpha,review,meets,falls-short,outcome 'full' requires score: 70 → 95"]


def test_nothing_changed(repo: Path) -> None:
    assert invoke("HEAD").endswith("No partner's outcome, overall or pillar score changed.\n")


def test_bad_revision_and_invalid_old_data(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", "no-such-rev"])
    assert result.exit_code == 2
    assert result.stderr == "Error: unknown revision 'no-such-rev': no commit of this repository has that name\n"
    edit(repo / "partners" / "beta.yaml", "kind: country", "kind: nation")
    git(repo, "commit", "-qam", "broken")
    edit(repo / "partners" / "beta.yaml", "kind: nation", "kind: country")
    result = CliRunner().invoke(cli, ["diff", "HEAD"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith("HEAD:partners/beta.yaml:3:7: kind: must be")


def test_diff_never_touches_the_working_tree(repo: Path) -> None:
    edit(repo / "partners" / "alpha.yaml", "value: 15,", "value: 16,")
    before = (repo / "partners" / "alpha.yaml").read_text()
    invoke("HEAD")
    assert (repo / "partners" / "alpha.yaml").read_text() == before
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout.strip() == "M partners/alpha.yaml"


def test_diff_needs_no_tarfile_extraction_filter(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python 3.11.0 to 3.11.3 have no ``extractall(filter=...)``; diff must not depend on it."""
    import tarfile

    def without_filter(self: tarfile.TarFile, path: str = ".", members: object = None, *,
                       numeric_owner: bool = False) -> None:
        raise AssertionError("extractall is not used")

    monkeypatch.setattr(tarfile.TarFile, "extractall", without_filter)
    edit(repo / "partners" / "alpha.yaml", "value: 15,", "value: 16,")
    assert "alpha" in invoke("HEAD")


def test_a_committed_link_out_of_the_root_is_refused_with_its_name(repo: Path) -> None:
    (repo / "partners" / "evil.yaml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")
    (repo / "partners" / "evil.yaml").unlink()
    result = CliRunner().invoke(cli, ["diff", "HEAD", "--as-of", "2024"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "HEAD: 'partners/evil.yaml' is a link to a file outside the data of the revision" in result.stderr


def test_a_readme_beside_the_data_is_not_read_whatever_it_links_to(repo: Path) -> None:
    (repo / "README.md").write_text("notes\n")
    (repo / "partners" / "README.md").symlink_to("../README.md")
    (repo / "partners" / "NOTES.md").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "notes")
    assert "No partner's outcome" in invoke("HEAD")


def test_a_committed_link_to_a_file_of_the_root_is_read_as_that_file(repo: Path) -> None:
    text = (repo / "partners" / "alpha.yaml").read_text()
    (repo / "partners" / "alpha.yaml").rename(repo / "partners" / "alpha.data")
    (repo / "partners" / "alpha.yaml").symlink_to("alpha.data")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "link")
    (repo / "partners" / "alpha.yaml").unlink()
    (repo / "partners" / "alpha.yaml").write_text(text)
    assert "No partner's outcome" in invoke("HEAD")


def test_a_weight_edit_that_moves_completeness_across_a_threshold_names_it(repo: Path) -> None:
    edit(repo / "criteria" / "fixture.yaml", "economic: {title: Economic, weight: 50}",
         "economic: {title: Economic, weight: 10}")
    out = invoke("HEAD")
    assert flat("hostile: none → insufficient-evidence; overall 5.2 → 5.1\n"
                "    because pillar 'economic' weight: 50 → 10\n"
                "    because completeness 0.492 → 0.264, below 0.3, the minimum for any recommendation\n") in flat(out)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "because overall score 46.5 → 27.5, below the 40 'sectoral' asks for" in out
