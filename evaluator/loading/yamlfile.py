"""Strict YAML reading: YAML 1.2 core scalars, every refusal with its line and column.

PyYAML's C parser gives the event stream; the tree is built here rather than by PyYAML's
constructor, so that:

* scalars follow the YAML 1.2 core schema (``1.0e9`` is a number, ``NO``/``yes`` are text,
  dates, ``012``, ``0o17`` and ``1:20`` stay text);
* anchors, aliases and tags are refused at the first event (no alias bomb is ever expanded);
* duplicate keys, several documents and deep nesting are refused with the node's position;
* every node's position can be had, so that a model error can be mapped back to a line. A file
  is first parsed without them (most files have no problem, and recording a position for every
  node is most of the parsing time); the first question about a position parses it again with
  positions, from the same bytes.

Some problems are found before parsing because the parser places them badly or not at all:
invalid UTF-8, size, conflict markers, tabs and no-break spaces in indentation.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..base.errors import DataError, Problem, display_path
from . import yamlhints

MAX_BYTES = 1 << 20
MAX_DEPTH = 64
MAX_INT_DIGITS = 300     # any integer a float can hold (below 1e308) is shorter

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_CONFLICT = re.compile(r"(?:<{7}|={7}|>{7}|\|{7})(?: |$)")
_ANY_CONFLICT = re.compile(r"^(?:<{7}|={7}|>{7}|\|{7})(?: |$)", re.MULTILINE)

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """A parsed file: its data, and the position of every node and every mapping key.

    Positions are kept packed in one integer each (line << 20 | column): a million of them
    cost little memory and nothing to the garbage collector.
    """

    path: Path
    display: str
    data: dict[str, Any]
    sha256: str
    positions: dict[Loc, int] = field(default_factory=dict)
    key_positions: dict[Loc, int] = field(default_factory=dict)
    raw: bytes | None = field(default=None, repr=False)   # the bytes, while positions are not yet parsed

    def forget_positions(self) -> None:
        """Drop the node positions once the file is checked (they are only for messages)."""
        self.positions = {}
        self.key_positions = {}
        self.raw = None

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the node at ``loc`` (its key when ``key``), or of its nearest parent."""
        if self.raw is not None:                       # parsed without positions: parse them now
            placed = parse_bytes(self.raw, self.path, self.display, positions=True)
            self.positions, self.key_positions, self.raw = placed.positions, placed.key_positions, None
        loc = tuple(loc)
        if key and loc in self.key_positions:
            return _position(self.key_positions[loc])
        while loc and loc not in self.positions:
            loc = loc[:-1]
        return _position(self.positions[loc]) if loc in self.positions else (1, 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False, warning: bool = False) -> Problem:
        """A problem (or a warning) located at the node (or key) at ``loc``."""
        line, col = self.where(loc, key=key)
        return Problem(self.display, line, col, message, warning)


def _position(packed: int) -> tuple[int, int]:
    return (packed >> 20) + 1, (packed & 0xFFFFF) + 1


def _pack(mark: Any) -> int:
    return int((mark.line << 20) | min(mark.column, 0xFFFFF))


class _Again(Exception):
    """Raised without positions where a message needs one recorded earlier: parse with positions."""


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def scalar(text: str) -> Any:
    """Resolve a plain scalar by the YAML 1.2 core schema, narrowed as the contract says.

    ``012``, ``0o17`` and ``0x1f`` stay text: a leading zero is how an id or a code is
    written, never how a count is.
    """
    if text in _NULLS:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text[0] not in _NUMBER_START:
        return text                      # the common case: plain text
    if _INT.fullmatch(text):
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise ValueError(f"the number {text[:12]}... has {len(text.lstrip('+-'))} digits; numbers above "
                             "1e300 cannot be scored (write it in scientific notation, e.g. 1.5e12)")
        return int(text)
    if _FLOAT.fullmatch(text):
        number = float(text)
        if not math.isfinite(number):
            raise ValueError(f"the number {text} is too large to be represented")
        return number
    if _SPECIAL_FLOAT.fullmatch(text):
        raise ValueError(f"'{text}' is not allowed: numbers must be finite (no NaN or infinity)")
    return text


def _mark(event: Any) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _Builder:
    def __init__(self, get_event: Any, keep: bool) -> None:
        self.next = get_event
        self.keep = keep                   # record every node's and key's position
        self.positions: dict[Loc, int] = {}
        self.key_positions: dict[Loc, int] = {}

    @staticmethod
    def refuse(event: Any) -> None:
        line, col = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(line, col, f"aliases (*{event.anchor}) are not allowed; write the value out")
        if getattr(event, "anchor", None) is not None:
            raise _Refused(line, col, f"anchors (&{event.anchor}) are not allowed; write each value out")
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        raise _Refused(line, col, f"tags ({tag}) are not allowed; remove the tag")

    @staticmethod
    def plain(event: Any) -> Any:
        """A scalar event's value (without tag or anchor), as ``node`` reads it."""
        if event.implicit[0]:
            try:
                return scalar(event.value)
            except ValueError as exc:
                raise _Refused(*_mark(event), str(exc)) from None
        return event.value

    def node(self, event: Any, loc: Loc, depth: int) -> Any:
        kind = type(event)
        if kind is _ALIAS or event.anchor is not None or event.tag is not None:
            self.refuse(event)
        if depth > MAX_DEPTH:
            line, col = _mark(event)
            raise _Refused(line, col, f"nesting is deeper than {MAX_DEPTH} levels")
        keep = self.keep
        if keep:
            self.positions[loc] = _pack(event.start_mark)
        if kind is _SCALAR:
            return self.plain(event)
        if kind is _SEQUENCE:
            items: list[Any] = []
            while type(child := self.next()) is not _SEQUENCE_END:
                if not keep and type(child) is _SCALAR and child.anchor is None and child.tag is None:
                    items.append(self.plain(child))      # a scalar inline: most nodes are, and need no position
                else:
                    items.append(self.node(child, (*loc, len(items)) if keep else loc, depth + 1))
            return items
        if kind is _MAPPING:
            mapping: dict[str, Any] = {}
            while type(key_event := self.next()) is not _MAPPING_END:
                if type(key_event) is not _SCALAR:
                    if type(key_event) is _ALIAS:
                        self.refuse(key_event)
                    raise _Refused(*_mark(key_event), "a key must be plain text, not a list or mapping")
                if key_event.anchor is not None or key_event.tag is not None:
                    self.refuse(key_event)
                key = key_event.value
                if key in mapping:
                    if not keep:
                        raise _Again
                    first = _position(self.key_positions[(*loc, key)])
                    raise _Refused(
                        *_mark(key_event),
                        f"duplicate key '{key}' (first defined at line {first[0]}); keep one",
                    )
                if keep:
                    child_loc = (*loc, key)
                    self.key_positions[child_loc] = _pack(key_event.start_mark)
                    mapping[key] = self.node(self.next(), child_loc, depth + 1)
                else:
                    child = self.next()
                    if type(child) is _SCALAR and child.anchor is None and child.tag is None:
                        mapping[key] = self.plain(child)
                    else:
                        mapping[key] = self.node(child, loc, depth + 1)
            return mapping
        raise _Refused(*_mark(event), f"unexpected YAML event {kind.__name__}")


_ALIAS, _SCALAR = yaml.AliasEvent, yaml.ScalarEvent
_SEQUENCE, _SEQUENCE_END = yaml.SequenceStartEvent, yaml.SequenceEndEvent
_MAPPING, _MAPPING_END = yaml.MappingStartEvent, yaml.MappingEndEvent
_NUMBER_START = frozenset("0123456789+-.")


def _prescan(text: str) -> list[tuple[int, int, str]]:
    if "\t" not in text and "\u00a0" not in text and not _ANY_CONFLICT.search(text):
        return []                        # the common case, found without a look at each line
    found: list[tuple[int, int, str]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if _CONFLICT.match(line):
            found.append((number, 1, "merge-conflict marker; resolve the conflict and remove the marker lines"))
            continue
        if not line.strip():
            continue
        for col, char in enumerate(line, start=1):
            if char == "\t":
                found.append((number, col, "tab in indentation; indent with spaces"))
            elif char == "\u00a0":
                found.append((number, col, "no-break space in indentation; indent with plain spaces"))
            elif char == " ":
                continue
            break
    return found


def _offset_position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _read_bytes(path: Path, shown: str) -> bytes:
    """At most ``MAX_BYTES + 1`` bytes of a regular file; a pipe or device is refused, never waited on."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise DataError([Problem(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise DataError([Problem(shown, 1, 1, "not a regular file (a folder, pipe or device); "
                                                  "data files are regular files")])
        try:
            return stream.read(MAX_BYTES + 1)
        except OSError as exc:
            raise DataError([Problem(shown, 1, 1, f"cannot read the file: {exc.strerror or exc}")]) from None


def read_document(path: Path, display: str | None = None) -> Document:
    """Read one data file strictly; raise ``DataError`` naming the line and column of the problem."""
    shown = display if display is not None else display_path(path)
    return parse_bytes(_read_bytes(path, shown), path, shown)


def parse_bytes(raw: bytes, path: Path, shown: str, *, positions: bool = False) -> Document:
    """The bytes of a data file (read, or about to be written) parsed strictly, as ``read`` does;
    ``positions``: record every node's position now, not at the first question about one."""

    def fail(line: int, col: int, message: str) -> DataError:
        return DataError([Problem(shown, line, col, message)])

    if len(raw) > MAX_BYTES:
        raise fail(1, 1, "the file is larger than 1 MiB; split it or remove what is not data")
    digest = hashlib.sha256(raw).hexdigest()
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(body, exc.start)
        raise fail(line, col, "invalid UTF-8; save the file as UTF-8") from None
    found = _prescan(text)
    if found:
        raise DataError(Problem(shown, line, col, msg) for line, col, msg in found)

    loader = _Loader(body)
    builder = _Builder(loader.get_event, positions)
    try:
        loader.get_event()  # stream start
        first = loader.get_event()
        if isinstance(first, yaml.StreamEndEvent):
            raise _Refused(1, 1, "the file is empty; it must hold a mapping of keys")
        root_event = loader.get_event()
        data = builder.node(root_event, (), 1)
        if not isinstance(data, dict):
            raise _Refused(*_mark(root_event), "the top level must be a mapping of keys, not a list or a value")
        loader.get_event()  # document end
        after = loader.get_event()
        if isinstance(after, yaml.DocumentStartEvent):
            raise _Refused(*_mark(after), "more than one YAML document; keep one document per file")
    except _Again:
        return parse_bytes(raw, path, shown, positions=True)
    except _Refused as exc:
        raise fail(exc.line, exc.column, exc.message) from None
    except yaml.MarkedYAMLError as exc:
        raise fail(*yamlhints.explain(text, exc)) from None
    except yaml.reader.ReaderError as exc:
        line, col = _offset_position(body, exc.position)
        raise fail(line, col, f"character not allowed in YAML: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise fail(1, 1, f"YAML error: {exc}") from None
    finally:
        loader.dispose()
    return Document(path, shown, data, digest, builder.positions, builder.key_positions,
                    None if positions else raw)
