"""The HTML report in a real browser: headless Chromium renders it, screenshots it, prints it on A4.

Skipped only where no Chromium is installed (``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from evaluator.cli import cli

BROWSER = next((shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(name)), None)
pytestmark = [pytest.mark.browser, pytest.mark.skipif(BROWSER is None, reason="no Chromium installed")]

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]
A4_PRINTABLE_PX = 680          # 210 mm - 2 x 15 mm margins = 180 mm at 96 px per inch


def chromium(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run([BROWSER, *FLAGS, f"--user-data-dir={tmp / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture
def report(root: Path) -> Path:
    result = CliRunner().invoke(cli, ["report", "gamma", "-o", "gamma.html", "--as-of", "2024"])
    assert result.exit_code == 0, result.output
    return root / "gamma.html"


def test_report_renders_in_chromium(report: Path, tmp_path: Path) -> None:
    done = chromium(tmp_path, "--dump-dom", report.as_uri())
    dom = done.stdout
    assert "<title>Recommendation: ประเทศแกมมา</title>" in dom
    assert re.search(r'id="outcome"[^>]*>Recommend development partnership<', dom)
    assert '<table id="criteria">' in dom and dom.count("<tr>") > 10
    assert '<svg class="chart" id="chart"' in dom and "<rect" in dom


def test_report_fits_the_a4_width_and_prints_on_a4(report: Path, tmp_path: Path) -> None:
    import numpy as np
    from PIL import Image

    shot = tmp_path / "report.png"
    chromium(tmp_path, f"--window-size={A4_PRINTABLE_PX},2400", f"--screenshot={shot}", report.as_uri())
    pixels = np.asarray(Image.open(shot).convert("RGB"))
    assert pixels.shape == (2400, A4_PRINTABLE_PX, 3)
    assert len(np.unique(pixels.reshape(-1, 3), axis=0)) > 50   # something was drawn
    assert (pixels[:, -3:, :] == 255).all(), "content reaches past the printable width"

    pdf = tmp_path / "report.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    boxes = {tuple(round(float(v)) for v in m.groups())
             for m in re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)}
    assert boxes == {(595, 842)}                                # A4: 595.28 x 841.89 points


REPO = Path(__file__).resolve().parents[2]
PROBE = """<script>
addEventListener("load", () => {
  const cut = [...document.querySelectorAll("body *")].filter(
    e => e.scrollWidth > e.clientWidth + 1 && (getComputedStyle(e).overflowX !== "visible" || e.tagName === "TD"));
  const svg = [...document.querySelectorAll("svg text")].filter(t => {
    const b = t.getBBox(), box = t.ownerSVGElement.viewBox.baseVal;
    return b.x < -0.5 || b.x + b.width > box.width + 0.5; });
  const banner = document.getElementById("banner");
  document.body.setAttribute("data-cut", [...cut, ...svg].map(e => e.tagName).join(" "));
  document.body.setAttribute("data-banner", banner ? getComputedStyle(banner).backgroundColor : "");
});
</script></body>"""


def _bundled_report(partner: str, folder: Path, monkeypatch: pytest.MonkeyPatch, *criteria: str) -> str:
    monkeypatch.chdir(REPO)
    out = folder / f"{partner}.html"
    result = CliRunner().invoke(cli, ["report", partner, "-o", str(out), *criteria])
    assert result.exit_code == 0, result.output
    return out.read_text()


def _probe(html: str, tmp: Path, name: str) -> dict[str, str]:
    page = tmp / f"{name}-probe.html"
    page.write_text(html.replace("</body>", PROBE, 1))
    dom = chromium(tmp, "--window-size=794,1123", "--dump-dom", page.as_uri()).stdout
    return dict(re.findall(r'data-(cut|banner)="([^"]*)"', dom))


def _pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_every_bundled_brief_fits_one_a4_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every brief printed in one Chromium run, each from a new page: as many pages as briefs means
    each took one; otherwise each is printed alone to name the ones that spill."""
    briefs = {}
    for path in sorted((REPO / "partners").glob("*.yaml")):
        html = _bundled_report(path.stem, tmp_path, monkeypatch)
        briefs[path.stem] = html[:html.index('<div class="detail">')] + "</body></html>"
    first = next(iter(briefs.values()))
    opening = first[:first.index(">", first.index("<body")) + 1]
    sections = [f'<section style="break-after: page">{b[b.index(">", b.index("<body")) + 1:b.rindex("</body>")]}'
                "</section>" for b in briefs.values()]
    together = tmp_path / "briefs.html"
    together.write_text(opening + "".join(sections) + "</body></html>")
    pdf = tmp_path / "briefs.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", together.as_uri())
    if _pdf_pages(pdf) == len(briefs):
        return
    spilled = []
    for name, html in briefs.items():
        alone, one = tmp_path / f"{name}-brief.html", tmp_path / f"{name}.pdf"
        alone.write_text(html)
        chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={one}", alone.as_uri())
        if (pages := _pdf_pages(one)) != 1:
            spilled.append(f"{name} ({pages} pages)")
    assert not spilled, f"briefs longer than one page: {', '.join(spilled)}"
    assert _pdf_pages(pdf) == len(briefs), "each brief fits one page alone, not when printed together"


def test_no_label_is_cut_and_the_banner_colour_tells_the_kind(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # the bundled set with an overall bar of 50 for Dialogue Partner, which New Zealand falls short of
    barred = tmp_path / "asean-dialogue-partner.yaml"
    text = (REPO / "criteria" / "asean-dialogue-partner.yaml").read_text()
    bar = "require: {gates: [tac, substantive-relations], completeness: 0.5}"
    assert bar in text
    barred.write_text(text.replace(bar, bar.replace("completeness", "score: 50, completeness")))
    # and with the TAC asked of a Sectoral Dialogue Partner, of which Switzerland has no record
    (thin := tmp_path / "thin" / "asean-dialogue-partner.yaml").parent.mkdir()
    sectoral = "require: {gates: [some-relations]}"
    assert sectoral in text
    thin.write_text(text.replace(sectoral, "require: {gates: [tac, some-relations]}"))
    seen = {}
    for partner in ("united-kingdom", "australia", "switzerland", "new-zealand"):
        criteria = (("--criteria", str(barred)) if partner == "new-zealand"
                    else ("--criteria", str(thin)) if partner == "switzerland" else ())
        found = _probe(_bundled_report(partner, tmp_path, monkeypatch, *criteria), tmp_path, partner)
        assert found["cut"] == "", f"{partner}: cut elements {found['cut']}"
        seen[partner] = found["banner"]
    assert seen["united-kingdom"] == seen["australia"]          # both meet their status
    assert seen["switzerland"] != seen["united-kingdom"]        # too thin to review looks different
    assert seen["new-zealand"] not in (seen["switzerland"], seen["united-kingdom"])     # for review, again


def test_every_printed_page_names_the_partner_and_its_number(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    html = _bundled_report("united-kingdom", tmp_path, monkeypatch)
    assert '@bottom-left { content: "United Kingdom · as of 2026"' in html
    assert 'content: "page " counter(page) " of " counter(pages)' in html
    assert '<ol class="notes" id="notes">' in html          # the addresses print once, in the list of sources
    bare = tmp_path / "bare.html"
    bare.write_text(re.sub(r"@page \{ @bottom-left.*?\} \}\n", "", html, count=1, flags=re.S))
    with_footer, pages = _text_runs(tmp_path, tmp_path / "united-kingdom.html")
    without, same_pages = _text_runs(tmp_path, bare)
    assert pages == same_pages >= 3
    assert with_footer - without >= 2 * pages       # Chromium draws the name and the number on every page


def _text_runs(tmp: Path, page: Path) -> tuple[int, int]:
    """How many text-showing operators a page printed to PDF holds, and its number of pages."""
    import zlib

    pdf = tmp / f"{page.stem}.pdf"
    chromium(tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    data = pdf.read_bytes()
    runs = 0
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            runs += len(re.findall(rb"T[jJ]", zlib.decompress(stream.group(1))))
        except zlib.error:
            continue
    return runs, len(re.findall(rb"/Type\s*/Page[^s]", data))


SORT_PROBE = """<!DOCTYPE html><html><body><iframe id="f" src="index.html"></iframe><pre id="out"></pre><script>
document.getElementById("f").addEventListener("load", function () {
  var doc = this.contentDocument, heads = doc.querySelectorAll("#partners thead th"), k = -1;
  for (var i = 0; i < heads.length; i++) { if (heads[i].textContent.trim() === "Evidence") { k = i; } }
  var button = heads[k].querySelector("button");
  button.click();
  var up = Array.prototype.map.call(doc.querySelectorAll("#partners tbody tr"), function (r) {
    return r.cells[k].getAttribute("data-value"); });
  button.click();
  var down = Array.prototype.map.call(doc.querySelectorAll("#partners tbody tr"), function (r) {
    return r.cells[k].getAttribute("data-value"); });
  document.getElementById("out").textContent = JSON.stringify({up: up, down: down,
    sort: heads[k].getAttribute("aria-sort")});
});
</script></body></html>"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import REPO

    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(cli, ["site", "-o", str(out), "--root", str(REPO)])
    assert result.exit_code == 0, result.output
    return out


#: loads each page of the site in turn in a frame of one page, and says what each frame holds once loaded
PAGES_PROBE = """<!DOCTYPE html><html><body><pre id="out"></pre><script>
var pages = %s, found = [];
function next(i) {
  if (i >= pages.length) { document.getElementById("out").textContent = JSON.stringify(found); return; }
  var frame = document.createElement("iframe");
  frame.src = pages[i];
  frame.onload = function () {
    var doc = frame.contentDocument;
    found.push([pages[i], !!doc.querySelector("nav.site"), doc.querySelectorAll("a[href]").length,
                doc.documentElement.outerHTML.length]);
    frame.remove();
    next(i + 1);
  };
  document.body.appendChild(frame);
}
next(0);
</script></body></html>"""


def test_every_page_of_the_site_renders_in_chromium(site: Path, tmp_path: Path) -> None:
    """Every page loaded in one Chromium run, each in a frame: the navigation bar and its links are
    there once the page has loaded."""
    import json

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert len(pages) == 34
    probe = site / "probe-pages.html"
    probe.write_text(PAGES_PROBE % json.dumps(pages), encoding="utf-8")
    dom = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=30000", "--dump-dom",
                   probe.as_uri()).stdout
    probe.unlink()
    found = json.loads(re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1))   # type: ignore[union-attr]
    assert [f[0] for f in found] == pages
    for name, nav, links, size in found:
        assert nav and links >= 4 and size > 1000, name


def test_the_index_sorts_by_a_column_in_chromium(site: Path, tmp_path: Path) -> None:
    import json

    probe = site / "probe.html"
    probe.write_text(SORT_PROBE, encoding="utf-8")
    dom = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                   probe.as_uri()).stdout
    found = json.loads(re.search(r'<pre id="out">(.*?)</pre>', dom, re.S).group(1))   # type: ignore[union-attr]
    up = [float(v) for v in found["up"]]
    down = [float(v) for v in found["down"]]
    assert len(up) == 30 and up == sorted(up) and down == sorted(down, reverse=True)
    assert found["sort"] == "descending"


def test_every_bundled_report_prints_on_at_most_three_a4_pages(site: Path, tmp_path: Path) -> None:
    pages = sorted((site / "partners").glob("*.html"))          # the reports, with the site's bar (not printed)
    assert len(pages) == 30
    from concurrent.futures import ThreadPoolExecutor

    def pages_of(page: Path) -> int:
        pdf = tmp_path / f"{page.stem}.pdf"
        chromium(tmp_path / page.stem, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
        data = pdf.read_bytes()
        assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]", data), page.name       # A4
        return len(re.findall(rb"/Type\s*/Page[^s]", data))

    with ThreadPoolExecutor(max_workers=3) as pool:       # one Chromium each: they wait on each other less
        counts = dict(zip((p.stem for p in pages), pool.map(pages_of, pages), strict=True))
    assert max(counts.values()) <= 3, {k: n for k, n in counts.items() if n > 3}
    assert min(counts.values()) >= 2                     # the brief alone, then the detail
