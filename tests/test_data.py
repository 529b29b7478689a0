"""The bundled ASEAN data: complete, sourced, and true to the reference facts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import evaluator
from tests.conftest import REPO

PROJECT = evaluator.load(REPO)

DIALOGUE = ["australia", "canada", "china", "european-union", "india", "japan", "new-zealand",
            "republic-of-korea", "russia", "united-kingdom", "united-states"]
SECTORAL = ["brazil", "morocco", "norway", "pakistan", "south-africa", "switzerland", "turkiye",
            "united-arab-emirates"]
DEVELOPMENT = ["chile", "france", "germany", "italy", "netherlands"]


def test_every_current_partner_is_there_with_its_status() -> None:
    for ids, status in ((DIALOGUE, "dialogue-partner"), (SECTORAL, "sectoral-dialogue-partner"),
                        (DEVELOPMENT, "development-partner")):
        for pid in ids:
            assert PROJECT.partners[pid].model.status == status, pid
    assert len(DIALOGUE) + len(SECTORAL) + len(DEVELOPMENT) == 24
    assert {"colombia", "cuba"} <= set(PROJECT.partners)


def test_every_value_has_a_source_and_a_grade() -> None:
    for pid, partner in PROJECT.partners.items():
        for name in partner.model.indicators:
            for obs in partner.model.observations(name):
                assert obs.source.strip(), f"{pid}.{name} {obs.year}"
                assert obs.grade is not None, f"{pid}.{name} {obs.year}: no grade"


def test_every_criterion_and_gate_explains_itself() -> None:
    cset = PROJECT.sets["asean-dialogue-partner"].model
    assert cset.status == "draft" and cset.basis
    assert all(c.rationale for c in cset.criteria.values())
    assert {o.id for o in cset.outcomes} >= {"dialogue-partner", "sectoral-dialogue-partner",
                                            "development-partner", "not-recommended"}


# (partner, indicator, value, year): a sample checked against ../shared/reference/asean-facts.md
FACTS = [
    ("china", "trade_goods_usd", 772.4e9, 2024),          # 24th AEM-MOFCOM, USD bn
    ("china", "fdi_inflow_usd", 19.3e9, 2024),
    ("united-kingdom", "trade_goods_usd", 35.7e9, 2019),  # ASEAN Secretariat data
    ("united-kingdom", "fdi_inflow_usd", 6119.45e6, 2019),  # ASEANstats; 7.7 bn came from a news copy
    ("european-union", "trade_goods_usd", 292.8e9, 2024),
    ("republic-of-korea", "trade_goods_usd", 156.5e9, 2019),
    ("japan", "cooperation_fund_usd", 100e6, 2023),       # JAIF
    ("switzerland", "fdi_inflow_usd", 5.2e9, 2023),
    ("canada", "trade_goods_usd", 17.1e9, 2019),          # ASEAN data, not Canada's own
    # ASEANstats, Flows of Inward FDI into ASEAN by Source Country (USD m): evidence-sources.md
    ("china", "fdi_inflow_usd", 9035.70e6, 2019),
    ("china", "fdi_inflow_usd", 15538.98e6, 2022),
    ("japan", "fdi_inflow_usd", 27215.03e6, 2022),
    ("republic-of-korea", "fdi_inflow_usd", 7653.02e6, 2019),
    ("russia", "fdi_inflow_usd", 27.17e6, 2021),          # not the 1.7 bn of bilateral FDI (audit)
    ("norway", "fdi_inflow_usd", -590.78e6, 2022),
    ("turkiye", "fdi_inflow_usd", 55.33e6, 2022),
    ("netherlands", "fdi_inflow_usd", 6156.31e6, 2022),
    ("canada", "fdi_inflow_usd", 5012.63e6, 2019),
]


@pytest.mark.parametrize(("pid", "indicator", "value", "year"), FACTS)
def test_values_match_the_reference_facts(pid: str, indicator: str, value: float, year: int) -> None:
    entry = next(o for o in PROJECT.partners[pid].model.observations(indicator) if o.year == year)
    assert entry.value == pytest.approx(value, rel=1e-9)
    assert PROJECT.catalogue.indicators[indicator].unit == "USD"


@pytest.mark.parametrize(("pid", "year"), [("australia", 2005), ("japan", 2004), ("united-kingdom", 2012),
                                           ("european-union", 2012), ("germany", 2019), ("colombia", 2020),
                                           ("south-africa", 2020), ("norway", 2013)])
def test_tac_accession_years(pid: str, year: int) -> None:
    entry = PROJECT.partners[pid].model.indicators["tac_accession_year"]
    assert entry.value == year and entry.year is None     # a treaty accession never goes stale


def test_the_fdi_series_covers_2010_to_2022_for_every_partner() -> None:
    for pid, partner in PROJECT.partners.items():
        years = {o.year for o in partner.model.observations("fdi_inflow_usd") if o.source.startswith("ASEANstats")}
        assert years == set(range(2010, 2023)), pid


def test_values_not_in_the_facts_stay_out() -> None:
    assert "tac_accession_year" not in PROJECT.partners["switzerland"].model.indicators
    assert "tac_accession_year" not in PROJECT.partners["italy"].model.indicators
    assert "cooperation_fund_usd" not in PROJECT.partners["china"].model.indicators   # conflicting, low
    # disbursements, not pledges (audit): Switzerland's USD 9 m and Norway's USD 9.1 m (2017-2020);
    # Norway's USD 7 m fund pledged at its TAC accession (2013) is a pledge and stands
    assert "cooperation_fund_usd" not in PROJECT.partners["switzerland"].model.indicators
    assert [(o.value, o.year) for o in PROJECT.partners["norway"].model.observations("cooperation_fund_usd")] == [
        (7.0e6, 2013)]
    # New Zealand's 2025 Vision Fund is in NZD with no 2025 rate: only its USD 1 m of 2020 stands
    assert [(o.value, o.year) for o in PROJECT.partners["new-zealand"].model.observations("cooperation_fund_usd")] \
        == [(1.0e6, 2020)]
    assert PROJECT.partners["cuba"].model.indicators.keys() == {"partnership_level", "fdi_inflow_usd",
                                                                "tac_accession_year"}


def test_missing_shows_as_missing_not_zero() -> None:
    card = evaluator.score(PROJECT, as_of=2026)["switzerland"]
    tac = next(g for g in card.gates if g.id == "tac")
    assert tac.status == "no-data" and tac.value is None
    people = next(c for c in card.criteria if c.id == "people")
    assert people.status == "missing" and people.points is None


def test_the_shipped_backtest_is_a_golden_file(golden: Callable[..., None], monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from evaluator.cli import cli

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(cli, ["backtest"])
    assert result.exit_code == 0, result.output
    golden("backtest-asean.txt", result.stdout)
    result = CliRunner().invoke(cli, ["backtest", "--criteria", "asean-strategic-partnership"])
    assert result.exit_code == 0, result.output
    golden("backtest-asean-strategic.txt", result.stdout)


def test_every_status_has_its_history() -> None:
    without = set()
    for pid, partner in PROJECT.partners.items():
        model = partner.model
        if model.history:
            assert model.history[-1].status == model.status, pid
        else:
            without.add(pid)
            # nothing to keep: no status conferred, or none that a source dates
            assert model.status == "none" or model.since is None, pid
    # docs/bundled-data.md names these and says why
    assert without == {"colombia", "cuba", "netherlands", "bangladesh", "sri-lanka", "iran", "mongolia"}


def test_every_bundled_file_reads_the_same_without_libyaml() -> None:
    """PyYAML falls back to its pure-Python parser where libyaml is missing; that parser
    refuses some plain scalars libyaml takes (a '?' in a URL inside {...}), so the bundled
    files must read the same, value for value, with either."""
    import yaml

    files = sorted(p for folder in ("criteria", "partners", "examples", "members")
                   for p in (REPO / folder).rglob("*.yaml"))
    files.append(REPO / "evaluator.yaml")
    assert len(files) > 30
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=yaml.SafeLoader) == yaml.load(text, Loader=yaml.CSafeLoader), path


CORE = {("united-kingdom", 2021): "dialogue-partner", ("germany", 2016): "development-partner",
        ("norway", 2015): "sectoral-dialogue-partner", ("switzerland", 2016): "sectoral-dialogue-partner",
        ("turkiye", 2017): "sectoral-dialogue-partner", ("colombia", 2020): "none", ("cuba", 2020): "none"}


def test_the_core_decisions_are_on_file_with_their_sources_and_replay() -> None:
    decisions = {(d.partner, d.year): d for d in PROJECT.decisions["asean-dialogue-partner"][0].decisions}
    for key, status in CORE.items():
        assert decisions[key].status == status and decisions[key].url, key
    test = evaluator.backtest(PROJECT, criteria="asean-dialogue-partner")
    replays = {(r.partner_id, r.year): r for r in test.replays}
    assert {key: replays[key].agree for key in CORE} == {
        ("united-kingdom", 2021): False,       # an exception to the moratorium, as the record says
        ("germany", 2016): True, ("norway", 2015): True,
        ("switzerland", 2016): True,           # a Sectoral Dialogue Partner without the TAC, as ASEAN made it
        ("turkiye", 2017): True, ("colombia", 2020): True, ("cuba", 2020): True}
    assert "closed to partners that do not hold it by the Moratorium" in replays[("united-kingdom", 2021)].why


def test_the_decisions_hold_their_negatives() -> None:
    found = [d for name in ("asean-dialogue-partner", "asean-strategic-partnership")
             for d in PROJECT.decisions[name][0].decisions]
    test = evaluator.backtest(PROJECT, criteria="asean-dialogue-partner")
    assert len(found) >= 30
    assert sum(r.negative for r in test.replays) >= 6


def test_the_decisions_not_reproduced_for_want_of_records_are_told_apart() -> None:
    """A replay that stops at a gate without data is an evidence gap, not a verdict: the moratorium
    (the United Kingdom) and a recommendation beyond the decision (Russia 2016) are not such gaps."""
    wanting = {name: [(r.partner_id, r.year) for r in evaluator.backtest(PROJECT, criteria=name).wanting()]
               for name in ("asean-dialogue-partner", "asean-strategic-partnership")}
    assert wanting == {"asean-dialogue-partner": [("morocco", 2023)],
                       "asean-strategic-partnership": [("australia", 2014), ("new-zealand", 2015), ("russia", 2018)]}
