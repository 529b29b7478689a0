"""The stacked reader of evidence for ``history``: every observation a set reads, flattened once
into arrays and read for every as-of year at once, by the same rules as ``evidence.read`` (a
property test holds them equal)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..base.choices import YEAR_MAX, YEAR_MIN
from ..loading.records import Rates

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ..loading.records import Partner

    IntArray = npt.NDArray[np.int64]
    Array = npt.NDArray[np.float64]
    Mask = npt.NDArray[np.bool_]


from .evidence import Column, amount, dated_year, lag_of, listed, preferred

#: a year's code within a cell's keys: 0 for a timeless observation (seen in every year), then 1
#: for YEAR_MIN and so on
STRIDE = YEAR_MAX - YEAR_MIN + 2


def _code(year: int) -> int:
    """A year's code, clipped so that a year before YEAR_MIN sees timeless observations only."""
    return min(max(year - YEAR_MIN + 1, 0), STRIDE - 1)


@dataclass(frozen=True)
class Series:
    """Every observation a set reads, flattened and sorted by (partner, column, dated year): the
    same rules as ``read`` for the ends of as-of years, as arrays.

    At the end of an as-of year every observation of a data year is seen at once (a ``date:``
    lies within its year), so the preferred one of each year is chosen once, here, and the
    observation a cell reads as of year Y is the last one keyed at or below Y less the column's
    lag: a binary search (``numpy.searchsorted``).
    """

    key: IntArray        # (k,) (partner × columns + column) × STRIDE + year code
    year: Array          # (k,) the dated year; NaN when timeless
    usable: Mask         # (k,) False where the value could not be converted
    number: Array        # (k,) the value as a number (a boolean as 1 or 0); NaN otherwise
    encoded: Array       # (k,) the value as its criterion's rule reads it; NaN in gate columns
    raw: npt.NDArray[np.object_]   # (k,) the value itself, converted (gates test it)
    n: int
    columns: int         # criteria, then gates
    first_figure: int | None = None   # the earliest year of a flow's figure, if any

    def find(self, cells: IntArray, year: int, column: Column) -> tuple[IntArray, Mask]:
        """For each cell of ``column``, the position of the observation it reads at the end of
        ``year``, and where there is one (the arrays end with a sentinel no cell owns, so every
        position found is a valid index)."""
        import numpy as np

        pos = np.searchsorted(self.key, cells * STRIDE + _code(year - lag_of(column)), side="right") - 1
        safe = np.maximum(pos, 0)
        return safe, (pos >= 0) & (self.key[safe] // STRIDE == cells) & self.usable[safe]

    def window(self, cells: IntArray, year: int, column: Column) -> tuple[Array, Array, Mask]:
        """The aggregate, latest year and presence of each cell's window at the end of ``year``
        (as ``window_of`` chooses it)."""
        import numpy as np

        assert column.window is not None
        years, aggregate = column.window.years, column.window.aggregate
        hi = np.searchsorted(self.key, cells * STRIDE + _code(year - lag_of(column)), side="right")
        top = self.key[np.maximum(hi - 1, 0)]
        anchor = np.where((hi > 0) & (top // STRIDE == cells), top - cells * STRIDE, 0)    # 0: nothing dated
        lo = np.searchsorted(self.key, cells * STRIDE + np.maximum(anchor - years, 0), side="right")
        lo = np.where(anchor > 0, lo, hi)
        count = hi - lo
        value = np.full(cells.shape, np.nan)
        ok = count > 0
        for k in range(years):      # oldest first, as Python's sum adds them for one year
            idx = np.minimum(lo + k, len(self.key) - 1)
            inside = lo + k < hi
            taken = self.number[idx]
            ok &= ~inside | self.usable[idx]
            if aggregate in ("mean", "sum"):
                value = np.where(inside, np.where(k == 0, taken, value + taken), value)
            elif aggregate == "max":
                value = np.where(inside, np.where(k == 0, taken, np.fmax(value, taken)), value)
            else:
                value = np.where(inside, taken, value)
        if aggregate == "mean":
            value = np.where(count > 0, value / np.maximum(count, 1), np.nan)
        last_year = np.where(ok, self.year[np.maximum(hi - 1, 0)], np.nan)
        return np.where(ok, value, np.nan), last_year, ok


def read_series(criteria: Sequence[Any], gates: Sequence[Column], partners: Sequence[Partner],
                rates: Rates) -> Series:
    """Flatten the observations of ``partners`` (sorted by id) for every criterion (each with its
    rule, to encode values) and then every simple gate."""
    import numpy as np

    from ..rules.base import encode_number

    columns: list[tuple[Column, Any]] = [(c, c) for c in criteria] + [(g, None) for g in gates]
    keys: list[int] = []
    years: list[float] = []
    usable: list[bool] = []
    encoded: list[float] = []
    raw: list[Any] = []
    figures: list[int] = []
    for i, partner in enumerate(partners):
        for c, (column, crit) in enumerate(columns):
            if column.indicator is None:
                continue
            for obs in preferred(listed(partner.indicators.get(column.indicator)), column):
                value, _ = amount(obs, rates)
                year = dated_year(obs, column)
                if column.flows and year is not None:
                    figures.append(year)
                keys.append((i * len(columns) + c) * STRIDE + (0 if year is None else _code(year)))
                years.append(math.nan if year is None else year)
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
                  len(columns), min(figures, default=None))
