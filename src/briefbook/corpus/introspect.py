"""Walk the data model: every nested model, each one's own docstring, a field's minimum length."""

from __future__ import annotations

import inspect
from typing import Any, get_args

import annotated_types
from pydantic import BaseModel, BeforeValidator
from pydantic_core import PydanticUndefined

from .models import Briefing, Registry


def walk_models(root: type[BaseModel]) -> list[type[BaseModel]]:
    """root and every model nested in its fields, depth first, each once."""
    found: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for field in model.model_fields.values():
            for nested in _models_in(field.annotation, field.metadata):
                visit(nested)

    visit(root)
    return found


def _models_in(tp: Any, metadata=()) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    result = []
    for arg in get_args(tp):
        result.extend(_models_in(arg))
    for item in metadata:
        if isinstance(item, BeforeValidator) and item.json_schema_input_type not in (Any, PydanticUndefined):
            result.extend(_models_in(item.json_schema_input_type))
    return result


def documented_models() -> list[type[BaseModel]]:
    """Every model the field reference describes, in its order."""
    result: list[type[BaseModel]] = []
    for root in (Briefing, Registry):
        result.extend(m for m in walk_models(root) if m not in result)
    return result


def docstring(model: type[BaseModel]) -> str:
    doc = model.__dict__.get("__doc__")  # a model's own docstring, not its base's
    return inspect.cleandoc(doc) if doc else ""


def min_length(metadata) -> int | None:
    for item in metadata:
        if isinstance(item, annotated_types.MinLen):
            return item.min_length
    return None
