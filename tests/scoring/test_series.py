"""The stacked reader of evidence: for every as-of year at once, the observation ``evidence.read``
reads for each year alone."""

from __future__ import annotations

import math

import numpy as np
import pytest

from evaluator.loading.models import Window
from evaluator.loading.records import Partner, Rates
from evaluator.scoring import evidence
from evaluator.scoring.evidence import Cutoff
from evaluator.scoring.series import read_series
from tests.scoring.test_evidence import FLOW, FLOW_LAG1, Col, obs

PARTNERS = [
    Partner.model_validate({"id": "a", "name": "A", "kind": "country", "indicators": {"x": [
        obs(5.0, 2015).model_dump(exclude_none=True), obs(7.0, 2018).model_dump(exclude_none=True),
        obs(9.0, 2019, grade="news-agency").model_dump(exclude_none=True),
        obs(8.0, 2019, grade="official-statistics").model_dump(exclude_none=True)]}}),
    Partner.model_validate({"id": "b", "name": "B", "kind": "country", "indicators": {}}),
]
RATES = Rates.model_validate({})


@pytest.mark.parametrize("column", [FLOW, FLOW_LAG1], ids=["no lag", "one year's lag"])
def test_each_year_reads_what_the_scalar_reader_reads(column: Col) -> None:
    series = read_series([], [column], PARTNERS, RATES)
    cells = np.arange(len(PARTNERS), dtype=np.int64)
    for year in range(2013, 2022):
        pos, present = series.find(cells, year, column)
        for i, partner in enumerate(PARTNERS):
            scalar = evidence.read(partner.indicators.get("x"), column, Cutoff.end_of(year), RATES)
            assert bool(present[i]) == (scalar is not None), (year, i)
            if scalar is not None:
                assert series.raw[pos[i]] == scalar.value and series.year[pos[i]] == scalar.year


def test_a_window_adds_the_years_the_scalar_reader_adds() -> None:
    column = Col(window=Window.model_validate({"years": 2, "aggregate": "sum"}))
    series = read_series([], [column], PARTNERS[:1], RATES)
    value, last, ok = series.window(np.zeros(1, dtype=np.int64), 2019, column)
    scalar = evidence.read(PARTNERS[0].indicators.get("x"), column, Cutoff.end_of(2019), RATES)
    assert ok[0] and scalar is not None and math.isclose(value[0], float(scalar.value)) and last[0] == 2019
