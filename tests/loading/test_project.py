"""A loaded project: choosing a criteria set or a partner; and the one check of whether bytes about
to be written would load as the file they are written to."""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluator.base.errors import DataError, UsageError
from evaluator.loading.project import would_load
from evaluator.loading.reading import load_root as load


def test_criteria_set_by_id_path_or_default(root: Path) -> None:
    project = load(root)
    assert project.criteria_set().model.id == "fixture"
    assert project.criteria_set("criteria/fixture.yaml").model.id == "fixture"
    with pytest.raises(UsageError, match="unknown criteria set 'fixtur' \\(did you mean 'fixture'\\?\\)"):
        project.criteria_set("fixtur")
    with pytest.raises(UsageError, match="unknown partner 'alpah' \\(did you mean 'alpha'\\?\\)"):
        project.partner("alpah")



def test_would_load_checks_what_is_about_to_be_written_as_its_kind(root: Path) -> None:
    project = load(root)
    partner = (root / "partners" / "alpha.yaml").read_bytes()
    assert would_load(root / "partners" / "alpha.yaml", partner, catalogue=project.catalogue) is None
    with pytest.raises(DataError) as caught:
        would_load(root / "partners" / "alpha.yaml", partner + b"colour: blue\n", catalogue=project.catalogue)
    assert [p.path for p in caught.value.problems] == ["partners/alpha.yaml"]
    data = (root / "criteria" / "fixture.yaml").read_bytes()
    loaded = would_load(root / "out" / "fixture.yaml", data, kind="criteria", catalogue=project.catalogue)
    assert loaded is not None and loaded.model.id == "fixture"
    with pytest.raises(DataError):
        would_load(root / "reviews" / "alpha.yaml", b"reviews: [1]\n", catalogue=project.catalogue,
                   partners=project.partners, outcome_ids=set())
