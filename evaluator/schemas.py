"""JSON Schemas of the data files, generated from the models, for editors."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .models import CaseFile, Catalogue, CriteriaSet, Partner, ReviewFile

KINDS: dict[str, type[BaseModel]] = {
    "indicators": Catalogue,
    "criteria": CriteriaSet,
    "partner": Partner,
    "tests": CaseFile,
    "review": ReviewFile,
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema for one kind of file (``indicators``, ``criteria``, ``partner``, ...)."""
    model = KINDS[kind]
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"evaluator {kind} file"
    return schema
