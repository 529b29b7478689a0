"""``percentile: higher | lower``: 100 × (other peers with a lower value + ½ × other peers with
an equal value) ÷ (number of other peers), among the partners of the same group that have a
usable value (``lower``: reversed); a lone partner scores 100."""

from __future__ import annotations

from typing import Literal

from ..base.indicators import NUMERIC_TYPES
from ..base.text import fmt_points, fmt_value, plural
from .base import Array, Peers, Rule, Shown

Params = Literal["higher", "lower"]


def _points(params: str, values: Array, peers: Peers) -> Array:
    import numpy as np

    out = np.full(values.shape, np.nan)
    groups = peers.groups
    single = len(set(groups)) == 1
    group_arr = None if single else np.asarray(groups, dtype=object)
    for group in sorted(set(groups)):
        members = np.flatnonzero(peers.usable if group_arr is None else (group_arr == group) & peers.usable)
        if members.size == 0:
            continue
        vals = values[members] if params == "higher" else -values[members]
        # one sort gives both counts: peers strictly lower, and peers equal (self excluded)
        _, where, counts = np.unique(vals, return_inverse=True, return_counts=True)
        lower = (np.cumsum(counts) - counts)[where]
        equal = counts[where] - 1
        others = members.size - 1
        out[members] = 100.0 if others == 0 else 100.0 * (lower + 0.5 * equal) / others
    return out


def _explain(params: str, shown: Shown) -> str:
    return (f"{fmt_value(shown.value, shown.unit)} ranked among {plural(shown.peers, 'other partner')} "
            f"of group '{shown.group}' ({params} is better): {shown.points_text}")


def _needed(params: str, points: float, unit: str | None) -> str:
    return f"a value ranked above {fmt_points(points)} % of its peers"


def _describe(params: str, unit: str | None) -> str:
    better = "higher" if params == "higher" else "lower"
    return (f"ranked against the other partners of its group ({better} is better): the share of them it is "
            "ahead of, as points from 0 to 100")


PERCENTILE = Rule("percentile", Params, NUMERIC_TYPES, _points, _explain, _needed, describe=_describe, peers=True)
