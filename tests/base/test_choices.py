"""The closed sets the command line offers are the ones the file models accept."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

from evaluator.base import choices
from evaluator.loading.records import PartnerData, Review
from evaluator.workflow.schemas import KINDS


def test_choices_are_the_models_literals() -> None:
    assert get_args(Review.model_fields["decision"].annotation) == choices.DECISIONS
    assert get_args(PartnerData.model_fields["kind"].annotation) == choices.PARTNER_KINDS
    assert tuple(KINDS) == choices.SCHEMA_KINDS


def test_importing_the_choices_imports_nothing_else() -> None:
    code = "import sys, evaluator.base.choices; print(sorted(m for m in sys.modules if m.startswith('pydantic')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_verdict_cut_offs_are_ordered() -> None:
    assert 0 < choices.FRAGILE_BELOW < choices.ROBUST_AT <= 1
    assert choices.YEAR_MIN < choices.YEAR_MAX and 0 < choices.NUDGE < 0.0005
