"""Every JSON document the tool prints or writes, shaped here and nowhere else."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..base.text import UNSAFE, clean
from ..scoring.sensitivity import to_dict
from ..workflow.provenance import provenance

if TYPE_CHECKING:
    import re

    from ..scoring.history import History
    from ..scoring.result import Result
    from ..workflow.backtest import Backtest
    from ..workflow.calibrate import Calibration
    from ..workflow.consensus import Consensus
    from ..workflow.sources import Sources
    from .views import ExportView, PartnerView, SensitivityView


def to_json(data: Any) -> str:
    """Deterministic JSON: fixed indentation, UTF-8 kept, NaN refused, and every control, direction
    or invisible character written as a ``\\uXXXX`` escape (the same data, safe on a terminal)."""
    text = json.dumps(clean(data), indent=2, ensure_ascii=False, allow_nan=False)
    return UNSAFE.sub(_escape, text) + "\n"


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return char if char == "\n" else f"\\u{ord(char):04x}"   # a line break of the layout stays


def score_json(view: PartnerView) -> str:
    """One scorecard with its provenance."""
    return to_json({**view.card.to_dict(), "provenance": provenance(view.result)})


def rank_json(result: Result) -> str:
    """The summary rows of every partner, best first."""
    return to_json({"provenance": provenance(result), "partners": result.summary_rows()})


def sensitivity_json(view: SensitivityView) -> str:
    """A sensitivity analysis with its provenance."""
    return to_json({"provenance": provenance(view.result), "sensitivity": to_dict(view.sensitivity)})


def export_json(view: ExportView) -> bytes:
    """The full scorecards (or the summary rows) with provenance."""
    result = view.result
    payload: dict[str, Any] = {"provenance": provenance(result)}
    if view.summary:
        payload["summary"] = [r for r in result.summary_rows() if view.wanted(r["partner_id"])]
    else:
        payload["scorecards"] = [result[pid].to_dict() for pid in result.ranked if view.wanted(pid)]
    return to_json(payload).encode("utf-8")


def history_json(history: History) -> str:
    """Every partner's (or one partner's) outcome and scores, year by year, with provenance."""
    return to_json({"provenance": provenance(history), "years": history.years, "rows": history.rows()})


def backtest_json(test: Backtest) -> str:
    """Every decision replayed, with the agreement and provenance."""
    return to_json({"provenance": provenance(test), **test.to_dict()})


def calibrate_json(cal: Calibration) -> str:
    """SPEC section 11: counts, unexplained decisions, weights, thresholds and ranges, with provenance."""
    return to_json({"provenance": provenance(cal), **cal.to_dict()})


def consensus_json(found: Consensus) -> str:
    """SPEC section 12, exactly: ``{partner_id: {verdict, outcome, members, dissenters}}``."""
    return to_json(found.to_dict())


def sources_json(report: Sources) -> str:
    """The grade counts with the share of official evidence among the values and the observations scored."""
    return to_json({"provenance": provenance(report), "official_share": round(report.official_share, 4),
                    "official_share_observations": round(report.official_share_observations, 4),
                    "grades": [asdict(r) for r in report.rows]})
