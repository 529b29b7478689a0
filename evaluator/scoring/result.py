"""Scoring results: every partner against one set, as tables (summary and scorecards)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from ..base.errors import Problem, UsageError
from ..base.text import suggest
from ..loading.project import LoadedSet, Project
from ..loading.records import Partner, Request
from . import engine
from .compile import compile_set
from .engine import Table, outcome_title
from .evidence import Cutoff, as_cutoff
from .scorecard import (
    CriterionResult,
    GateResult,
    PillarResult,
    Scorecard,
    build_scorecard,
    card_items,
    number_or_none,
)
from .standing import standing

if TYPE_CHECKING:
    import pandas as pd

SUMMARY_FIXED = ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256",
                 "as_of", "overall"]
SUMMARY_TAIL = ["completeness", "gates_passed", "gates_total", "outcome", "outcome_title",
                "robustness", "review", "status", "status_change"]
LONG_COLUMNS = ["partner_id", "partner_name", "criteria_set", "criteria_version", "criteria_sha256",
                "as_of", "pillar", "kind", "item_id", "item_title", "indicator", "value", "unit", "year",
                "source", "status", "points", "effective_weight", "weighted_points", "explanation", "source_grade"]


@dataclass(frozen=True)
class Result:
    """Every partner of a project scored against one set, as of one year; immutable.

    ``result[partner_id]`` is that partner's ``Scorecard``; ``summary()`` and ``scorecards()``
    are the section 7 tables as pandas DataFrames. ``robustness`` and ``review`` hold each
    partner's robustness verdict and review state when they were asked for
    (``annotated``); they are empty otherwise.
    """

    criteria: LoadedSet
    table: Table
    partners: Mapping[str, Partner]
    robustness: Mapping[str, str] = field(default_factory=dict)
    review: Mapping[str, str] = field(default_factory=dict)
    consensus: Mapping[str, str] = field(default_factory=dict)   # verdict per partner, when members weigh
    left_out: tuple[Problem, ...] = ()      # the problems of partner files left out (--keep-going)
    decisions: Mapping[str, str] = field(default_factory=dict)   # the last review's decision in words
    _cards: dict[str, Scorecard] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def as_of(self) -> int:
        """The year the values were judged against."""
        return self.table.as_of

    @property
    def pillar_ids(self) -> tuple[str, ...]:
        """The set's pillars, in its order."""
        return tuple(self.table.spec.pillar_ids)

    @property
    def pillar_titles(self) -> dict[str, str]:
        """Each pillar's title by its id, in the set's order."""
        return {p: self.table.spec.cset.pillars[p].title for p in self.table.spec.pillar_ids}

    def outcome_index(self, partner_id: str) -> int:
        """The position of a partner's outcome among the set's outcomes (-1: too little evidence)."""
        return int(self.table.outcome[self._rows[partner_id]])

    def scores(self, pillar: int | None = None) -> list[float]:
        """Every partner's overall score (or that of the pillar at position ``pillar``), NaN where none."""
        column = self.table.overall if pillar is None else self.table.pillar[:, pillar]
        return [float(x) for x in column]

    @property
    def gate_members(self) -> dict[str, frozenset[str]]:
        """The gates each gate names (a composite's members; none for a simple gate)."""
        return {g.id: frozenset(g.member_ids) for g in self.table.spec.gates}

    @property
    def outcomes(self) -> tuple[Any, ...]:
        """The set's outcomes (``id``, ``title``, ``status``, ...), best first."""
        return tuple(self.table.spec.outcomes)

    def status_name(self, status: str | None) -> str:
        """A status by the title of the outcome that grants it (``Dialogue Partner``), else in words."""
        return self.table.spec.status_name(status)

    @cached_property
    def _rows(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.table.inputs.partner_ids)}

    def __getitem__(self, partner_id: str) -> Scorecard:
        if partner_id not in self._rows:
            raise UsageError(f"unknown partner '{partner_id}'{suggest(partner_id, self._rows)}")
        if partner_id not in self._cards:
            self._cards[partner_id] = self._card(partner_id)
        return self._cards[partner_id]

    def _card(self, partner_id: str, *, with_gap: bool = True) -> Scorecard:
        return build_scorecard(self.table, self.partners, self.criteria.sha256, self._rows[partner_id],
                               with_gap=with_gap)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ranked)

    def __len__(self) -> int:
        return len(self._rows)

    @cached_property
    def ranked(self) -> list[str]:
        """Partner ids, best overall score first, then by id (no score last)."""
        overall = self.table.overall
        ids = self.table.inputs.partner_ids
        return sorted(ids, key=lambda pid: (-np.nan_to_num(overall[self._rows[pid]], nan=-1.0), pid))

    def annotated(self, *, robustness: Mapping[str, str] | None = None,
                  review: Mapping[str, str] | None = None, consensus: Mapping[str, str] | None = None,
                  decisions: Mapping[str, str] | None = None) -> Result:
        """A copy with robustness verdicts, review states and consensus verdicts (SPEC sections 8, 6a
        and 12) filled in."""
        return dataclasses.replace(self, robustness=dict(robustness if robustness is not None else self.robustness),
                                   review=dict(review if review is not None else self.review),
                                   consensus=dict(consensus if consensus is not None else self.consensus),
                                   decisions=dict(decisions if decisions is not None else self.decisions))

    def row(self, partner_id: str) -> int:
        """The table row of a partner."""
        return self._rows[partner_id]

    def summary_rows(self) -> list[dict[str, Any]]:
        """One dict per partner, ranked: the summary columns of SPEC section 7."""
        t = self.table
        spec = t.spec
        meta = self._meta()
        rows = []
        for pid in self.ranked:
            i = self._rows[pid]
            row: dict[str, Any] = {"partner_id": pid, "partner_name": self.partners[pid].name, **meta,
                                   "overall": number_or_none(t.overall[i])}
            for k, pillar_id in enumerate(spec.pillar_ids):
                row[pillar_id] = number_or_none(t.pillar[i, k])
            k_out = int(t.outcome[i])
            row.update({
                "completeness": float(t.completeness[i]),
                "gates_passed": int(t.gate_pass[i].sum()),
                "gates_total": len(spec.gate_ids),
                "outcome": t.outcome_id(i),
                "outcome_title": outcome_title(spec, k_out),
                "robustness": self.robustness.get(pid, ""),
                "review": self.review.get(pid, ""),
                "status": t.held_status(i) or "",
                "status_change": t.review[i] if t.review else "",
            })
            if self.consensus:
                row["consensus"] = self.consensus.get(pid, "")
            rows.append(row)
        return rows

    def summary_columns(self) -> list[str]:
        """The summary columns in order, with one column per pillar."""
        return SUMMARY_FIXED + list(self.table.spec.pillar_ids) + SUMMARY_TAIL + ["consensus"] * bool(self.consensus)

    def long_rows(self, partner_ids: list[str] | None = None) -> list[dict[str, Any]]:
        """One dict per partner × gate and criterion: the long columns of SPEC section 7."""
        return list(self.iter_long_rows(partner_ids))

    def iter_long_rows(self, partner_ids: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """``long_rows`` one at a time, each partner's card built when reached and not kept (an export
        of many partners holds one card at a time); each row also has the source's ``url``."""
        keys = (*LONG_COLUMNS, "url")
        for row in self.iter_long_tuples(partner_ids):
            yield dict(zip(keys, row, strict=True))

    def iter_long_tuples(self, partner_ids: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """``iter_long_rows`` as tuples in the order of ``LONG_COLUMNS``, then the source's ``url``: what
        an export writes, without a dict per row. Only the items of each card are built."""
        cset = self.criteria.model
        meta = (cset.id, cset.version, self.criteria.sha256, self.as_of)
        weights = {c.id: round(float(w) * 100, 2) for c, w in zip(self.table.spec.criteria, self.table.spec.effective,
                                                                    strict=True)}
        for pid in sorted(partner_ids if partner_ids is not None else self._rows):
            card = self._cards.get(pid)
            name, gates, criteria = ((card.partner_name, card.gates, card.criteria) if card is not None
                                     else card_items(self.table, self.partners, self._rows[pid]))
            head = (pid, name, *meta)
            for g in gates:
                yield (*head, None, "gate", g.id, g.title, g.indicator, g.value, g.unit, g.year, g.source, g.status,
                       None, None, None, g.explanation, g.grade, g.url)
            for c in criteria:
                yield (*head, c.pillar, "criterion", c.id, c.title, c.indicator, c.value, c.unit, c.year, c.source,
                       c.status, c.points, weights[c.id], c.weighted_points, c.explanation,
                       c.grade, c.url)

    def _meta(self) -> dict[str, Any]:
        cset = self.criteria.model
        return {"criteria_set": cset.id, "criteria_version": cset.version,
                "criteria_sha256": self.criteria.sha256, "as_of": self.as_of}

    def summary(self) -> pd.DataFrame:
        """One row per partner, best first (SPEC section 7, ``--summary``)."""
        import pandas as pd

        return pd.DataFrame(self.summary_rows(), columns=self.summary_columns())

    def scorecards(self) -> pd.DataFrame:
        """One row per partner × gate and criterion (SPEC section 7)."""
        import pandas as pd

        return pd.DataFrame(self.long_rows(), columns=LONG_COLUMNS)



def score_partners(lset: LoadedSet, project: Project, partners: Mapping[str, Partner],
                   as_of: int | Cutoff, asked: Mapping[str, Request] | None = None) -> Result:
    """Score the given partners (partner files and any inline ones) against one set, as of the end of
    a year or at a decision's cutoff (``evidence.Cutoff``); ``asked``: the request each named
    partner is assessed on, whatever its file records (a decision's ``requested:``)."""
    spec = compile_set(lset.model, project.catalogue)
    inputs = engine.extract(spec, list(partners.values()), as_of, project.rates)
    cutoff = as_cutoff(as_of)
    ordered = [partners[pid] for pid in inputs.partner_ids]
    held = standing(spec, ordered, [cutoff] * len(ordered),
                    [asked.get(pid) for pid in inputs.partner_ids] if asked else None)
    return Result(lset, engine.score_table(spec, inputs, as_of, standing=held), partners)


def default_as_of(as_of: int | None, project: Project | None = None) -> int:
    """The as-of year asked for, else the one ``evaluator.yaml`` names, else the current year."""
    if as_of is not None:
        return as_of
    if project is not None and project.defaults.as_of is not None:
        return project.defaults.as_of
    return datetime.date.today().year


def score_project(project: Project, criteria: str | None = None, as_of: int | None = None) -> Result:
    """Score every partner of ``project``; the library entry point behind ``evaluator.score``."""
    lset = project.criteria_set(criteria)
    year = default_as_of(as_of, project)
    partners = {pid: lp.model for pid, lp in project.partners.items()}
    result = score_partners(lset, project, partners, year)
    return dataclasses.replace(result, left_out=tuple(project.left_out)) if project.left_out else result


__all__ = ["CriterionResult", "GateResult", "LONG_COLUMNS", "PillarResult", "Result", "Scorecard",
           "score_partners", "score_project"]
