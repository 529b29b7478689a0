"""The commands that check and show: validate, partners, schema, score, rank, history, sensitivity,
test, consensus, sources."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..base.choices import (
    CONCENTRATION,
    CONCENTRATION_MIN,
    DRAWS,
    SCHEMA_KINDS,
    SEED,
    YEAR_MAX,
    YEAR_MIN,
)
from ..base.text import plural, visible
from .options import (
    _left_out,
    complete_set,
    criteria_option,
    format_option,
    keep_going_option,
    members_option,
    partner_argument,
    root_option,
    scoring_options,
    show,
)
from .program import cli


@cli.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@root_option
def validate_command(paths: tuple[Path, ...], root: Path | None) -> None:
    """Check the catalogue, criteria sets, tests, reviews and partner files.

    Prints one line per problem as FILE:LINE:COL: message, every problem of every file,
    sorted by file and line, then a summary. Exits 1 when there is any problem.
    Likely mistakes that do not stop loading (a weight more than ten times its
    siblings', a status no criteria set grants) are printed as warnings on
    standard error and leave the exit status 0.

    Example:

        evaluator validate partners/united-kingdom.yaml
    """
    from ..library import validate as check

    files, found = check(paths, root)
    problems = [p for p in found if not p.warning]
    warnings = [p for p in found if p.warning]
    for problem in found:
        click.echo(visible(str(problem)), err=problem.warning)
    also = f"; {plural(len(warnings), 'warning')}" if warnings else ""
    if problems:
        where = plural(len({p.path for p in problems}), "file")
        click.echo(f"{plural(len(problems), 'problem')} in {where} ({files} checked{also})", err=True)
        sys.exit(1)
    click.echo(f"{plural(files, 'file')} checked, no problems{also}", err=True)


@cli.command(name="partners")
@root_option
def partners_command(root: Path | None) -> None:
    """List the partners: id (what the other commands take), name, status held, codes.

    Example:

        evaluator partners
    """
    from ..library import load
    from ..outputs.text import partner_list

    click.echo(partner_list(load(root)), nl=False)


@cli.command(name="schema")
@click.argument("kind", type=click.Choice(SCHEMA_KINDS))
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a kind of data file, for editors.

    Example:

        evaluator schema partner > schemas/partner.schema.json
    """
    import json

    from ..library import schema as schema_for

    click.echo(json.dumps(schema_for(kind), indent=2, sort_keys=True))


@cli.command(name="score")
@partner_argument()
@scoring_options
@format_option("score")
@root_option
def score_command(partner: str, criteria: str | None, as_of: int | None, fmt: str, root: Path | None) -> None:
    """Show one partner's scorecard: outcome and why, gates, pillars, criteria, caveats, gap.

    Every point is traced to a rule and every value to its year and source. The last part
    says what it would take to reach the next better outcome.

    Example:

        evaluator score united-kingdom --as-of 2024 --format markdown
    """
    from .. import library as lib

    show("score", fmt, lib.scorecard(lib.load(root), partner, criteria=criteria, as_of=as_of))


@cli.command(name="rank")
@scoring_options
@format_option("rank")
@click.option("--robustness", is_flag=True,
              help="Add each partner's robustness verdict (10,000 weight draws, seed 0).")
@click.option("--consensus", is_flag=True,
              help="Add each partner's verdict under the member states' weights (members/ of the root).")
@members_option
@keep_going_option
@root_option
def rank_command(criteria: str | None, as_of: int | None, fmt: str, robustness: bool, consensus: bool,
         members: Path | None, keep_going: bool, root: Path | None) -> None:
    """Rank all partners, best overall score first, with pillars, completeness and outcome.

    Example:

        evaluator rank --as-of 2024 --robustness
    """
    from .. import library as lib

    found = lib.rank(lib.load(root, keep_going=keep_going), criteria=criteria, as_of=as_of, robustness=robustness,
                     consensus=consensus, members=members)
    show("rank", fmt, found)
    _left_out(found.left_out)


@cli.command(name="history")
@partner_argument(required=False)
@click.option("--from", "start", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None,
              help="The first as-of year (default: the first year of a yearly figure).")
@click.option("--to", "end", type=click.IntRange(YEAR_MIN, YEAR_MAX), default=None,
              help="The last as-of year (default: as_of in evaluator.yaml, else the current year).")
@criteria_option
@format_option("history")
@root_option
def history_command(partner: str | None, start: int | None, end: int | None, criteria: str | None, fmt: str,
            root: Path | None) -> None:
    """Outcome, overall and pillar scores of one or all partners for every as-of year.

    Each year sees only what was dated by its end (a yearly figure from the year it is
    published); ▲ and ▼ mark where the outcome moved.

    Example:

        evaluator history new-zealand --from 2015 --to 2026
    """
    from .. import library as lib

    show("history", fmt, lib.history(lib.load(root), partner, criteria=criteria, start=start, end=end))


@cli.command(name="sensitivity")
@partner_argument()
@scoring_options
@click.option("--draws", type=click.IntRange(1, 1_000_000), default=DRAWS, show_default=True,
              help="How many weight draws.")
@click.option("--concentration", type=click.FloatRange(CONCENTRATION_MIN, None), default=CONCENTRATION,
              show_default=True,
              help="Dirichlet concentration: higher keeps the draws closer to the set's weights "
                   f"(at least {CONCENTRATION_MIN}).")
@click.option("--seed", type=click.IntRange(0, 2**32 - 1), default=SEED, show_default=True,
              help="Random seed; the same seed gives the same output.")
@format_option("sensitivity")
@root_option
def sensitivity_command(partner: str, criteria: str | None, as_of: int | None, draws: int, concentration: float,
                seed: int, fmt: str, root: Path | None) -> None:
    """Show how robust a partner's outcome is to the weights that were chosen.

    Draws pillar and criterion weights around the set's weights and re-scores the partner
    each time: the share of draws that keep the outcome (robust at 90 % or more, fragile
    below 60 %), the other outcomes reached, the 5th, 50th and 95th percentile of the overall
    score, and for each pillar and criterion the smallest change of its weight alone that
    changes the outcome.

    Example:

        evaluator sensitivity united-kingdom --draws 10000 --seed 0
    """
    from .. import library as lib

    show("sensitivity", fmt, lib.sensitivity(lib.load(root), partner, criteria=criteria, as_of=as_of, draws=draws,
                                             concentration=concentration, seed=seed))


@cli.command(name="test")
@click.option("--criteria", default=None, metavar="SET", shell_complete=complete_set,
              help="Run only the tests of this criteria set (an id, or the path of a set file).")
@root_option
def test_command(criteria: str | None, root: Path | None) -> None:
    """Run the expected outcomes in criteria/<set-id>.tests.yaml.

    Prints one line per case: PASS, or FAIL with what was expected and what came out.
    Exits 1 when any case fails, so a criteria edit that changes a result is seen.

    Example:

        evaluator test --criteria asean-dialogue-partner
    """
    from .. import library as lib

    results = lib.run_tests(lib.load(root), criteria=criteria)
    show("test", "table", results)
    failed = sum(not c.passed for c in results)
    click.echo(f"{len(results) - failed} passed, {failed} failed", err=True)
    if not results:
        click.echo("no criteria tests found (criteria/<set-id>.tests.yaml)", err=True)
    if failed or not results:
        sys.exit(1)


@cli.command(name="consensus")
@partner_argument(required=False)
@scoring_options
@members_option
@format_option("consensus")
@root_option
def consensus_command(partner: str | None, criteria: str | None, as_of: int | None, members: Path | None, fmt: str,
              root: Path | None) -> None:
    """Whether each recommendation holds under every member state's weights.

    Scores every partner (or PARTNER) once per member file in members/ (weights, a ranking
    of the pillars, or pairwise comparisons), gives the verdict (unanimous, consensus-minus-N
    naming the N, or no-consensus), and for each dissenting member the smallest share of its
    weight that would have to move to give the majority's outcome.

    Example:

        evaluator consensus --members examples/consensus/members
    """
    from .. import library as lib

    show("consensus", fmt, lib.consensus(lib.load(root), partner, criteria=criteria, as_of=as_of, members=members))


@cli.command(name="sources")
@scoring_options
@format_option("sources")
@root_option
def sources_command(criteria: str | None, as_of: int | None, fmt: str, root: Path | None) -> None:
    """How authoritative the evidence is: the share of each source grade.

    Counts every observation's grade (official statistics, official statement, news agency,
    secondary); the grades of the observations the criteria set scores as of the year (a
    window of three years is three observations); and the grades of the values it scores (a
    window counts once, at the lowest grade of its years).

    Example:

        evaluator sources --as-of 2026
    """
    from .. import library as lib

    show("sources", fmt, lib.sources(lib.load(root), criteria=criteria, as_of=as_of))


