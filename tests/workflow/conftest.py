"""Fixtures shared by the workflow tests: the fixture root with a decisions file."""

from __future__ import annotations

from pathlib import Path

import pytest

DECISIONS = """\
decisions:
  - {partner: alpha, year: 2024, status: dialogue-partner, source: "Joint Statement of 2024"}
  - {partner: alpha, year: 2020, status: dialogue-partner, source: "Joint Statement of 2020"}
  - {partner: gamma, year: 2025, status: sectoral-dialogue-partner, source: "Communiqué of 2025"}
  - {partner: beta, year: 2025, status: none, source: "Communiqué of 2025", note: "request not granted"}
  - {partner: hostile, year: 2025, status: development-partner, source: "Communiqué of 2025"}
  - {partner: gamma, year: 2024, status: none, source: "Communiqué of 2024"}
"""


@pytest.fixture
def decided(root: Path) -> Path:
    (root / "criteria" / "fixture.decisions.yaml").write_text(DECISIONS)
    return root
