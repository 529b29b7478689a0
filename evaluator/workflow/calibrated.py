"""The calibrated set written as YAML: the set's own file with the fitted weights, thresholds and
limits in place, comments and layout kept, its id the file's name, its version marked calibrated
and a ``basis:`` line naming the decisions and the commit."""

from __future__ import annotations

from typing import Any

from ..base.errors import CalibrationError
from ..loading.project import LoadedSet
from ..scoring.compile import Spec
from ..scoring.fit import Fit
from ..scoring.limits import Limits
from .yamledit import dumped, round_trip


def _number(x: float) -> int | float:
    """A weight or threshold as it is written: whole numbers without a decimal point."""
    return int(round(x)) if abs(x - round(x)) < 1e-9 else float(x)


def _write_limits(data: Any, spec: Spec, limits: Limits) -> None:
    """Floors, completeness limits and gate bounds into the set's YAML (a floor shared by every
    pillar as one number)."""
    for g, value in sorted(limits.gates.items()):
        require = data["gates"][spec.gate_ids[g]]["require"]
        key = "min" if "min" in require else "max"
        require[key] = _number(float(value))
    if limits.minimum or "min_completeness" in data:
        data["min_completeness"] = _number(round(limits.minimum, 3))
    for q in range(len(spec.outcomes)):
        require = data["outcomes"][q].get("require") if isinstance(data["outcomes"][q], dict) else None
        if require is None:
            continue
        floors = {spec.pillar_ids[k]: _number(round(v, 1)) for (o, k), v in sorted(limits.floors.items()) if o == q}
        if floors:
            same = len(set(floors.values())) == 1 and not isinstance(require.get("pillars"), dict)
            require["pillars"] = next(iter(floors.values())) if same else floors
        if q in limits.completeness:
            require["completeness"] = _number(round(limits.completeness[q], 3))


def calibrated_bytes(lset: LoadedSet, spec: Spec, fit: Fit, new_id: str, basis: str,
                     limits: Limits | None = None) -> bytes:
    """The set's file with the calibrated weights, thresholds and limits, its comments and layout kept."""
    raw = lset.doc.path.read_bytes()
    loaded = round_trip(raw, exact=False)
    if loaded is None:
        raise CalibrationError(f"{lset.doc.display}: its layout cannot be kept when rewritten; nothing was written")
    yaml, data = loaded
    params = fit.after
    data["id"] = new_id
    if new_id != lset.model.id:
        data["title"] = f"{lset.model.title} (calibrated on past decisions)"
    data["version"] = f"{lset.model.version}-calibrated"
    data["status"] = "draft"
    if "basis" not in data or data["basis"] is None:
        data["basis"] = []
    data["basis"].append(basis)
    for k, pid in enumerate(spec.pillar_ids):
        data["pillars"][pid]["weight"] = _number(float(params.pillar[k]))
    for j, cid in enumerate(spec.criterion_ids):
        data["criteria"][cid]["weight"] = _number(float(params.within[j]))
    thresholds = iter(params.thresholds)
    for k, outcome in enumerate(spec.outcomes):
        if outcome.score_limit() is not None:
            data["outcomes"][k]["require"]["score"] = _number(float(next(thresholds)))
    if limits is not None:
        _write_limits(data, spec, limits)
    return dumped(yaml, data)
