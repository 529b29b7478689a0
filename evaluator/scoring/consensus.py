"""Does a recommendation hold under every member state's weights? (SPEC section 12)

Each member's weights (``members/<id>.yaml``) replace the set's where given, and every partner
is scored once per member, all members and partners in one stacked computation (the engine's
own aggregation under many weightings, as sensitivity uses it). The verdict per partner:
``unanimous``; ``consensus-minus-N`` when fewer than half of the members differ from the
majority's outcome (the N are named); ``no-consensus`` otherwise.

For each dissenting member, the smallest shift of its weights that gives the majority's
outcome: the weights move along the straight line, in effective weights (each criterion's
share of the whole set), towards the weights of each member that gives the majority's outcome;
the first point of the line that gives it is found on a grid of ``GRID`` steps, then on a
second grid inside the step where it appears. The shift is the share of total weight moved
(half the L1 distance between the two effective-weight vectors). For a fixed partner each
outcome's region is convex in the effective weights when no pillar rounds (one criterion per
pillar, or unrounded arithmetic): the overall score is a ratio of two linear functions of
them, so "at least t" is a half-space. Every member of the majority lies in it, and so does
every compromise between them.

Weights come in three forms (``form``): numbers; a ranking of the pillars, turned into
rank-order-centroid weights (Barron & Barrett, *Management Science* 42, 1996); or pairwise
comparisons of the pillars, turned into the principal eigenvector of the comparison matrix
(Saaty, *The Analytic Hierarchy Process*, 1980), with its consistency ratio.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..base.errors import DataError
from ..loading.records import Member
from ..loading.yamlfile import Document
from .aggregate import Array, Weights, normalised
from .compile import Spec
from .engine import Table
from .sensitivity import outcomes_under

#: Saaty's random consistency index by matrix size
RANDOM_INDEX = {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
#: above this consistency ratio, pairwise comparisons contradict each other too much to trust
CONSISTENCY_LIMIT = 0.10
#: steps of each of the two grids of the line search
GRID = 64


@dataclass(frozen=True)
class ResolvedWeights:
    """One member's weights for one set: pillar (K,) and criterion (m,) weights, relative."""

    id: str
    name: str
    form: str                          # weights | ranking | pairwise
    pillar: Array
    criterion: Array
    consistency: float | None = None   # AHP consistency ratio (pairwise only)
    ignored: tuple[str, ...] = ()      # ids the member weighs that this set does not have

    @property
    def inconsistent(self) -> bool:
        """Pairwise comparisons whose consistency ratio is above 0.10."""
        return self.consistency is not None and self.consistency > CONSISTENCY_LIMIT

    def effective(self, spec: Spec) -> Array:
        """Each criterion's share of the whole set under these weights."""
        return effective(spec, self.pillar, self.criterion)


def effective(spec: Spec, pillar: Array, criterion: Array) -> Array:
    """Effective weights (..., m) of pillar (..., K) and criterion (..., m) weights."""
    share = normalised(pillar)
    sums = np.zeros(pillar.shape)
    np.add.at(sums.T, spec.pillar_of, criterion.T)     # each pillar's criterion weight, per weighting
    return np.asarray(share[..., spec.pillar_of] * criterion / sums[..., spec.pillar_of])


def rank_order_centroid(n: int) -> Array:
    """Weights of n items ranked most important first: w_i = (1/n) Σ_{k ≥ i} 1/k."""
    inverse = 1.0 / np.arange(1, n + 1)
    return np.asarray(np.cumsum(inverse[::-1])[::-1] / n)


def ahp(order: list[str], pairs: list[tuple[str, str, float]]) -> tuple[Array, float]:
    """Principal-eigenvector weights of a pairwise comparison matrix, and its consistency ratio."""
    n = len(order)
    matrix = np.ones((n, n))
    for a, b, x in pairs:
        i, j = order.index(a), order.index(b)
        matrix[i, j], matrix[j, i] = x, 1.0 / x
    values, vectors = np.linalg.eig(matrix)
    top = int(np.argmax(values.real))
    weights = np.abs(vectors[:, top].real)
    ci = (float(values[top].real) - n) / (n - 1) if n > 2 else 0.0
    ri = RANDOM_INDEX.get(n, 1.49)
    return normalised(weights), (max(ci, 0.0) / ri if ri else 0.0)


def member_weights(spec: Spec, member: Member, doc: Document) -> ResolvedWeights:
    """A member's weights for this set; the set's own where the member gives none."""
    pillar, criterion = spec.pillar_weight.copy(), spec.weight.copy()
    ignored: list[str] = []
    consistency = None
    pillars = spec.pillar_ids
    if member.weights is not None:
        for pid, w in member.weights.pillars.items():
            if pid in pillars:
                pillar[pillars.index(pid)] = w
            else:
                ignored.append(pid)
        for cid, w in member.weights.criteria.items():
            if cid in spec.criterion_ids:
                criterion[spec.criterion_ids.index(cid)] = w
            else:
                ignored.append(cid)
        form = "weights"
    elif member.ranking is not None:
        ranked = [p for p in member.ranking if p in pillars]
        ignored = [p for p in member.ranking if p not in pillars]
        _covers(doc, ("ranking",), "ranking", set(ranked), pillars, "rank every pillar of the set")
        pillar = rank_order_centroid(len(ranked))[[ranked.index(p) for p in pillars]] * 100
        form = "ranking"
    else:
        given = [(c.more, c.than, c.times) for c in member.pairwise or []]
        pairs = [(a, b, x) for a, b, x in given if a in pillars and b in pillars]
        ignored = sorted({p for a, b, _ in given for p in (a, b) if p not in pillars})
        named = {p for a, b, _ in pairs for p in (a, b)}
        missing = len(pillars) * (len(pillars) - 1) // 2 - len(pairs)
        _covers(doc, ("pairwise",), "pairwise", named if missing == 0 else set(), pillars,
                "compare every pair of the set's pillars once")
        found, consistency = ahp(pillars, pairs)
        pillar = found * 100
        form = "pairwise"
    return ResolvedWeights(member.id, member.name, form, pillar, criterion, consistency, tuple(ignored))


def _covers(doc: Document, loc: tuple[str, ...], what: str, named: set[str], pillars: list[str], fix: str) -> None:
    if named != set(pillars):
        left = [p for p in pillars if p not in named] or pillars
        raise DataError([doc.problem(loc, f"{what}: leaves out {', '.join(left)} of this criteria set; {fix}")])


@dataclass(frozen=True)
class Dissent:
    """A member whose weights give another outcome, and how far it is from the majority's."""

    member: str
    outcome: str
    shift: float | None          # share of total weight moved (0..1); None when no line reaches it
    toward: str | None           # the member whose weights the line goes to


@dataclass(frozen=True)
class Verdict:
    """One partner under every member's weights."""

    partner_id: str
    outcome: str                 # the majority's outcome
    verdict: str                 # unanimous | consensus-minus-N | no-consensus
    members: dict[str, str]      # member id → outcome id
    dissenters: list[Dissent]



def _majority(row: npt.NDArray[np.intp], own: int) -> int:
    """The outcome most members give; a tie goes to the set's own outcome when it is among the tied,
    else to the outcome first in the set's order (insufficient evidence last)."""
    counts = Counter(int(k) for k in row)
    best = max(counts.values())
    tied = sorted((k for k, c in counts.items() if c == best), key=lambda k: (k < 0, k))
    return own if own in tied else tied[0]


def _weights_between(spec: Spec, start: Array, end: Array, steps: Array) -> Weights:
    """Weights at ``steps`` (0..1) of the straight line between two effective-weight vectors."""
    e = start[None, :] * (1 - steps[:, None]) + end[None, :] * steps[:, None]
    pillar = np.zeros((len(steps), len(spec.pillar_ids)))
    np.add.at(pillar.T, spec.pillar_of, e.T)
    return Weights(pillar, e)


def _first_on_line(table: Table, rows: npt.NDArray[np.intp], start: Array, end: Array,
                   wanted: npt.NDArray[np.intp]) -> Array:
    """For each row, the first step (0..1) on the line where the outcome is ``wanted``: a coarse grid,
    then a fine grid inside the coarse step where it first appears."""
    spec = table.spec
    coarse = np.linspace(0.0, 1.0, GRID + 1)
    hit = outcomes_under(table, rows, _weights_between(spec, start, end, coarse)) == wanted[:, None]
    first = np.where(hit.any(axis=1), hit.argmax(axis=1), GRID)
    out = coarse[first].copy()
    for step in np.unique(first[first > 0]):
        chosen = np.flatnonzero(first == step)
        fine = np.linspace(coarse[step - 1], coarse[step], GRID + 1)
        fine_hit = outcomes_under(table, rows[chosen], _weights_between(spec, start, end, fine))
        fine_hit = fine_hit == wanted[chosen][:, None]
        out[chosen] = fine[np.where(fine_hit.any(axis=1), fine_hit.argmax(axis=1), GRID)]
    return out


def member_verdicts(table: Table, members: list[ResolvedWeights],
                    rows: npt.NDArray[np.intp] | None = None) -> list[Verdict]:
    """The verdict of every partner row (all by default) under every member's weights."""
    spec = table.spec
    rows = np.arange(len(table.inputs.partner_ids)) if rows is None else rows
    weights = Weights(np.array([m.pillar for m in members]), np.array([m.criterion for m in members]))
    chosen = outcomes_under(table, rows, weights)                          # (n, d)
    majority = np.array([_majority(chosen[r], int(table.outcome[i])) for r, i in enumerate(rows)], dtype=np.intp)
    eff = np.array([m.effective(spec) for m in members])
    shifts: dict[tuple[int, int], tuple[float, str]] = {}
    for d, _ in enumerate(members):
        dissent = np.flatnonzero(chosen[:, d] != majority)
        for t, target in enumerate(members):
            agree = dissent[chosen[dissent, t] == majority[dissent]]
            if agree.size == 0:
                continue
            steps = _first_on_line(table, rows[agree], eff[d], eff[t], majority[agree])
            moved = steps * np.abs(eff[d] - eff[t]).sum() / 2
            for r, shift in zip(agree, moved, strict=True):
                if (int(r), d) not in shifts or shift < shifts[(int(r), d)][0]:
                    shifts[(int(r), d)] = (float(shift), target.id)
    out = []
    half = len(members) / 2
    for r, i in enumerate(rows):
        by_member = {m.id: spec.outcome_id(int(chosen[r, d])) for d, m in enumerate(members)}
        dissenters = [Dissent(m.id, by_member[m.id], *shifts.get((r, d), (None, None)))
                      for d, m in enumerate(members) if chosen[r, d] != majority[r]]
        n = len(dissenters)
        verdict = "unanimous" if n == 0 else f"consensus-minus-{n}" if n < half else "no-consensus"
        out.append(Verdict(table.inputs.partner_ids[i], spec.outcome_id(int(majority[r])), verdict, by_member,
                           dissenters))
    return out
