"""Every partner scored as of every year of a range, in one stacked computation (``history``).

The partner files are read once. ``Series`` flattens every observation the set reads (each
criterion's and each simple gate's indicator, converted to the base currency) into arrays
sorted by (partner, column, year): the partners × columns observations matrix with a year
axis, one observation per year (the highest grade, as ``preferred`` keeps it). For an as-of
year Y the observation that counts in each cell is found by binary search
(``numpy.searchsorted``) for the last key at or below (cell, Y) — Y less the set's publication
lag for a flow — exactly as ``latest_seen`` and ``window_seen`` choose it for one year. The
years are then stacked into one table of years × partners rows that ``engine.score_table``
scores at once, each row with its own as-of year; peer rules rank a partner only among the
partners of its group in the same year. Years are taken in blocks so that memory stays
bounded whatever the range.
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

from ..base.choices import YEAR_MAX, YEAR_MIN
from ..base.errors import UsageError
from ..base.text import suggest
from ..loading.models import INSUFFICIENT, Partner, Rates, preferred
from ..loading.project import LoadedSet, Project
from ..rules.base import encode_number
from .aggregate import Array, Mask
from .compile import Spec, compile_set
from .engine import Inputs, _amount, gate_arrays, score_table
from .scorecard import number_or_none

IntArray = npt.NDArray[np.int64]

#: a year's code within a cell's keys: 0 for an undated observation (a state known to hold,
#: from no particular year), then 1 for YEAR_MIN and so on
STRIDE = YEAR_MAX - YEAR_MIN + 2

#: the most cells (rows × criteria) scored in one block of years
BLOCK_CELLS = 4_000_000


def _code(year: int) -> int:
    """A year's code, clipped so that a year before YEAR_MIN sees undated observations only."""
    return min(max(year - YEAR_MIN + 1, 0), STRIDE - 1)


@dataclass(frozen=True)
class Series:
    """Every observation the set reads, flattened: one entry per observation, sorted by key."""

    key: IntArray        # (k,) (partner × columns + column) × STRIDE + year code
    year: Array          # (k,) the observation's year; NaN when undated
    usable: Mask         # (k,) False where the value could not be converted
    number: Array        # (k,) the value as a number (a boolean as 1 or 0); NaN otherwise
    encoded: Array       # (k,) the value as its criterion's rule reads it; NaN in gate columns
    raw: npt.NDArray[np.object_]   # (k,) the value itself, converted (gates test it)
    n: int
    columns: int         # criteria, then gates

    def find(self, cells: IntArray, last: int) -> tuple[IntArray, Mask]:
        """For each cell, the position of its latest usable observation coded ``last`` or earlier,
        and where there is one (the arrays end with a sentinel no cell owns, so every position
        found is a valid index)."""
        pos = np.searchsorted(self.key, cells * STRIDE + last, side="right") - 1
        safe = np.maximum(pos, 0)
        return safe, (pos >= 0) & (self.key[safe] // STRIDE == cells) & self.usable[safe]

    @property
    def first_year(self) -> int | None:
        """The earliest dated observation, if any."""
        dated = self.year[~np.isnan(self.year)]
        return int(dated.min()) if dated.size else None


def read_series(spec: Spec, partners: Sequence[Partner], rates: Rates) -> Series:
    """Flatten the observations of ``partners`` (sorted by id) for every column of ``spec``."""
    columns: list[tuple[str | None, Any]] = [(c.indicator, c) for c in spec.criteria]
    columns += [(g.indicator, None) for g in spec.gates]
    keys: list[int] = []
    years: list[float] = []
    usable: list[bool] = []
    encoded: list[float] = []
    raw: list[Any] = []
    for i, partner in enumerate(partners):
        for c, (indicator, crit) in enumerate(columns):
            if indicator is None:
                continue
            for obs in preferred(partner.observations(indicator)):
                value, _ = _amount(obs, rates)
                keys.append((i * len(columns) + c) * STRIDE + (0 if obs.year is None else _code(obs.year)))
                years.append(math.nan if obs.year is None else obs.year)
                usable.append(value is not None)
                encoded.append(crit.rule.encode(crit.params, value) if crit is not None and value is not None
                               else math.nan)
                raw.append(value)
    keys.append((len(partners) * len(columns) + 1) * STRIDE)     # the sentinel, after every cell
    years.append(math.nan)
    usable.append(False)
    encoded.append(math.nan)
    raw.append(None)
    key = np.array(keys, dtype=np.int64)
    order = np.argsort(key, kind="stable")
    raw_array = np.empty(len(raw), dtype=object)
    raw_array[:] = raw
    number = np.array([math.nan if v is None else encode_number(None, v) for v in raw], dtype=float)
    return Series(key[order], np.array(years, dtype=float)[order], np.array(usable, dtype=bool)[order],
                  number[order], np.array(encoded, dtype=float)[order], raw_array[order], len(partners),
                  len(columns))


def _window(s: Series, cells: IntArray, last: int, years: int, aggregate: str) -> tuple[Array, Array, Mask]:
    """The aggregate, latest year and presence of the window of ``years`` years ending at each cell's
    latest dated observation up to ``last`` (as ``window_seen`` chooses it)."""
    hi = np.searchsorted(s.key, cells * STRIDE + _code(last), side="right")
    top = s.key[np.maximum(hi - 1, 0)]
    anchor = np.where((hi > 0) & (top // STRIDE == cells), top - cells * STRIDE, 0)     # 0: nothing dated
    lo = np.searchsorted(s.key, cells * STRIDE + np.maximum(anchor - years, 0), side="right")
    lo = np.where(anchor > 0, lo, hi)
    count = hi - lo
    value = np.full(cells.shape, np.nan)
    ok = count > 0
    for k in range(years):      # oldest first, as Python's sum adds them for one year
        idx = np.minimum(lo + k, len(s.key) - 1)
        inside = lo + k < hi
        taken = s.number[idx]
        ok &= ~inside | s.usable[idx]
        if aggregate in ("mean", "sum"):
            value = np.where(inside, np.where(k == 0, taken, value + taken), value)
        elif aggregate == "max":
            value = np.where(inside, np.where(k == 0, taken, np.fmax(value, taken)), value)
        else:
            value = np.where(inside, taken, value)
    if aggregate == "mean":
        value = np.where(count > 0, value / np.maximum(count, 1), np.nan)
    last_year = np.where(ok, s.year[np.maximum(hi - 1, 0)], np.nan)
    return np.where(ok, value, np.nan), last_year, ok


def _criteria_block(spec: Spec, s: Series, year: int) -> tuple[Array, Array, Mask]:
    """(n, m) encoded values, years and presence of every criterion as of ``year``."""
    n, m = s.n, len(spec.criteria)
    cells = np.arange(n, dtype=np.int64)[:, None] * s.columns + np.arange(m, dtype=np.int64)
    encoded = np.full((n, m), np.nan)
    years = np.full((n, m), np.nan)
    present = np.zeros((n, m), dtype=bool)
    for j, crit in enumerate(spec.criteria):
        last = year - spec.lag if crit.flows else year
        if crit.window is None:
            pos, ok = s.find(cells[:, j], _code(last))
            encoded[:, j] = np.where(ok, s.encoded[pos], np.nan)
            years[:, j] = np.where(ok, s.year[pos], np.nan)
        else:
            value, years[:, j], ok = _window(s, cells[:, j], last, crit.window.years, crit.window.aggregate)
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


def _gates_block(spec: Spec, s: Series, year: int) -> tuple[list[list[Any]], Array]:
    """(g, n) values and (n, g) years of every simple gate's indicator as of ``year``."""
    m, n = len(spec.criteria), s.n
    values: list[list[Any]] = []
    years = np.full((n, len(spec.gates)), np.nan)
    for gate in spec.gates:
        if gate.indicator is None:
            values.append([None] * n)
            continue
        cells = np.arange(n, dtype=np.int64) * s.columns + (m + gate.index)
        if gate.window is not None:     # a window is of a flow (validation), so read with the lag
            value, years[:, gate.index], ok = _window(s, cells, year - spec.lag, gate.window.years,
                                                      gate.window.aggregate)
            values.append([float(v) if k else None for v, k in zip(value, ok, strict=True)])
            continue
        pos, ok = s.find(cells, _code(year - spec.lag if gate.flows else year))
        taken = s.raw[pos]
        taken[~ok] = None
        values.append(taken.tolist())
        years[:, gate.index] = np.where(ok, s.year[pos], np.nan)
    return values, years


def stacked_inputs(spec: Spec, s: Series, years: Sequence[int], groups: Sequence[str]) -> Inputs:
    """One table of len(years) × n rows: the partners as of each year in turn."""
    blocks = [_criteria_block(spec, s, y) for y in years]
    gate_blocks = [_gates_block(spec, s, y) for y in years]
    encoded = np.concatenate([b[0] for b in blocks])
    year = np.concatenate([b[1] for b in blocks])
    present = np.concatenate([b[2] for b in blocks])
    gate_values = [[v for block in gate_blocks for v in block[0][g]] for g in range(len(spec.gates))]
    gate_years = np.ascontiguousarray(np.concatenate([b[1] for b in gate_blocks]))
    rows = len(years) * s.n
    stacked_groups = [f"{y}\x1f{g}" for y in years for g in groups]
    return Inputs([str(r) for r in range(rows)], stacked_groups, encoded, year, present, gate_values,
                  gate_years, *gate_arrays(gate_values, rows))


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

    def outcome_id(self, t: int, i: int) -> str:
        """The outcome id of partner ``i`` in year index ``t``."""
        k = int(self.outcome[t, i])
        return INSUFFICIENT if k < 0 else self.spec.outcomes[k].id

    def change(self, t: int, i: int) -> str:
        """``up`` or ``down`` when the outcome moved since the year before (insufficient evidence
        counts below every outcome); empty otherwise."""
        if t == 0:
            return ""
        worst = len(self.spec.outcomes)
        now, before = (int(self.outcome[u, i]) % (worst + 1) for u in (t, t - 1))   # -1 → worst
        return "" if now == before else "up" if now < before else "down"

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
                    "change": self.change(t, i), "overall": number_or_none(self.overall[t, i])}
                row.update({p: number_or_none(self.pillar[t, i, k]) for k, p in enumerate(self.spec.pillar_ids)})
                row["completeness"] = float(self.completeness[t, i])
                out.append(row)
        return out


HISTORY_FIXED = ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256", "as_of",
                 "status", "outcome", "change", "overall"]


def history_partners(lset: LoadedSet, project: Project, partners: Mapping[str, Partner], years: Sequence[int],
                     ) -> History:
    """Score ``partners`` (partner files or any others) against one set as of each of ``years``."""
    spec = compile_set(lset.model, project.catalogue)
    ordered = sorted(partners.values(), key=lambda p: p.id)
    return _scored(lset, spec, read_series(spec, ordered, project.rates), partners, ordered, list(years))


def _scored(lset: LoadedSet, spec: Spec, s: Series, partners: Mapping[str, Partner], ordered: list[Partner],
            years: list[int]) -> History:
    n, pillars = s.n, len(spec.pillar_ids)
    outcome = np.full((len(years), n), -1, dtype=np.intp)
    overall, completeness = np.full((len(years), n), np.nan), np.zeros((len(years), n))
    pillar = np.full((len(years), n, pillars), np.nan)
    per_block = max(1, BLOCK_CELLS // max(1, n * len(spec.criteria)))
    for start in range(0, len(years), per_block):
        chunk = years[start:start + per_block]
        inputs = stacked_inputs(spec, s, chunk, [p.group for p in ordered])
        table = score_table(spec, inputs, chunk[-1], row_years=np.repeat(np.array(chunk, dtype=float), n)[:, None])
        rows = slice(start, start + len(chunk))
        outcome[rows] = table.outcome.reshape(len(chunk), n)
        overall[rows] = table.overall.reshape(len(chunk), n)
        completeness[rows] = table.completeness.reshape(len(chunk), n)
        pillar[rows] = table.pillar.reshape(len(chunk), n, pillars)
    return History(lset, spec, years, partners, [p.id for p in ordered], outcome, overall, pillar, completeness)


def history_project(project: Project, criteria: str | None = None, start: int | None = None,
                    end: int | None = None) -> History:
    """Every partner of ``project`` for every as-of year ``start``..``end``: by default from the
    first year with a dated observation to the project's as-of year."""
    from .result import default_as_of

    lset = project.criteria_set(criteria)
    spec = compile_set(lset.model, project.catalogue)
    partners = {pid: lp.model for pid, lp in project.partners.items()}
    ordered = sorted(partners.values(), key=lambda p: p.id)
    s = read_series(spec, ordered, project.rates)
    last = default_as_of(end, project)
    first = start if start is not None else min(s.first_year or last, last)
    if first > last:
        raise UsageError(f"--from {first} is after --to {last}; give a range that runs forwards")
    return _scored(lset, spec, s, partners, ordered, list(range(first, last + 1)))
