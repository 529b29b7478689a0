"""Pydantic errors turned into ``FILE:LINE:COL: path: message`` problems.

Messages are keyed on the error ``type`` (never on pydantic's English text), inputs are never
rendered whole (a long or hostile value cannot flood a message), and every error is placed at
the YAML node it concerns: the key for an unknown key, the value otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..base.errors import Problem
from ..base.text import suggest
from .yamlfile import Document, Loc

M = TypeVar("M", bound=BaseModel)

#: the tags of tagged unions (``Discriminator``) that pydantic puts in an error's location
UNION_TAGS = frozenset({"mapping", "list", "text", "bool", "number"})

DIGITS_HINT = " (write digits only: no quotes, leading zeros, units or dates)"


def short(value: Any, limit: int = 40) -> str:
    """A value for a message: quoted text, cut to ``limit`` characters."""
    text = repr(value) if isinstance(value, str) else str(value)
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "an empty value"
    elif isinstance(value, list):
        text = "a list"
    elif isinstance(value, dict):
        text = "a mapping"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def dotted(loc: Sequence[str | int]) -> str:
    """``('criteria', 'trade', 'score')`` → ``criteria.trade.score``; list items as ``[i]``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _data_loc(data: Any, loc: Sequence[str | int]) -> tuple[Loc, Any, bool]:
    """Follow ``loc`` through the data, skipping pydantic's union tags and '[key]' markers.

    Returns the location in the data, the node found there and whether ``loc`` ended on a key.
    """
    node: Any = data
    path: list[str | int] = []
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if part in UNION_TAGS and not (isinstance(node, dict) and part in node):
            continue                      # the tag of the form a value took (one observation or a list)
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif part == "in_" and isinstance(node, dict) and "in" in node:
            node = node["in"]
            path.append("in")
        elif isinstance(node, dict | list):
            path.append(part)
            node = None
    return tuple(path), node, is_key


def _expected(kind: str) -> str:
    return {
        "float_type": "a number",
        "int_type": "a whole number",
        "bool_type": "true or false",
        "string_type": "text",
        "list_type": "a list",
        "dict_type": "a mapping",
        "model_type": "a mapping",
        "model_attributes_type": "a mapping",
    }.get(kind, "another type")


def _message(error: dict[str, Any], node: Any, model: type[BaseModel], loc: Loc) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        field = str(loc[-1])
        return f"unknown key '{field}'{suggest(field, _allowed_keys(model, loc[:-1]))}"
    if kind == "missing":
        if loc[-1] == "source":
            return "required: every value must say where it comes from"
        return "required; add this key"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind in {"float_type", "int_type", "bool_type", "string_type", "list_type", "dict_type",
                "model_type", "model_attributes_type"}:
        hint = ""
        if isinstance(node, str) and kind in {"float_type", "int_type"}:
            hint = DIGITS_HINT
        if kind == "string_type" and isinstance(node, int | float) and not isinstance(node, bool):
            hint = " (put it in quotes)"
        return f"expected {_expected(kind)}, got {short(node)}{hint}"
    if kind == "int_from_float":
        return f"expected a whole number, got {short(node)}"
    if kind == "literal_error":
        return f"must be {ctx.get('expected', '')}; got {short(node)}"
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        words = {"greater_than": "above", "greater_than_equal": "at least",
                 "less_than": "below", "less_than_equal": "at most"}[kind]
        bound = next(iter(ctx.values()), "")
        shown = f"{bound:g}" if isinstance(bound, float) else str(bound)
        return f"must be {words} {shown}; got {short(node)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in {"too_short", "too_long"}:
        if isinstance(node, str):
            return "must not be empty"
        if kind == "too_short":
            return f"must hold at least {ctx.get('min_length')}, got {ctx.get('actual_length')}"
        return f"must hold at most {ctx.get('max_length')}, got {ctx.get('actual_length')}"
    if kind == "string_pattern_mismatch":
        return f"{short(node)} does not have the expected form ({ctx.get('pattern', '')})"
    if kind.endswith("_require"):
        return f"{error['msg']}; got {short(node)}"
    return str(error["msg"])


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the model accepts at ``loc`` (for did-you-mean)."""
    current: Any = model
    for part in loc:
        fields = getattr(current, "model_fields", None)
        if fields is None:
            return []
        if part in fields:
            current = _inner_model(fields[part].annotation)
        else:
            current = current  # a dict key or list index: keep the value model
        if current is None:
            return []
    fields = getattr(current, "model_fields", {})
    return [info.alias or name for name, info in fields.items()]


def _inner_model(annotation: Any) -> Any:
    """The model class inside ``X | None``, ``dict[str, X]`` or ``list[X]``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and hasattr(annotation, "__metadata__"):
        return _inner_model(origin)
    return None


def problems_of(error: ValidationError, doc: Document, model: type[BaseModel],
                base: Loc = ()) -> list[Problem]:
    """Every error of a model validation, as problems placed in ``doc``."""
    out: list[Problem] = []
    for item in error.errors(include_url=False, include_input=False):
        raw_loc = (*base, *item["loc"])
        loc, node, is_key = _data_loc(doc.data, raw_loc)
        node_loc = loc[len(base):]
        message = _message(dict(item), node, model, node_loc)
        at_key = is_key or item["type"] == "extra_forbidden"
        where = dotted(loc)
        text = f"{where}: {message}" if where else message
        out.append(doc.problem(loc, text, key=at_key))
    return out


def parse(doc: Document, model: type[M], problems: list[Problem],
          data: Any = None, base: Loc = ()) -> M | None:
    """Validate ``doc.data`` (or ``data`` found at ``base``) as ``model``; collect problems."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        problems.extend(problems_of(exc, doc, model, base))
        return None
