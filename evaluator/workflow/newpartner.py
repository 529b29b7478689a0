"""A new partner file: identity filled in, every catalogue indicator listed as a template."""

from __future__ import annotations

import json
from pathlib import Path

from ..base.errors import DataError, Problem, UsageError
from ..base.fields import check_id
from ..base.files import write_atomic
from ..loading.models import Catalogue
from ..loading.project import read_catalogue, resolve_root

_EXAMPLE = {"number": "1.0e9", "integer": "12", "year": "2024", "percent": "12.5", "boolean": "true"}


def partner_template(ident: str, name: str, kind: str, catalogue: Catalogue) -> str:
    """YAML text for ``partners/<ident>.yaml``; indicators are comments to fill in."""
    lines = ["# yaml-language-server: $schema=../schemas/partner.schema.json",
             f"id: {ident}", f"name: {json.dumps(name, ensure_ascii=False)}", f"kind: {kind}", "status: none",
             "indicators:",
             "  # Uncomment an indicator, give its value, the year of the data and where it comes from.",
             "  # A value you cannot source stays out: it is shown as missing, never as zero."]
    for key, ind in catalogue.indicators.items():
        example = _EXAMPLE.get(ind.type) or (ind.categories[0] if ind.categories else "...")
        unit = f" ({ind.unit})" if ind.unit else ""
        lines.append(f"  # {ind.title}{unit}; {ind.type}"
                     + (f": one of {', '.join(ind.categories)}" if ind.categories else ""))
        lines.append(f"  # {key}: {{value: {example}, year: 2024, source: \"...\", url: \"https://...\"}}")
    return "\n".join(lines) + "\n"


def new_partner(root: Path | None, ident: str, name: str, kind: str) -> Path:
    """Write ``partners/ID.yaml`` from the catalogue of the root; refuses an existing file."""
    try:
        check_id(ident)
    except ValueError as exc:
        raise UsageError(f"ID: {exc}") from None
    base = resolve_root(root)
    problems: list[Problem] = []
    catalogue = read_catalogue(base, problems)
    if catalogue is None:
        raise DataError(problems)
    path = base / "partners" / f"{ident}.yaml"
    write_atomic(path, partner_template(ident, name, kind, catalogue).encode("utf-8"))
    return path
