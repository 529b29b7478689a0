"""``percentile``: rank among the usable peers of the same group."""

from __future__ import annotations

import numpy as np

from evaluator.rules.base import Peers, Shown
from evaluator.rules.percentile import PERCENTILE


def test_ties_count_half_and_lower_reverses() -> None:
    values = np.array([10.0, 20.0, 20.0, 30.0])
    peers = Peers(np.ones(4, dtype=bool), ["all"] * 4)
    assert list(PERCENTILE.points("higher", values, peers)) == [0.0, 50.0, 50.0, 100.0]
    assert list(PERCENTILE.points("lower", values, peers)) == [100.0, 50.0, 50.0, 0.0]


def test_groups_lone_partners_and_unusable_values() -> None:
    values = np.array([1.0, 2.0, 5.0, np.nan])
    peers = Peers(np.array([True, True, True, False]), ["a", "a", "b", "a"])
    points = PERCENTILE.points("higher", values, peers)
    assert list(points[:3]) == [0.0, 100.0, 100.0] and np.isnan(points[3])


def test_explanation_names_the_peer_count_and_group() -> None:
    text = PERCENTILE.explain("higher", Shown(5, None, 2020, 50.0, "g", 1))
    assert text == "5 ranked among 1 other partner of group 'g' (higher is better): 50.0 points"
    assert PERCENTILE.peers and PERCENTILE.needed("higher", 75.0, None) == "a value ranked above 75.0 % of its peers"
