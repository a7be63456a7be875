"""Add an actor or event to the registry, with a safe id; the registry is left as it was on any error."""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..problems import BriefbookError
from ..project import Project, UnsafeInput
from .ids import readable_id, slugify, yaml_quote


def add_entry(project: Project, section: str, name: str, fields: dict[str, object],
              entry_id: str | None = None) -> tuple[str, Path]:
    """Append an actor or event to the registry, with an id derived safely from its name."""
    from ..corpus.loading import load_yaml_file
    registry = project.registry
    registry.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for path in sorted(registry.glob("*.yaml")):
        located, _ = load_yaml_file(path, path.name)
        if located and isinstance(located.data, dict):
            for key in ("actors", "events", "places"):
                if isinstance(located.data.get(key), dict):
                    taken |= set(located.data[key])
    if entry_id is None:
        id_name = _id_source(section, name, fields)
        base = slugify(id_name)
        if base in taken:  # likely the same actor in another spelling or script
            raise BriefbookError(
                f"{section[:-1]} {base!r} exists already; if {name!r} is the same, add it to that entry's "
                f"aliases; if not, give this one its own id with --id")
        entry_id = slugify(id_name, taken)
    if entry_id in taken:
        raise BriefbookError(f"id {entry_id!r} is taken already")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entry_id) or len(entry_id) > 80:
        raise BriefbookError(f"--id {entry_id!r} is not a lowercase kebab-case id")
    target = registry / f"{section}.yaml"
    # Append to <section>.yaml when its last top-level key is the section; else to added-<section>.yaml.
    if target.is_file():
        lines = target.read_text(encoding="utf-8").rstrip("\n").split("\n")
        top = [ln for ln in lines if ln and not ln.startswith((" ", "#", "\t"))]
        if not top or not top[-1].startswith(f"{section}:") or top[-1].strip() != f"{section}:":
            target = registry / f"added-{section}.yaml"
    block = [f"  {entry_id}:"] + [f"    {k}: {_yaml_value(v)}" for k, v in fields.items() if v not in (None, [], "")]
    if target.is_file():
        text = target.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    else:
        schema = "# yaml-language-server: $schema=../schema/registry.schema.json\n"
        text = schema + f"{section}:\n" + "\n".join(block) + "\n"
    _check_writable(project, target)
    previous = target.read_text(encoding="utf-8") if target.is_file() else None
    target.write_text(text, encoding="utf-8")
    from ..corpus import build_corpus
    corpus, problems = build_corpus(project)
    mine = [p for p in problems if p.is_error and p.path.endswith(target.name)]
    if mine:  # leave the registry as it was
        if previous is None:
            target.unlink()
        else:
            target.write_text(previous, encoding="utf-8")
        raise BriefbookError("the new entry was not added", mine)
    return entry_id, target


def _id_source(section: str, name: str, fields: dict[str, object]) -> str:
    """The name to derive an id from: the name, or else the first alias whose romanisation reads as it
    does; an Arabic-script name with neither gets no guessed id (its letters have no short vowels)."""
    aliases = [a for a in fields.get("aliases") or () if isinstance(a, str)]
    for candidate in (name, *aliases):
        if readable_id(candidate):
            return candidate
    raise BriefbookError(
        f"{name!r} is written in a script without short vowels: its letters give the id {slugify(name)!r}, "
        f"which does not read as the name is said; give the {section[:-1]} an id with --id (the name as it is "
        "said, in Latin letters, e.g. --id abdullah-abdullah), or add a Latin-script --alias")


def _check_writable(project: Project, target: Path) -> None:
    """Never write through a link: registry/actors.yaml → ~/.bashrc would have the entry appended there."""
    try:
        project.check_input(project.registry, folder=True)
        if os.path.lexists(target):
            project.check_input(target)
    except UnsafeInput as err:
        raise BriefbookError(f"{project.display(target)}: {err.code}: {err.message}") from None


def _yaml_value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(yaml_quote(str(v)) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_quote(str(v))}" for k, v in value.items()) + "}"
    return yaml_quote(str(value))
