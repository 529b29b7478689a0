"""Closed sets of words and bounds the command line offers and the file models accept, written once.

This module imports nothing, so that ``evaluator --help`` can build its choices from it.
"""

from __future__ import annotations

DECISIONS = ("endorse", "amend", "reject")
PARTNER_KINDS = ("country", "regional-organisation", "international-organisation")
SCHEMA_KINDS = ("indicators", "criteria", "partner", "tests", "review", "project", "rates", "decisions", "member")

#: how authoritative a source is, best first: a statistical office's table; a government's or the
#: organisation's own statement or document; a news agency reporting one; anything else
GRADES = ("official-statistics", "official-statement", "news-agency", "secondary")

#: the seconds a whole calibration may take unless ``--time-limit`` says otherwise
CALIBRATE_LIMIT = 600.0

#: the years a year value and ``--as-of`` may take
YEAR_MIN, YEAR_MAX = 1900, 2100

#: robustness (SPEC section 8): weight draws, Dirichlet concentration and seed by default
DRAWS, CONCENTRATION, SEED = 10_000, 50.0, 0
#: the least Dirichlet concentration: far below it the draws are nothing but 0 and 1, and then not numbers
CONCENTRATION_MIN = 0.001

#: the robustness verdict: ``robust`` when at least ROBUST_AT of the draws keep the outcome,
#: ``fragile`` below FRAGILE_BELOW, ``moderate`` between
ROBUST_AT, FRAGILE_BELOW = 0.9, 0.6

#: added before flooring when rounding half away from zero, so that a true half stored a hair
#: low (81.25 as 81.24999999999999) rounds up; far below half of the last decimal kept
NUDGE = 1e-9
