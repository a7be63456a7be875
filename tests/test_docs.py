"""Documentation is part of the product: every field and CLI command must be documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from briefbook.corpus import models
from briefbook.cli import cli

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "guide" / "writing-a-briefing.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
SRC = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "src" / "briefbook").rglob("*.py"))


def _models() -> list[type[BaseModel]]:
    return [obj for obj in vars(models).values()
            if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == models.__name__
            and obj is not models.Strict]


@pytest.mark.parametrize("model", _models(), ids=lambda m: m.__name__)
def test_every_field_is_in_the_writing_guide(model):
    missing = [name for name in model.model_fields if f"`{name}`" not in GUIDE]
    assert not missing, f"{model.__name__} fields not documented in writing-a-briefing.md: {missing}"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_in_the_readme(command):
    assert f"briefbook {command}" in README


def test_every_problem_code_is_documented():
    emitted = _problem_code_literals()
    documented = set(re.findall(r"`([a-z]+(?:-[a-z0-9]+)*)`", GUIDE))
    assert len(emitted) > 10, "found few problem codes in the source: the test is looking in the wrong place"
    assert not emitted - documented, f"undocumented problem codes: {sorted(emitted - documented)}"


def _problem_code_literals() -> set[str]:
    """String literals used as the `code` argument of a Problem, a `.problem()`, an `_err()` or a `_LoadError`."""
    import ast
    calls = {"Problem", "problem", "_err", "_LoadError", "located_problem", "warn", "UnsafeInput"}
    kinds = {"actor", "event", "error", "warning"}  # a kind or a severity, not a code
    found = set()
    for path in (ROOT / "src" / "briefbook").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in calls:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) \
                        and re.fullmatch(r"[a-z]+(?:-[a-z0-9]+)*", arg.value) and arg.value not in kinds:
                    found.add(arg.value)
    # codes made from a kind: f"unknown-{names.kind}", f"duplicate-{kind}"
    for prefix in re.findall(r'f"([a-z]+)-\{(?:names\.)?kind\}"', SRC):
        found |= {f"{prefix}-actor", f"{prefix}-event"}
    return found
