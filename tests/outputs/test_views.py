"""The objects renderers receive."""

from __future__ import annotations

from pathlib import Path

import evaluator
from evaluator.outputs.views import ExportView, PartnerView, ReportView


def test_views_give_the_partners_scorecard_and_the_partners_wanted(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    assert PartnerView(result, "beta").card.partner_id == "beta"
    assert ReportView(result, "gamma", None, None).card is result["gamma"]
    some = ExportView(result, ["alpha"], summary=True, currency="USD")
    assert some.wanted("alpha") and not some.wanted("beta")
    assert ExportView(result, None, summary=False, currency="USD").wanted("beta")
