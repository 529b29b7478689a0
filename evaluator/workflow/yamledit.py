"""Data files edited as YAML, keeping their comments, key order and layout: the one round-trip
factory (``ruamel.yaml``) behind ``import`` and ``review``.

``round_trip`` loads a file with the first indentation that writes the unchanged data back byte
for byte (or, for a file written by hand, the one that changes the fewest lines); ``dumped``
writes the data it returned, changed, with the same instance.
"""

from __future__ import annotations

import io
from typing import Any


class YamlNumber(str):
    """A number's YAML text, written as it is."""


def _yaml(indent: tuple[int, int, int]) -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    yaml.representer.add_representer(YamlNumber, lambda r, d: r.represent_scalar("tag:yaml.org,2002:float", str(d)))
    return yaml


def round_trip(old: bytes, *, exact: bool = True) -> tuple[Any, Any] | None:
    """The file loaded by a YAML instance whose output of the unchanged data is ``old`` exactly; with
    ``exact`` false, the first whose output differs from it in under 2 % of the lines, else the one
    differing in the fewest (alignment spaces inside a line may not survive)."""
    from ruamel.yaml.util import load_yaml_guess_indent

    _, guessed, dash = load_yaml_guess_indent(old.decode("utf-8-sig"))
    candidates = [(2, 4, 2), (2, 2, 0), (4, 4, 2)]         # mapping, sequence and dash indents
    if dash is not None:
        candidates.insert(0, (2, guessed, dash))        # a file with a sequence shows its own
    best: tuple[int, Any, Any] | None = None
    lines = old.splitlines()
    for indent in candidates:
        yaml = _yaml(indent)
        data = yaml.load(old)
        out = io.BytesIO()
        yaml.dump(data, out)
        if out.getvalue() == old:
            return yaml, data
        if exact:
            continue
        changed = sum(a != b for a, b in zip(lines, out.getvalue().splitlines(), strict=False))
        if best is None or changed < best[0]:
            best = (changed, yaml, data)
        if changed * 50 < len(lines):                   # alignment spaces in a few lines: good enough
            break
    return None if best is None else (best[1], best[2])


def dumped(yaml: Any, data: Any) -> bytes:
    """``data`` written by the ``yaml`` instance ``round_trip`` returned."""
    out = io.BytesIO()
    yaml.dump(data, out)
    return out.getvalue()
