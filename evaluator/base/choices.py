"""Closed sets of words and bounds the command line offers and the file models accept, written once.

This module imports nothing, so that ``evaluator --help`` can build its choices from it.
"""

from __future__ import annotations

DECISIONS = ("endorse", "amend", "reject")
PARTNER_KINDS = ("country", "regional-organisation", "international-organisation")
SCHEMA_KINDS = ("indicators", "criteria", "partner", "tests", "review")

#: the years a year value and ``--as-of`` may take
YEAR_MIN, YEAR_MAX = 1900, 2100
