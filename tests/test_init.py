"""The public API: what ``import evaluator`` offers, light until something is scored."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import evaluator


def test_the_public_names_resolve(root: Path) -> None:
    for name in evaluator.__all__:
        assert getattr(evaluator, name) is not None
    result = evaluator.score(evaluator.load(root), as_of=2024)
    assert isinstance(result, evaluator.Result) and isinstance(result["alpha"], evaluator.Scorecard)


def test_importing_the_package_loads_no_numpy_or_pydantic() -> None:
    code = "import sys, evaluator; print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'pydantic'}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
