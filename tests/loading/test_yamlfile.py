"""The strict reader: one fixture file per refusal, each with its exact messages."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from evaluator.base.errors import DataError
from evaluator.loading.reading import collect
from evaluator.loading.yamlfile import read_document, scalar
from tests.conftest import DATA

INVALID = sorted((DATA / "invalid").glob("*.yaml"))


def _fixture(path: Path) -> tuple[str, bytes, list[str]]:
    raw = path.read_bytes()
    target = raw.split(b"\n", 1)[0].decode().removeprefix("# file: ")
    this_year = str(datetime.date.today().year)      # "{this_year}" in a fixture: the current year
    expected = [line.decode("utf-8").removeprefix("# expect: ").replace("{this_year}", this_year)
                for line in raw.splitlines() if line.startswith(b"# expect: ")]
    return target, raw, expected


def test_there_is_a_fixture_per_refusal() -> None:
    assert len(INVALID) >= 30


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_invalid_fixture_gives_its_exact_messages(path: Path, root: Path) -> None:
    target, raw, expected = _fixture(path)
    assert expected, "the fixture names no expected message"
    (root / target).parent.mkdir(exist_ok=True)
    (root / target).write_bytes(raw)
    _, problems = collect(root)
    assert [str(p) for p in problems] == expected


def test_file_over_one_mib_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"note: " + b"x" * (1 << 20) + b"\n")
    with pytest.raises(DataError) as info:
        read_document(path, "big.yaml")
    assert str(info.value) == "big.yaml:1:1: the file is larger than 1 MiB; split it or remove what is not data"


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: x\nname: Nguy\xe1\xbb\x85n\n")
    doc = read_document(path, "bom.yaml")
    assert doc.data == {"id": "x", "name": "Nguyễn"}
    assert doc.where(("name",)) == (2, 7)


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(20)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    with pytest.raises(DataError) as info:
        read_document(path, "bomb.yaml")
    assert time.perf_counter() - start < 1.0
    assert str(info.value) == "bomb.yaml:1:4: anchors (&a) are not allowed; write each value out"


@pytest.mark.parametrize(("text", "value"), [
    ("1.0e9", 1.0e9), ("1.5e10", 1.5e10), ("3e11", 3e11), ("-2", -2), ("0", 0), ("0.5", 0.5),
    (".5", 0.5), ("+7", 7), ("true", True), ("False", False), ("TRUE", True),
    ("~", None), ("null", None), ("", None),
    ("yes", "yes"), ("no", "no"), ("on", "on"), ("off", "off"), ("NO", "NO"), ("Yes", "Yes"),
    ("012", "012"), ("0o17", "0o17"), ("0x1F", "0x1F"), ("1:20", "1:20"), ("1_000", "1_000"),
    ("2024-05-01", "2024-05-01"), ("2023-02-30", "2023-02-30"), ("1e", "1e"),
])
def test_scalars_follow_yaml_1_2_core(text: str, value: object) -> None:
    got = scalar(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1e400"])
def test_non_finite_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        scalar(text)


def test_positions_of_nested_nodes(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("a:\n  b: [1, {c: 2}]\n")
    doc = read_document(path, "p.yaml")
    assert doc.where(("a", "b", 1, "c")) == (2, 14)
    assert doc.where(("a", "b"), key=True) == (2, 3)
    assert doc.where(("a", "nothing")) == (2, 3)


def test_fixture_root_is_valid(root: Path) -> None:
    project, problems = collect(root)
    assert problems == []
    assert project is not None and sorted(project.partners) == ["alpha", "beta", "gamma", "hostile"]



def test_positions_are_parsed_at_the_first_question_about_one(tmp_path: Path) -> None:
    from evaluator.loading.yamlfile import parse_bytes

    raw = b"id: x\nindicators:\n  trade:\n    - {value: 5, year: 2020}\n    - {value: 7, year: 2021}\n"
    lazy = parse_bytes(raw, tmp_path / "x.yaml", "x.yaml")
    eager = parse_bytes(raw, tmp_path / "x.yaml", "x.yaml", positions=True)
    assert lazy.data == eager.data and lazy.positions == {} and lazy.raw == raw and eager.raw is None
    assert lazy.where(("indicators", "trade", 1, "year")) == eager.where(("indicators", "trade", 1, "year")) == (5, 24)
    assert lazy.positions == eager.positions and lazy.raw is None            # parsed once, then kept
    lazy.forget_positions()
    assert lazy.where(("indicators",)) == (1, 1)


def test_a_duplicate_key_names_its_first_line_whether_or_not_positions_were_asked_for(tmp_path: Path) -> None:
    from evaluator.loading.yamlfile import parse_bytes

    raw = b"id: x\nname: A\nnote: n\nname: B\n"
    for positions in (False, True):
        with pytest.raises(DataError) as info:
            parse_bytes(raw, tmp_path / "x.yaml", "x.yaml", positions=positions)
        assert str(info.value) == "x.yaml:4:1: duplicate key 'name' (first defined at line 2); keep one"
