"""JSON Schemas of a briefing and a registry file, for editors, derived from the data model.

Everything here is derived from `briefbook.corpus.models`, so the schemas cannot drift
from what `briefbook validate` accepts. All functions are pure and deterministic
except `write_schemas`, which writes the schema files.

The JSON Schemas are for editors (the YAML language server reads the
`# yaml-language-server: $schema=...` first line of each file): completion, hover
text and early errors. They check the *shape* of the data; `briefbook validate`
stays the authority (references, citations, quotes, calendar dates).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..corpus import models
from ..corpus.introspect import docstring, min_length, walk_models
from ..corpus.models import Briefing, Registry


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


SCHEMA_DIR = "schema"  # inside briefings/


# The first line of every YAML file: the path is relative to the YAML file itself
# (briefings/<id>.yaml and briefings/registry/*.yaml).
SCHEMA_COMMENT = {
    "briefing": "# yaml-language-server: $schema=schema/briefing.schema.json",
    "registry": "# yaml-language-server: $schema=../schema/registry.schema.json",
}


_ROOTS: dict[str, tuple[type[BaseModel], str]] = {
    "briefing.schema.json": (Briefing, "briefbook briefing"),
    "registry.schema.json": (Registry, "briefbook registry"),
}


_GENERATED = ("Generated from src/briefbook/corpus/models.py by `briefbook schema` "
              "(briefbook.authoring.schema.write_schemas); do not edit by hand.")


def json_schemas() -> dict[str, dict]:
    """File name → JSON Schema (draft 2020-12) of a briefing and of a registry file."""
    result = {}
    for name, (model, title) in _ROOTS.items():
        schema = model.model_json_schema(mode="validation")
        _complete(schema, model)
        description = docstring(model) or title
        schema.update({
            "$schema": JSON_SCHEMA_DIALECT,
            "$comment": _GENERATED,
            "title": title,
            "description": description,
        })
        result[name] = schema
    return result


def schema_text(name: str) -> str:
    """The JSON text of one schema exactly as it is written to disk."""
    schema = json_schemas()[name]
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path | None = None) -> list[Path]:
    """Write both schemas into folder (default: the project's briefings/schema/).

    Only files whose text changed are rewritten; returns the paths written.
    """
    if folder is None:
        from ..project import Project
        folder = Project.find().briefings / SCHEMA_DIR
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in _ROOTS:
        path = folder / name
        text = schema_text(name)
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            written.append(path)
    return written


def _complete(schema: dict, root: type[BaseModel]) -> None:
    """Put back what pydantic's schema generation leaves out of these models.

    - `json_schema_input_type` replaces a field's whole schema, so the `min_length`
      of a one-or-many field (`cite` of an event account, a quote...) is lost: added
      back to its list form as `minItems`.
    - An id-keyed mapping (`dict[Id, ...]`) only gets `patternProperties`, so a key
      that is not an id would pass unchecked: the pattern is added to `propertyNames`.
    - Dates are checked by a validator, not a type: their pattern is added.
    """
    defs = schema.get("$defs", {})
    for model in walk_models(root):
        target = schema if model is root else defs.get(model.__name__)
        if target is None:  # pragma: no cover - pydantic names defs after the class
            continue
        props = target.get("properties", {})
        for name, field in model.model_fields.items():
            prop = props.get(name)
            if prop is None:  # pragma: no cover
                continue
            min_items = min_length(field.metadata)
            if min_items and "anyOf" in prop:
                for branch in prop["anyOf"]:
                    if branch.get("type") == "array":
                        branch["minItems"] = min_items
        if model is models.DateSpec:  # a date, or (for value only) a month or day without a year
            for name in ("value", "end"):
                pattern = models.DATE_PATTERN.pattern
                if name == "value":
                    pattern = f"(?:{pattern})|(?:{models.YEARLESS_PATTERN.pattern})"
                for branch in props[name].get("anyOf", [props[name]]):
                    if branch.get("type") == "string":
                        branch["pattern"] = pattern
    for node in _schema_nodes(schema):
        patterns = node.get("patternProperties")
        if isinstance(patterns, dict) and len(patterns) == 1 and "propertyNames" in node:
            node["propertyNames"]["pattern"] = next(iter(patterns))
            node["additionalProperties"] = False


def _schema_nodes(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _schema_nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _schema_nodes(value)
