"""JSON Schemas generated from the models, committed, and named by every shipped file."""

from __future__ import annotations

import json

from evaluator.workflow.schemas import KINDS, schema_for
from tests.conftest import REPO


def test_committed_schemas_equal_the_generated_ones() -> None:
    for kind in KINDS:
        committed = json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text())
        assert committed == schema_for(kind), f"schemas/{kind}.schema.json is out of date"


def test_shipped_files_point_editors_at_the_schemas() -> None:
    expected = {"indicators.yaml": "indicators", "asean-dialogue-partner.yaml": "criteria",
                "asean-dialogue-partner.tests.yaml": "tests"}
    for name, kind in expected.items():
        first = (REPO / "criteria" / name).read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"
    for path in (REPO / "partners").glob("*.yaml"):
        assert path.read_text().startswith("# yaml-language-server: $schema=../schemas/partner.schema.json\n")
