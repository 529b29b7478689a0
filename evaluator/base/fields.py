"""Field types and the strict model base shared by the file models and the rules' parameters.

Named bounds live here once: the id pattern and the reserved device names.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .choices import YEAR_MAX, YEAR_MIN

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_ID = re.compile(ID_PATTERN)
RESERVED = frozenset({"con", "nul", "aux", "prn"} | {f"com{i}" for i in range(1, 10)}
                     | {f"lpt{i}" for i in range(1, 10)})


def check_id(value: str) -> str:
    """An identifier: a lower-case slug that is not a Windows device name."""
    if not _ID.fullmatch(value):
        raise ValueError(
            f"'{value}' is not a valid id: use 1 to 64 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    if value in RESERVED:
        raise ValueError(f"'{value}' is a name Windows reserves for devices; choose another id")
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def check_plain(value: str) -> str:
    """Text a person typed: not blank, no control characters, valid Unicode (tabs and line breaks are fine)."""
    if not value.strip():
        raise ValueError("must not be blank")
    found = _CONTROL.search(value)
    if found is not None:
        char = found.group()
        what = "bytes that are not UTF-8" if "\ud800" <= char <= "\udfff" else f"the control character {char!r}"
        raise ValueError(f"holds {what}; write plain text")
    return value


#: what an address cannot hold: line breaks of any kind (U+0085, U+2028, U+2029) and controls (a
#: space is encoded as %20 where the address is shown as a link)
_NOT_IN_URL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def check_url(value: str) -> str:
    """A web address as written in a data file: no line break or control character (it would not
    survive the file, and no reader could follow it)."""
    found = _NOT_IN_URL.search(value)
    if found is not None:
        raise ValueError(f"an address holds {found.group()!r} at character {found.start() + 1}; write it without "
                         "line breaks or control characters")
    return value


def check_date(value: str) -> str:
    """A calendar date written YYYY-MM-DD (``2026-11-20``); ``2026-13-45`` and ``yesterday`` are not."""
    import datetime

    try:
        if len(value) == 10 and datetime.date.fromisoformat(value).isoformat() == value:
            return value
    except ValueError:
        pass
    raise ValueError(f"'{value}' is not a date; use the form YYYY-MM-DD")


class Strict(BaseModel):
    """Base of every file model: strict types, no unknown keys, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


Id = Annotated[str, AfterValidator(check_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
Text = Annotated[str, Field(min_length=1)]
Plain = Annotated[str, AfterValidator(check_plain)]
Url = Annotated[str, AfterValidator(check_url)]
Date = Annotated[str, AfterValidator(check_date), Field(json_schema_extra={"format": "date"})]
Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]
Points = Annotated[float, Field(ge=0, le=100)]
#: the largest magnitude of a number in a data file (a quadrillion): far above any amount the
#: tool is given, far enough below a float's limit that sums and products stay finite
MAGNITUDE = 1e15
#: the largest relative weight: a weight is a share of the others, never a quantity
WEIGHT_MAX = 1e6
Number = Annotated[float, Field(ge=-MAGNITUDE, le=MAGNITUDE, allow_inf_nan=False)]


def check_magnitude(value: Any) -> Any:
    """A number no larger in size than ``MAGNITUDE``; any other value as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool) and not abs(value) <= MAGNITUDE:
        raise ValueError(f"a number of at most {MAGNITUDE:.0e} in size is expected; got {value:.6g}")
    return value


#: an observed value or a value listed in a test: true/false, a number or text
Scalar = Annotated[bool | int | float | str, AfterValidator(check_magnitude)]
Weight = Annotated[float, Field(gt=0, le=WEIGHT_MAX, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1)]
Pair = Annotated[list[Number], Field(min_length=2, max_length=2)]


def json_shape(value: Any) -> str | None:
    """The shape of a parsed YAML value, for a pydantic discriminator: bool, text, number, list or mapping."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict | BaseModel):
        return "mapping"
    return None

