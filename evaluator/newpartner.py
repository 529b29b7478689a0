"""A new partner file: identity filled in, every catalogue indicator listed as a template."""

from __future__ import annotations

import json

from .models import Catalogue

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
