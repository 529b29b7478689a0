"""The package version is one value, re-exported by the library."""

from __future__ import annotations

import re

import evaluator
from evaluator import base


def test_the_library_exports_the_base_version() -> None:
    assert evaluator.__version__ == base.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+(\.dev\d+)?", base.__version__)
