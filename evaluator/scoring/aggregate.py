"""Pillar scores, overall scores and completeness from points, under any number of weightings.

One function serves the table (the set's own weights, one weighting), the gap search (many
points rows, one weighting) and sensitivity (one points row, thousands of weightings): a
single stacked matrix product gives, for every pillar, the weighted points, the weight that
counts and the weight with evidence, for all partners and all weightings at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .rounding import round1_scores, round3

Array = npt.NDArray[np.float64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Weights:
    """``d`` weightings: pillar weights (d, K) and criterion weights (d, m), relative."""

    pillar: Array
    criterion: Array

    @classmethod
    def single(cls, pillar: Array, criterion: Array) -> Weights:
        """One weighting (the set's own)."""
        return cls(pillar[None, :], criterion[None, :])


@dataclass(frozen=True)
class Scores:
    """The numbers requirements are tested against; any leading shape, broadcast together."""

    points: Array          # (..., m) rounded points; NaN where the criterion does not count
    counted: Mask          # (..., m)
    pillar: Array          # (..., K) rounded; NaN where the pillar drops out
    overall: Array         # (...,) rounded; NaN when every pillar drops out
    completeness: Array    # (...,) rounded to 3 decimals
    gate_pass: Mask        # (..., g)


def normalised(weights: Array, axis: int = -1) -> Array:
    """Weights as shares of their sum along ``axis`` (a set's, or one per row of draws): the one
    place a weighting is normalised."""
    return np.asarray(weights / weights.sum(axis=axis, keepdims=True), dtype=float)


def shares(pillar_weight: Array, weight: Array, pillar_of: npt.NDArray[np.intp]) -> tuple[Array, Array]:
    """Relative weights as shares: each pillar's of all pillars (K,), each criterion's of its pillar
    (m,). A criterion's share of the whole set is ``pillar[pillar_of] * within``."""
    pillar = np.asarray(pillar_weight, dtype=float)
    within = np.asarray(weight, dtype=float)
    sums = np.bincount(pillar_of, weights=within, minlength=len(pillar))
    return normalised(pillar), within / sums[pillar_of]


def _pillar_sums(stacked: Array, pillar_of: npt.NDArray[np.intp], weights: Weights) -> Array:
    """(3, K, n, d): for each pillar the weighted sums of the three stacked (n, m) layers.

    One weighting (the table, the gap search) folds the weights into the (m, K) membership
    matrix: one product of shape (3n, m) @ (m, K). Many weightings (sensitivity) multiply
    each pillar's block of the layers by the (m, d) weights: (3Kn, m) @ (m, d). Both are the
    same sums; the second never builds an (n, m, d) array.
    """
    _, n, m = stacked.shape
    d, n_k = weights.pillar.shape
    member = np.zeros((m, n_k))
    member[np.arange(m), pillar_of] = 1.0
    if d == 1:
        sums = stacked.reshape(3 * n, m) @ (member * weights.criterion[0][:, None])
        return np.ascontiguousarray(sums.reshape(3, n, n_k).transpose(0, 2, 1))[..., None]
    blocks = (stacked[:, None, :, :] * member.T[None, :, None, :]).reshape(3 * n_k * n, m)
    return (blocks @ weights.criterion.T).reshape(3, n_k, n, d)


def aggregate(points: Array, counted: Mask, usable: Mask, pillar_of: npt.NDArray[np.intp],
              weights: Weights) -> tuple[Array, Array, Array]:
    """Pillar (n, d, K), overall (n, d) and completeness (n, d) of n points rows under d weightings.

    Each level is computed from the rounded level below (SPEC section 4): pillar scores from
    rounded points, the overall score from rounded pillar scores.
    """
    n, m = points.shape
    stacked = np.empty((3, n, m))             # points that count, weight that counts, weight with evidence
    np.copyto(stacked[0], points)
    np.putmask(stacked[0], ~counted, 0.0)
    np.copyto(stacked[1], counted)
    np.copyto(stacked[2], usable)
    num, den, evidence = _pillar_sums(stacked, pillar_of, weights)      # each (K, n, d)
    with np.errstate(invalid="ignore", divide="ignore"):
        pillar = round1_scores(num / den)                               # 0 / 0 is NaN: the pillar drops out
    member = np.zeros((m, weights.pillar.shape[1]))
    member[np.arange(m), pillar_of] = 1.0
    total = weights.criterion @ member                                  # (d, K): each pillar's criterion weight
    share = normalised(weights.pillar, axis=1)
    completeness = round3(np.einsum("knd,dk->nd", evidence, share / total))
    valid = ~np.isnan(pillar)
    pnum = np.einsum("knd,dk->nd", np.where(valid, pillar, 0.0), weights.pillar)
    pden = np.einsum("knd,dk->nd", valid.astype(float), weights.pillar)
    with np.errstate(invalid="ignore", divide="ignore"):
        overall = round1_scores(pnum / pden)
    return pillar.transpose(1, 2, 0), overall, completeness
