"""JSON Schemas of the data files, generated from the models, for editors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from ..base.choices import SCHEMA_KINDS
from ..loading.models import Catalogue, CriteriaSet
from ..loading.records import CaseFile, DecisionFile, Member, Partner, ProjectDefaults, Rates, ReviewFile

KINDS: dict[str, type[BaseModel]] = dict(zip(SCHEMA_KINDS, (Catalogue, CriteriaSet, Partner, CaseFile, ReviewFile,
                                                                   ProjectDefaults, Rates, DecisionFile, Member),
                                              strict=True))


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema for one kind of file (``indicators``, ``criteria``, ``partner``, ...)."""
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"evaluator {kind} file"
    return schema
