"""How authoritative the evidence is: the share of each source grade (``evaluator sources``).

Every observation may carry a ``grade`` (``choices.GRADES``: official statistics, an official
statement or document, a news agency, secondary). The report counts them over every
observation of the partner files, over the observations a criteria set actually scores as of a
year (a window of three years is three observations, each with its own grade), and over the
values it scores (a window counts once, with the lowest grade of the years it used).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..base.choices import GRADES
from ..loading.project import LoadedSet, Project
from ..scoring.engine import SCORED
from ..scoring.evidence import Reading
from ..scoring.result import score_project

UNGRADED = "ungraded"


@dataclass(frozen=True)
class GradeRow:
    """One grade: how many observations, how many scored observations and how many scored values
    have it."""

    grade: str
    observations: int
    scored: int                     # values scored
    scored_observations: int = 0    # observations the scored values read


@dataclass(frozen=True)
class Sources:
    """The grades of a project's evidence, overall and as scored by one set as of one year."""

    criteria: LoadedSet
    as_of: int
    rows: list[GradeRow]

    def _official(self, counts: list[int]) -> float:
        """The share of ``counts`` (one per row) in the official grades (0..1)."""
        total = sum(counts)
        official = sum(n for r, n in zip(self.rows, counts, strict=True) if r.grade in GRADES[:2])
        return official / total if total else 0.0

    @property
    def official_share(self) -> float:
        """The share of scored values from official statistics or official statements (0..1)."""
        return self._official([r.scored for r in self.rows])

    @property
    def official_share_observations(self) -> float:
        """The share of scored observations from official statistics or official statements (0..1)."""
        return self._official([r.scored_observations for r in self.rows])


def count_grades(project: Project, criteria: str | None = None, as_of: int | None = None) -> Sources:
    """Count the source grades of every observation, and of the values the set scores."""
    every: Counter[str] = Counter()
    for loaded in project.partners.values():
        model = loaded.model
        for name in model.indicators:
            every.update(o.grade or UNGRADED for o in model.observations(name))
    result = score_project(project, criteria, as_of)
    table = result.table
    scored: Counter[str] = Counter()
    read: Counter[str] = Counter()
    for i, row in enumerate(table.inputs.observed):
        for j, entry in enumerate(row):
            if entry is not None and table.status[i, j] == SCORED:
                scored[entry.grade or UNGRADED] += 1
                grades = entry.grades if isinstance(entry, Reading) else (entry.grade,)
                read.update(g or UNGRADED for g in grades)
    rows = [GradeRow(g, every[g], scored[g], read[g])
            for g in (*GRADES, UNGRADED) if every[g] or scored[g] or g in GRADES]
    return Sources(result.criteria, result.as_of, rows)
