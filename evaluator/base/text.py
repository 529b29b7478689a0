"""How numbers, values and words are written for people: one place, so every output agrees."""

from __future__ import annotations

import difflib
import functools
import math
import re
from collections.abc import Iterable
from typing import Any

MONEY_UNITS = frozenset({"USD", "EUR", "GBP", "AUD", "CHF", "JPY"})
#: units that count whole things: written as whole numbers, or in millions
COUNT_UNITS = frozenset({"visitors", "visits", "projects", "students", "people", "persons", "events", "meetings"})


def fmt_points(x: float | None) -> str:
    """A score with one decimal; an em dash when there is none."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return f"{x:.1f}"


def fmt_number(x: float) -> str:
    """A plain number with at most 3 significant decimals and no trailing zeros."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.3f}".rstrip("0").rstrip(".")


def fmt_money(x: float, currency: str, decimals: int | None = None) -> str:
    """Money in the unit a reader uses: ``USD 35.7 bn``, ``USD 1.65 bn``, ``USD 100 m``, ``USD 0.7 m``,
    ``USD 95,000``; a negative amount is a net outflow (``net outflow of USD 94 m``). Three
    significant figures, unless ``decimals`` fixes the decimals in the unit shown."""
    if x < 0:
        return f"net outflow of {fmt_money(-x, currency, decimals)}"
    for factor, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m"), (1e5, "m")):
        if x >= factor:
            scaled = x / (1e6 if word == "m" else factor)
            places = decimals if decimals is not None else (2 if scaled < 10 else 1 if scaled < 100 else 0)
            return f"{currency} {fmt_number(round(scaled, places))} {word}"
    return f"{currency} {fmt_number(round(x, decimals if decimals is not None else 0))}"


def fmt_count(x: float, unit: str) -> str:
    """A count of things in words: ``6.4 million visitors``, ``950,000 visitors``, ``12 projects``."""
    if abs(x) >= 1e6:
        return f"{fmt_number(round(x / 1e6, 1))} million {unit}"
    return f"{fmt_number(round(x))} {unit}"


@functools.lru_cache(maxsize=4096, typed=True)
def fmt_value(value: Any, unit: str | None, *, approx: bool = False) -> str:
    """A value in its unit, for explanations and tables; ``approx`` keeps one decimal. Remembered:
    the ends of a criterion's scale and its thresholds are written once per export, not per row."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if unit == "year":
            return f"{value:.0f}"
        if unit in MONEY_UNITS:
            return fmt_money(float(value), unit)
        if approx:
            value = round(float(value), 1)
        if unit == "percent" or unit == "%":
            return f"{fmt_number(float(value))} %"
        if unit in {None, "", "year"}:
            return str(value) if isinstance(value, int) else fmt_number(value)
        if unit in COUNT_UNITS:
            return fmt_count(float(value), unit)
        return f"{fmt_number(float(value))} {unit}"
    return str(value)


def status_words(status: str | None) -> str:
    """A status in words: ``dialogue-partner`` → ``Dialogue Partner``; ``none`` → ``no status``."""
    if not status or status == "none":
        return "no status"
    return " ".join(word.capitalize() for word in status.split("-"))


def fmt_percent(share: float, decimals: int = 1) -> str:
    """A share of 1 as a percent: ``0.125`` → ``12.5 %``."""
    return f"{share * 100:.{decimals}f} %"


def fmt_limit_percent(share: float) -> str:
    """A limit given as a share of 1, as a percent without needless decimals: ``0.5`` → ``50 %``,
    ``0.626`` → ``62.6 %``."""
    return f"{fmt_number(round(share * 100, 1))} %"


def plural(count: int, word: str, words: str | None = None) -> str:
    """``1 partner``, ``2 partners``."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a close choice exists, else an empty string."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def clean(value: Any) -> Any:
    """NaN to None, recursively, so that JSON never carries NaN."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


#: characters a terminal or a viewer would act on rather than show: C0 and C1 controls, DEL,
#: zero-width and direction marks, and lone surrogates (bytes that were not UTF-8)
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, keep: str = "") -> str:
    """``text`` with every control, direction or invisible character written as its escape
    (``\\x1b``, ``\\u202e``, ``\\n``), except those in ``keep``: shown, never acted on."""
    if keep:
        return "".join(part if part in keep else UNSAFE.sub(_escape, part) for part in re.split(f"([{keep}])", text))
    return UNSAFE.sub(_escape, text)


def for_terminal(text: str) -> str:
    """Text a terminal may read: control and direction characters shown as escapes, line ends
    (``\\n``, ``\\r\\n``) and tabs kept."""
    return "\r\n".join(visible(part, keep="\n\t") for part in text.split("\r\n"))
