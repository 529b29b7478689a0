"""``evaluator site``: the whole assessment as a static site for an intranet: an index of every
partner (sortable without a server, readable without scripts), a page per partner, the criteria,
the record against past decisions and the latest criteria change. Every page stands alone: no
external resource, no network; it opens from ``file://`` and from any static web server."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .book import cover_rows
from .document import DocumentView, articles
from .report import report_context, today
from .templating import render_template

if TYPE_CHECKING:
    from ..loading.models import Catalogue
    from ..loading.records import Rates
    from ..scoring.result import Result
    from ..workflow.backtest import Backtest
    from ..workflow.diff import Diff
    from .views import ReportView

#: the pages every page links to, in the order of the navigation bar
PAGES = (("index.html", "All partners"), ("criteria.html", "The criteria"),
         ("backtest.html", "Against past decisions"), ("changes.html", "Latest change"))


@dataclass(frozen=True)
class SiteView:
    """Everything the site shows (``site``)."""

    result: Result
    views: list[ReportView]
    catalogue: Catalogue
    backtest: Backtest | None
    changes: Diff | None
    since: str | None
    rates: Rates | None = None      # the root's exchange rates, for the criteria page


def _nav(here: str, up: str) -> list[dict[str, Any]]:
    return [{"href": up + href, "title": title, "here": href == here} for href, title in PAGES]


def _common(here: str, up: str, view: SiteView) -> dict[str, Any]:
    cset = view.result.criteria.model
    return {"nav": _nav(here, up), "cset": cset, "as_of": view.result.as_of, "generated": today().isoformat(),
            "left_out": sorted({p.path for p in view.result.left_out})}


def site_files(view: SiteView) -> dict[str, bytes]:
    """Every page of the site by its path inside the site's folder."""
    result = view.result
    files: dict[str, str] = {}
    files["index.html"] = render_template(
        "site-index.html.j2", **_common("index.html", "", view), rows=cover_rows(result, view.views),
        pillars=list(result.pillar_titles.values()),
        record=view.backtest.criteria_tally().text() if view.backtest is not None else None,
        replays=len(view.backtest.replays) if view.backtest is not None else 0)
    for page in view.views:
        files[f"partners/{page.partner_id}.html"] = render_template(
            "report.html.j2", **report_context(page), nav=_nav("", "../"))
    files["criteria.html"] = render_template(
        "site-criteria.html.j2", **_common("criteria.html", "", view),
        articles=articles(DocumentView(result.criteria, view.catalogue, today(), view.rates)))
    files["backtest.html"] = render_template("site-backtest.html.j2", **_common("backtest.html", "", view),
                                             test=view.backtest)
    files["changes.html"] = render_template("site-changes.html.j2", **_common("changes.html", "", view),
                                            diff=view.changes, since=view.since,
                                            names={pid: p.name for pid, p in result.partners.items()})
    return {name: text.encode("utf-8") for name, text in files.items()}
