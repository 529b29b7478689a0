"""What a YAML syntax error most likely means, said in the words of the person who typed it, at
the line where the typing went wrong (the parser's line is often the one after)."""

from __future__ import annotations

import re
from typing import Any

#: a line of ``key: value`` (the value not empty), as the parser reads a plain key
_KEY_VALUE = re.compile(r"^\s*(?:- )?[^\s#:'\"][^:#]*:\s+\S")
_OPENS = re.compile(r"^\s*(?:- )?[^\s#:'\"][^:#]*:\s*(?:#.*)?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _above(lines: list[str], k: int) -> int | None:
    """The index of the nearest line above ``k`` that holds more than a comment."""
    k -= 1
    while k >= 0 and (not lines[k].strip() or lines[k].lstrip().startswith("#")):
        k -= 1
    return k if k >= 0 else None


def explain(text: str, exc: Any) -> tuple[int, int, str]:
    """Line, column (1-based) and message for the ``yaml.MarkedYAMLError`` ``exc`` raised on ``text``."""
    problem = exc.problem or exc.context or "invalid YAML"
    mark = exc.problem_mark or exc.context_mark
    context = exc.context_mark
    lines = text.splitlines()
    k, col = (mark.line, mark.column) if mark is not None else (0, 0)
    here = lines[k] if 0 <= k < len(lines) else ""
    said = f"YAML syntax error: {problem}"
    if problem == "mapping values are not allowed in this context":
        if _KEY_VALUE.match(here[:col]):
            return k + 1, col + 1, (f"{said}; the value holds ': ', which YAML reads as a new key: put the "
                                    "whole value in double quotes")
        up = _above(lines, k)
        if up is not None:
            upper = _above(lines, up)
            if (upper is not None and _OPENS.match(lines[upper]) and _indent(lines[up]) <= _indent(lines[upper])
                    and _indent(here) > _indent(lines[upper])):
                return up + 1, _indent(lines[up]) + 1, (
                    f"YAML syntax error: this line is not indented under line {upper + 1} above it, which "
                    f"opens a mapping; indent it like line {k + 1} below it")
            return k + 1, _indent(here) + 1, (
                f"YAML syntax error: this line is indented deeper than line {up + 1} above it, which already "
                "has a value; keys of one mapping start in the same column")
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        return k + 1, col + 1, (f"{said}; this line does not line up with the lines above it: keys of one "
                                "mapping, and items of one list, start in the same column")
    if problem == "could not find expected ':'" and context is not None:
        return context.line + 1, context.column + 1, (
            "YAML syntax error: this line has no ':' after its key; write 'key: value' (a text that runs on "
            "over several lines goes in double quotes)")
    if problem == "found character that cannot start any token" and "\t" in here:
        return k + 1, col + 1, "YAML syntax error: a tab; YAML indents with spaces only"
    if problem == "found unexpected end of stream" and exc.context == "while scanning a quoted scalar":
        where = context if context is not None else mark
        return where.line + 1, where.column + 1, ("YAML syntax error: this quoted text is never closed; end it "
                                                  "with the same quote mark on the same line")
    return k + 1, col + 1, said
