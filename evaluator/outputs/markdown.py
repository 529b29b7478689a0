"""Markdown documents other than the report: the scorecard and the pull-request diff comment.
Every one renders through a Jinja template with every input escaped (``templating.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .templating import render_template

if TYPE_CHECKING:
    from ..workflow.diff import Diff
    from .views import PartnerView


def score_markdown(view: PartnerView) -> str:
    """One partner's scorecard as Markdown."""
    return render_template("score.md.j2", card=view.card)


def diff_markdown(diff: Diff) -> str:
    """A diff sized for a pull-request comment."""
    return render_template("diff.md.j2", diff=diff)
