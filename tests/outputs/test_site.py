"""``outputs.site``: the static site of the bundled assessment: every page there, every link inside
it resolving, nothing fetched from elsewhere, the index in rank order with values to sort by."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from evaluator.base.files import TREE_MARK
from evaluator.cli import cli
from tests.conftest import REPO

PAGES = {"index.html", "criteria.html", "backtest.html", "changes.html"}


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []     # (tag, attribute, value)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append((tag, name, value))


def links(html: str) -> list[tuple[str, str, str]]:
    """Every href and src of a page."""
    parser = _Links()
    parser.feed(html)
    return parser.links


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the bundled data, written once for the module."""
    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(cli, ["site", "-o", str(out), "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}/ (index, 30 partner pages, criteria, backtest, changes)\n"
    return out


def test_the_site_has_an_index_a_page_per_partner_and_the_annexes(site: Path) -> None:
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    partners = {f"partners/{p.stem}.html" for p in (REPO / "partners").glob("*.yaml")}
    assert len(partners) == 30
    assert files == PAGES | partners | {TREE_MARK}


def test_every_link_inside_the_site_resolves_and_nothing_is_fetched_from_elsewhere(site: Path) -> None:
    for page in site.rglob("*.html"):
        for tag, attribute, value in links(page.read_text(encoding="utf-8")):
            if re.match(r"(?i)^(https?:|mailto:)", value):
                assert tag == "a", f"{page.name}: <{tag} {attribute}> fetches {value}"   # sources are links only
                continue
            assert not re.match(r"(?i)^[a-z][a-z0-9+.-]*:", value), f"{page.name}: {value}"
            if value.startswith("#"):
                assert f'id="{value[1:]}"' in page.read_text(encoding="utf-8"), f"{page.name}: {value}"
                continue
            target = PurePosixPath(value.split("#")[0])
            resolved = (page.parent / target).resolve()
            assert resolved.is_file() and site.resolve() in resolved.parents, f"{page.name}: {value}"


def test_the_index_lists_every_partner_in_rank_order_with_values_to_sort_by(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    ranks = [int(n) for n in re.findall(r'<tr id="row-[a-z-]+">\n<td class="num" data-value="(\d+)">', html)]
    assert ranks == list(range(1, 31))
    rows = [re.findall(r'data-value="([^"]*)"', row) for row in html.split('<tr id="row-')[1:]]
    overall = [float(values[2]) for values in rows]          # rank, partner, overall, pillars, evidence
    assert overall == sorted(overall, reverse=True) and len(overall) == 30
    assert "<script>" in html and 'table id="partners" class="sortable"' in html


def test_the_partner_pages_carry_the_brief_the_detail_the_history_and_the_sources(site: Path) -> None:
    html = (site / "partners" / "new-zealand.html").read_text(encoding="utf-8")
    for part in ('id="brief"', '<table id="gates">', '<svg class="chart" id="trend"', '<table id="criteria">',
                 'href="../index.html"'):
        assert part in html


def test_without_since_the_changes_page_says_how_to_get_one(site: Path) -> None:
    html = (site / "changes.html").read_text(encoding="utf-8")
    assert 'id="no-change"' in html and "--since REV" in html


def test_no_machine_id_or_internal_term_is_in_the_text_of_any_page(site: Path, tmp_path: Path) -> None:
    from tests.helpers import machine_words, set_ids

    ids = set_ids(REPO)
    assert {"dialogue-partner", "trade-floor", "cooperation_fund_usd", "political-security"} <= ids
    result = CliRunner().invoke(cli, ["book", "-o", str(tmp_path / "book.html"), "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    pages = [*sorted(site.rglob("*.html")), tmp_path / "book.html"]
    found = {page.name: words for page in pages
             if (words := machine_words(page.read_text(encoding="utf-8"), ids))}
    assert found == {}


def test_with_since_the_changes_page_shows_what_the_change_did(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import subprocess

    from tests.conftest import DATA

    repo = tmp_path / "repo"
    shutil.copytree(DATA / "root", repo)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"]):
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)
    cset = repo / "criteria" / "fixture.yaml"
    cset.write_text(cset.read_text().replace("require: {gates: all, score: 70,", "require: {gates: all, score: 95,"))
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(cli, ["site", "-o", "site", "--since", "HEAD", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    html = (repo / "site" / "changes.html").read_text(encoding="utf-8")
    assert "<li>outcome &#39;full&#39; requires score: 70 → 95</li>" in html
    assert '<a href="partners/alpha.html">Alpha Republic</a>' in html
    assert "review meets → falls short" in html
