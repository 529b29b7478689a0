"""Every partner scored as of every year of a range, in one stacked computation (``history``).

The partner files are read once: ``series.read_series`` flattens every observation the set
reads into arrays, and ``Series.find`` and ``Series.window`` pick, for the end of each as-of
year, the observation each cell reads by the same rules as ``evidence.read`` (a property test
holds them equal). The years are then stacked into one table of years × partners rows that
``engine.score_table`` scores at once, each row with its own as-of year; peer rules rank a
partner only among the partners of its group in the same year. Years are taken in blocks so
that memory stays bounded whatever the range.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from ..base.errors import UsageError
from ..base.text import suggest
from ..loading.models import STATUS, Bound
from ..loading.project import LoadedSet, Project
from ..loading.records import Partner, Rates
from ..rules.base import encode_number
from .aggregate import Array, Mask
from .compile import Spec, compile_set
from .engine import Inputs, gate_arrays, gate_reading, score_table
from .evidence import Cutoff
from .scorecard import number_or_none
from .series import Series, read_series
from .standing import standing

#: the most cells (rows × criteria) scored in one block of years
BLOCK_CELLS = 4_000_000


def _criteria_block(spec: Spec, s: Series, year: int) -> tuple[Array, Array, Mask]:
    """(n, m) encoded values, years and presence of every criterion at the end of ``year``."""
    n, m = s.n, len(spec.criteria)
    cells = np.arange(n, dtype=np.int64)[:, None] * s.columns + np.arange(m, dtype=np.int64)
    encoded = np.full((n, m), np.nan)
    years = np.full((n, m), np.nan)
    present = np.zeros((n, m), dtype=bool)
    for j, crit in enumerate(spec.criteria):
        if crit.window is None:
            pos, ok = s.find(cells[:, j], year, crit)
            encoded[:, j] = np.where(ok, s.encoded[pos], np.nan)
            years[:, j] = np.where(ok, s.year[pos], np.nan)
        else:
            value, years[:, j], ok = s.window(cells[:, j], year, crit)
            encoded[:, j] = _encode(crit, value, ok)
        present[:, j] = ok
        if crit.relative:
            encoded[:, j] -= year
    return encoded, years, present


def _encode(crit: Any, value: Array, ok: Mask) -> Array:
    """Aggregated numbers as the criterion's rule reads them."""
    if crit.rule.encode is encode_number:
        return value
    return np.array([crit.rule.encode(crit.params, float(x)) if k else math.nan
                     for x, k in zip(value, ok, strict=True)], dtype=float)


def _gates_block(spec: Spec, s: Series, year: int, partners: Sequence[Partner],
                 rates: Rates) -> tuple[list[list[Any]], Array, Array]:
    """(g, n) values, (n, g) years and (n, g) tenures of every simple gate at the end of ``year``."""
    m, n = len(spec.criteria), s.n
    values: list[list[Any]] = []
    years = np.full((n, len(spec.gates)), np.nan)
    tenure = np.full((n, len(spec.gates)), np.nan)
    for gate in spec.gates:
        if gate.indicator is None:
            values.append([None] * n)
            continue
        if gate.indicator == STATUS or (isinstance(gate.require, Bound) and gate.require.for_years):
            read = [gate_reading(p, gate, Cutoff.end_of(year), rates, spec.status_column)   # a few per partner
                        for p in partners]
            values.append([None if obs is None else obs.value for obs, _ in read])
            years[:, gate.index] = [np.nan if obs is None or obs.year is None else obs.year for obs, _ in read]
            tenure[:, gate.index] = [np.nan if t is None else t for _, t in read]
            continue
        cells = np.arange(n, dtype=np.int64) * s.columns + (m + gate.index)
        if gate.window is not None:
            value, years[:, gate.index], ok = s.window(cells, year, gate)
            values.append([float(v) if k else None for v, k in zip(value, ok, strict=True)])
            continue
        pos, ok = s.find(cells, year, gate)
        taken = s.raw[pos]
        taken[~ok] = None
        values.append(taken.tolist())
        years[:, gate.index] = np.where(ok, s.year[pos], np.nan)
    return values, years, tenure


def stacked_inputs(spec: Spec, s: Series, years: Sequence[int], partners: Sequence[Partner],
                   rates: Rates) -> Inputs:
    """One table of len(years) × n rows: the partners as of each year in turn."""
    blocks = [_criteria_block(spec, s, y) for y in years]
    gate_blocks = [_gates_block(spec, s, y, partners, rates) for y in years]
    encoded = np.concatenate([b[0] for b in blocks])
    year = np.concatenate([b[1] for b in blocks])
    present = np.concatenate([b[2] for b in blocks])
    gate_values = [[v for block in gate_blocks for v in block[0][g]] for g in range(len(spec.gates))]
    gate_years = np.ascontiguousarray(np.concatenate([b[1] for b in gate_blocks]))
    tenure = np.ascontiguousarray(np.concatenate([b[2] for b in gate_blocks]))
    rows = len(years) * s.n
    stacked_groups = [f"{y}\x1f{p.group}" for y in years for p in partners]
    return Inputs([str(r) for r in range(rows)], stacked_groups, encoded, year, present, gate_values,
                  gate_years, *gate_arrays(gate_values, rows), gate_tenure=tenure)


@dataclass(frozen=True)
class History:
    """Every partner's outcome, overall and pillar scores and completeness for each as-of year."""

    criteria: LoadedSet
    spec: Spec
    years: list[int]
    partners: Mapping[str, Partner]
    partner_ids: list[str]
    outcome: npt.NDArray[np.intp]   # (T, n) index into outcomes; -1 = insufficient-evidence
    overall: Array                  # (T, n)
    pillar: Array                   # (T, n, K)
    completeness: Array             # (T, n)
    review: list[list[str]] = dataclasses.field(default_factory=list)   # (T, n) the review of the status held
    partner: str | None = None      # the one partner asked for; None: all

    def of(self, partner: str | None) -> History:
        """The same history, shown for one partner (None: all)."""
        if partner is not None and partner not in self.partners:
            raise UsageError(f"unknown partner '{partner}'{suggest(partner, self.partner_ids)}")
        return dataclasses.replace(self, partner=partner)

    @property
    def as_of(self) -> int:
        """The last as-of year of the range."""
        return self.years[-1]

    @property
    def pillar_ids(self) -> tuple[str, ...]:
        """The set's pillars, in its order."""
        return tuple(self.spec.pillar_ids)

    @property
    def tracks(self) -> int:
        """How many entry tracks the set's outcomes name (0 or 1: one ladder)."""
        return len(set(self.spec.tracks) - {None})

    def publication_lags(self) -> dict[int, list[str]]:
        """The titles of the flow criteria by the years after its year a figure is published."""
        by_lag: dict[int, list[str]] = {}
        for column in self.spec.criteria:
            if column.flows and column.lag:
                by_lag.setdefault(column.lag, []).append(column.title)
        return dict(sorted(by_lag.items()))

    def left_out_at(self, year: int) -> list[str]:
        """What the replay of the end of ``year`` leaves out of the one partner shown, in words."""
        from .held import left_out

        if self.partner is None:
            return []
        return left_out(self.spec, self.partners[self.partner], Cutoff.end_of(year))[1]

    def outcome_id(self, t: int, i: int) -> str:
        """The outcome id of partner ``i`` in year index ``t``."""
        return self.spec.outcome_id(int(self.outcome[t, i]))

    def change(self, t: int, i: int) -> str:
        """``up`` or ``down`` when the outcome moved along a track since the year before (insufficient
        evidence counts below every outcome, the fallback below every track), ``across`` when it
        moved to another track; empty otherwise."""
        if t == 0:
            return ""
        worst = len(self.spec.outcomes)
        now, before = (int(self.outcome[u, i]) % (worst + 1) for u in (t, t - 1))   # -1 → worst
        if now == before:
            return ""
        codes = self.spec.track_codes
        if now < worst - 1 and before < worst - 1 and codes[now] != codes[before]:
            return "across"
        return "up" if now < before else "down"

    def columns(self) -> list[str]:
        """The columns of ``rows``, with one per pillar."""
        return [*HISTORY_FIXED, *self.spec.pillar_ids, "completeness"]

    @cached_property
    def _meta(self) -> dict[str, Any]:
        cset = self.criteria.model
        return {"criteria_set": cset.id, "criteria_version": cset.version, "criteria_sha256": self.criteria.sha256}

    def rows(self) -> list[dict[str, Any]]:
        """One dict per partner (or the one asked for) and year, by partner id then year."""
        out = []
        for i, pid in enumerate(self.partner_ids):
            if self.partner is not None and pid != self.partner:
                continue
            for t, year in enumerate(self.years):
                row: dict[str, Any] = {
                    "partner_id": pid, "partner_name": self.partners[pid].name, **self._meta, "as_of": year,
                    "status": self.partners[pid].status_at(year) or "", "outcome": self.outcome_id(t, i),
                    "change": self.change(t, i), "status_change": self.review[t][i] if self.review else "",
                    "overall": number_or_none(self.overall[t, i])}
                row.update({p: number_or_none(self.pillar[t, i, k]) for k, p in enumerate(self.spec.pillar_ids)})
                row["completeness"] = float(self.completeness[t, i])
                out.append(row)
        return out


HISTORY_FIXED = ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256", "as_of",
                 "status", "outcome", "change", "status_change", "overall"]


def history_partners(lset: LoadedSet, project: Project, partners: Mapping[str, Partner], years: Sequence[int],
                     ) -> History:
    """Score ``partners`` (partner files or any others) against one set as of each of ``years``."""
    spec = compile_set(lset.model, project.catalogue)
    ordered = sorted(partners.values(), key=lambda p: p.id)
    series = read_series(spec.criteria, spec.gates, ordered, project.rates)
    return _scored(lset, spec, series, partners, ordered, list(years), project.rates)


def _scored(lset: LoadedSet, spec: Spec, s: Series, partners: Mapping[str, Partner], ordered: list[Partner],
            years: list[int], rates: Rates) -> History:
    n, pillars = s.n, len(spec.pillar_ids)
    outcome = np.full((len(years), n), -1, dtype=np.intp)
    overall, completeness = np.full((len(years), n), np.nan), np.zeros((len(years), n))
    pillar = np.full((len(years), n, pillars), np.nan)
    reviews: list[list[str]] = []
    per_block = max(1, BLOCK_CELLS // max(1, n * len(spec.criteria)))
    for start in range(0, len(years), per_block):
        chunk = years[start:start + per_block]
        inputs = stacked_inputs(spec, s, chunk, ordered, rates)
        cutoffs = [Cutoff.end_of(y) for y in chunk for _ in ordered]
        held = standing(spec, ordered * len(chunk), cutoffs)
        table = score_table(spec, inputs, chunk[-1], row_years=np.repeat(np.array(chunk, dtype=float), n)[:, None],
                            standing=held)
        rows = slice(start, start + len(chunk))
        outcome[rows] = table.outcome.reshape(len(chunk), n)
        reviews += [table.review[t * n:(t + 1) * n] for t in range(len(chunk))]
        overall[rows] = table.overall.reshape(len(chunk), n)
        completeness[rows] = table.completeness.reshape(len(chunk), n)
        pillar[rows] = table.pillar.reshape(len(chunk), n, pillars)
    return History(lset, spec, years, partners, [p.id for p in ordered], outcome, overall, pillar, completeness,
                   reviews)


def history_project(project: Project, criteria: str | None = None, start: int | None = None,
                    end: int | None = None) -> History:
    """Every partner of ``project`` for every as-of year ``start``..``end``: by default from the
    first year of a figure (a flow's observation) to the project's as-of year."""
    from .result import default_as_of

    lset = project.criteria_set(criteria)
    spec = compile_set(lset.model, project.catalogue)
    partners = {pid: lp.model for pid, lp in project.partners.items()}
    ordered = sorted(partners.values(), key=lambda p: p.id)
    s = read_series(spec.criteria, spec.gates, ordered, project.rates)
    last = default_as_of(end, project)
    first = start if start is not None else min(s.first_figure or last, last)
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}; give a range that runs forwards")
    return _scored(lset, spec, s, partners, ordered, list(range(first, last + 1)), project.rates)
