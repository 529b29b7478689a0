"""The structure requirements read, and one partner's row, taken from the table."""

from __future__ import annotations

from pathlib import Path

import evaluator


def test_a_row_is_the_tables_numbers_for_one_partner(root: Path) -> None:
    result = evaluator.score(evaluator.load(root), as_of=2024)
    table = result.table
    i = table.inputs.partner_ids.index("beta")
    row = table.row(i)
    assert list(row.points) == list(table.points[i]) or all(a != a for a in row.points if a != a)
    assert row.overall == float(table.overall[i]) and row.completeness == float(table.completeness[i])
    assert list(row.gate_pass) == list(table.gate_pass[i])
    assert row.gate_values == [column[i] for column in table.inputs.gate_values]


def test_criterion_by_id_and_gate_texts(root: Path) -> None:
    spec = evaluator.score(evaluator.load(root), as_of=2024).table.spec
    first = spec.criterion_ids[0]
    assert spec.criterion(first).id == first
    simple = [g for g in spec.gates if not g.composite]
    assert simple and all(g.test_text for g in simple)
