"""A new partner file: identity filled in, every catalogue indicator listed as a template."""

from __future__ import annotations

import json
from pathlib import Path

from ..base.choices import GRADES
from ..base.errors import DataError, OutputError, Problem, UsageError
from ..base.fields import check_id, check_plain
from ..base.files import write_atomic
from ..base.indicators import TYPES
from ..base.text import visible
from ..loading.models import Catalogue
from ..loading.project import would_load
from ..loading.reading import read_catalogue
from ..loading.root import inside_root, resolve_root
from ..loading.yamlfile import parse_bytes

#: an example value by unit, where the type's example would mislead (a billion visitors)
_BY_UNIT = {"USD": "1.0e9", "visitors": "250000"}


def partner_template(ident: str, name: str, kind: str, catalogue: Catalogue) -> str:
    """YAML text for ``partners/<ident>.yaml``; indicators are comments to fill in."""
    lines = ["# yaml-language-server: $schema=../schemas/partner.schema.json",
             f"id: {ident}", f"name: {json.dumps(name, ensure_ascii=False)}", f"kind: {kind}", "status: none",
             "# codes: [XX]          # the codes statistical tables use for it (ISO 3166 alpha-2), for import",
             "# since: 2024          # the year the current status was granted",
             "# history:             # the organisation's decisions on this partner, oldest first; the last",
             "#                      # one agrees with status and since",
             "#   - {year: 2024, status: development-partner, source: \"...\", url: \"https://...\"}",
             "indicators:",
             "  # Uncomment an indicator, give its value, its year (for a flow) and where it comes from.",
             "  # A value you cannot source stays out: it is shown as missing, never as zero."]
    lines.insert(-2, f"  # grade: how authoritative the source is, one of {', '.join(GRADES)}.")
    for key, ind in catalogue.indicators.items():
        example = (_BY_UNIT.get(ind.unit or "")
                   or (json.dumps(ind.categories[0]) if ind.categories else TYPES[ind.type].example))
        unit = f" ({ind.unit})" if ind.unit else ""
        about = f"{ind.title}{unit}; {ind.type}" + (f": one of {', '.join(ind.categories)}" if ind.categories else "")
        lines.append(f"  # {visible(about)}")     # catalogue text stays one comment line, whatever it holds
        if ind.flows:
            lines.append("  #   a flow: the amount of one year, one observation per year (each goes stale)")
            lines.append(f"  # {key}:")
            lines.append(f"  #   - {{value: {example}, year: 2023, source: \"...\", grade: official-statistics, "
                         "url: \"https://...\"}")
        else:
            lines.append("  #   a state: holds from the year it became true (optional) and never goes stale")
            lines.append(f"  # {key}: {{value: {example}, source: \"...\", grade: official-statement, "
                         "url: \"https://...\"}")
    return "\n".join(lines) + "\n"


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _named(folder: Path, name: str, own: str) -> str | None:
    """The partner file in ``folder`` other than ``own`` whose ``name:`` is ``name`` (case and
    spacing aside), if any; ``own``, the file to be written, is refused later if it exists."""
    wanted = _fold(name)
    for other in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if other.name == own:
            continue
        try:
            data = parse_bytes(other.read_bytes(), other, other.name).data
        except (DataError, OSError):
            continue                       # a file that does not load is reported by validate
        if isinstance(data, dict) and isinstance(data.get("name"), str) and _fold(data["name"]) == wanted:
            return other.name
    return None


def write_partner_file(root: Path | None, ident: str, name: str, kind: str) -> Path:
    """Write ``partners/ID.yaml`` from the catalogue of the root; never replaces a file.

    The file is checked as every partner file is before it is written: what the tool writes,
    the tool reads.
    """
    for option, check, value in (("ID", check_id, ident), ("--name", check_plain, name)):
        try:
            check(value)
        except ValueError as exc:
            raise UsageError(f"{option}: {exc}") from None
    base = resolve_root(root)
    problems: list[Problem] = []
    catalogue = read_catalogue(base, problems)
    if catalogue is None:
        raise DataError(problems)
    path = base / "partners" / f"{ident}.yaml"
    inside_root(base, path)
    taken = _named(base / "partners", name, path.name)
    if taken is not None:
        raise UsageError(f"--name: '{name}' is already the name of the partner in partners/{taken}; give the "
                         "new partner its own name, or edit that file")
    data = partner_template(ident, name, kind, catalogue).encode("utf-8")
    would_load(path, data, kind="partners", catalogue=catalogue)
    try:
        write_atomic(path, data)
    except OutputError:
        if path.exists():
            raise OutputError(f"{path} exists; new-partner never replaces a partner file: edit it, "
                              "or remove it first") from None
        raise
    return path

