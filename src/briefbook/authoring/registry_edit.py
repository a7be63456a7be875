"""Add an actor, event or place to the registry, or add to an entry: where it belongs in the file, in the
file's style, comments kept; a likely duplicate refused; the registry left as it was on any error."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import models as m
from ..corpus.loading import Located, load_yaml_file
from ..corpus.validation import validate_model
from ..problems import BriefbookError, Problem
from ..project import Project, UnsafeInput
from .duplicates import likely_duplicates, same_day_and_place
from .ids import readable_id, slugify
from .pins import write_atomically
from .placement import place_entry
from .yaml_style import render_entry, style_of

MODELS = {"actors": m.ActorEntry, "events": m.EventEntry, "places": m.PlaceEntry}
SECTIONS = tuple(MODELS)


@dataclass
class RegistryFiles:
    """The registry as it is: each file loaded by briefbook's own loader, and every entry by section."""

    located: dict[Path, Located] = field(default_factory=dict)
    entries: dict[str, dict[str, dict]] = field(default_factory=lambda: {s: {} for s in SECTIONS})
    file_of: dict[tuple[str, str], Path] = field(default_factory=dict)  # (section, id) → file

    @property
    def taken(self) -> set[str]:
        return {entry_id for entries in self.entries.values() for entry_id in entries}


def read_registry(project: Project) -> RegistryFiles:
    registry = RegistryFiles()
    folder = project.registry
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        located, problems = load_yaml_file(path, project.display(path), project.root)
        if located is None:
            continue
        registry.located[path] = located
        for section in SECTIONS:
            entries = located.data.get(section) if isinstance(located.data, dict) else None
            for entry_id, entry in (entries or {}).items() if isinstance(entries, dict) else ():
                registry.entries[section].setdefault(entry_id, entry if isinstance(entry, dict) else {})
                registry.file_of.setdefault((section, entry_id), path)
    return registry


def add_entry(project: Project, section: str, name: str, fields: dict[str, object],
              entry_id: str | None = None) -> tuple[str, Path]:
    """Register an actor, event or place, with an id derived safely from its name (any script)."""
    project.registry.mkdir(parents=True, exist_ok=True)
    check_writable(project, project.registry, folder=True)
    registry = read_registry(project)
    fields = {k: v for k, v in fields.items() if v not in (None, [], "", {}, ())}
    for one in ("affiliation", "host"):  # one actor is written as the files write it: `host: norland`
        if isinstance(fields.get(one), list) and len(fields[one]) == 1:
            fields[one] = fields[one][0]
    entry_id = _new_id(section, name, fields, entry_id, registry)
    target = _target_file(project, section, registry)
    check_writable(project, target)
    previous = target.read_text(encoding="utf-8") if target.is_file() else None
    located = registry.located.get(target)
    text, at, block = _with_entry(previous, located, section, entry_id, fields, registry.entries[section])
    display = project.display(target)
    problems = _model_problems(section, fields, display, at, entry_id)
    if problems:
        raise BriefbookError("the new entry was not added", problems)
    write_checked(project, target, previous, text, Change(at, block[0], block[1], entry_id, "new entry"))
    return entry_id, target


def _with_entry(previous: str | None, located: Located | None, section: str, entry_id: str,
                fields: dict, known: dict[str, dict]) -> tuple[str, int, tuple[int, int]]:
    """The file's text with the entry in it; the line of the old file it goes at, and its lines in the new."""
    if previous is None:
        style = style_of("")
        block = render_entry(entry_id, fields, style, style.indent[0])
        text = f"# yaml-language-server: $schema=../schema/registry.schema.json\n{section}:\n" + "\n".join(block) + "\n"
        return text, 1, (3, len(block))
    style = style_of(previous)
    return place_entry(previous, located, section, entry_id, fields, style, known)


@dataclass(frozen=True)
class Change:
    at: int  # the line of the file as it was where the change goes (a line that exists)
    first: int  # the change's first line in the new text
    length: int  # how many lines it added
    entry_id: str
    what: str  # "new entry" or "edit"


def _new_id(section: str, name: str, fields: dict, entry_id: str | None, registry: RegistryFiles) -> str:
    """The id given (checked), or one derived from the name after refusing likely duplicates."""
    kind = section[:-1]
    taken = registry.taken
    if entry_id is not None:  # the analyst's own id: a likely duplicate is theirs to judge
        if entry_id in taken:
            raise BriefbookError(f"id {entry_id!r} is taken already")
        if not re.fullmatch(m.ID_PATTERN, entry_id) or len(entry_id) > 80 or entry_id in m.RESERVED_IDS:
            raise BriefbookError(f"--id {entry_id!r} is not a lowercase kebab-case id (like 'kabul-process')")
        return entry_id
    id_name = _id_source(section, name, fields)
    base = slugify(id_name)
    if base in registry.entries[section]:
        raise BriefbookError(
            f"{kind} {base!r} exists already; if {name!r} is the same, add it to that entry's aliases "
            f"({_edit_hint(kind, base, name)}); if not, give this one its own id with --id")
    _refuse_duplicates(section, name, fields, registry)
    return slugify(id_name, taken)


def _refuse_duplicates(section: str, name: str, fields: dict, registry: RegistryFiles) -> None:
    kind = section[:-1]
    names = [name, *[a for a in fields.get("aliases") or () if isinstance(a, str)]]
    found = likely_duplicates(names, registry.entries[section])
    if section == "events":
        date = fields.get("date") if isinstance(fields.get("date"), dict) else {}
        place = fields.get("place")
        place = place.get("name") if isinstance(place, dict) else place
        found += [f for f in same_day_and_place(date.get("value"), place, registry.entries["events"],
                                                _place_keys(registry)) if f[0] not in {d[0] for d in found}]
    if found:
        entry_id, old, how = found[0]
        also = f" (and {', '.join(repr(f[0]) for f in found[1:3])})" if len(found) > 1 else ""
        raise BriefbookError(
            f"{name!r} may be registered already: {kind} {entry_id!r} ({old!r}) {how}{also}. If it is the same "
            f"{kind}, add the name to it: {_edit_hint(kind, entry_id, name)}; if it is another {kind}, "
            "register it with its own id: --id ID")


def _edit_hint(kind: str, entry_id: str, name: str) -> str:
    return f"briefbook edit-{kind} {entry_id} --add-alias {shlex.quote(name)}"


def _place_keys(registry: RegistryFiles) -> dict[str, str]:
    """Every name of each registered place (any script) → its id, for comparing events' places."""
    from .duplicates import name_keys
    keys: dict[str, str] = {}
    for place_id, entry in registry.entries["places"].items():
        for name in (place_id, entry.get("name"), *(entry.get("aliases") or ())):
            if isinstance(name, str):
                for key in name_keys(name):
                    keys.setdefault(key, place_id)
    return keys


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


def _target_file(project: Project, section: str, registry: RegistryFiles) -> Path:
    """<section>.yaml when it holds the section (or does not exist yet); else the file that holds it."""
    own = project.registry / f"{section}.yaml"
    check_writable(project, own)  # a link is named as one, before anything else is said of the file
    holders = [p for p, loc in registry.located.items() if isinstance(loc.data, dict) and section in loc.data]
    if own in holders or (not holders and not own.exists()):
        return own
    if holders:
        return holders[0]
    if own in registry.located and isinstance(registry.located[own].data, dict):
        return own  # the section is added at its end
    raise BriefbookError(f"{project.display(own)} cannot be read as a registry file: fix it first "
                         "(`briefbook validate` says why)")


def _model_problems(section: str, fields: dict, display: str, at: int, entry_id: str) -> list[Problem]:
    """The entry checked against the model before anything is written, each problem at the line it would go."""
    _, problems = validate_model(Located(display, fields), MODELS[section])
    return [Problem(display, at, 1, p.code, f"the new entry {entry_id!r} (not added): {p.message}")
            for p in problems]


def write_checked(project: Project, target: Path, previous: str | None, text: str, block: Change) -> None:
    """Write the file, then check the whole project: any error the change brings rolls it back."""
    from ..corpus import build_corpus
    before = {(p.path, p.code, p.message) for p in build_corpus(project)[1] if p.is_error}
    write_atomically(target, text)
    problems = [p for p in build_corpus(project)[1]
                if p.is_error and (p.path, p.code, p.message) not in before]
    if problems:
        if previous is None:
            target.unlink()
        else:
            write_atomically(target, previous)
        what = "the new entry was not added" if block.what == "new entry" else "the change was not made"
        raise BriefbookError(what, [_as_before(p, project.display(target), block, previous) for p in problems])


def _as_before(problem: Problem, display: str, block: Change, previous: str | None) -> Problem:
    """A problem of the rolled-back file at a line the file has: the change's own at the line it was to go."""
    if problem.path != display:
        return problem
    lines = len((previous or "").rstrip("\n").split("\n"))
    inside = block.first <= problem.line < block.first + block.length
    if block.what == "edit" or inside or problem.line > lines + block.length:
        label = f"the new entry {block.entry_id!r} (not added)" if block.what == "new entry" \
            else f"the change to {block.entry_id!r} (not made)"
        return Problem(display, min(block.at, lines), 1, problem.code, f"{label}: {problem.message}",
                       problem.severity)
    line = problem.line - block.length if problem.line >= block.first + block.length else problem.line
    return Problem(display, line, problem.column, problem.code, problem.message, problem.severity)


def check_writable(project: Project, target: Path, folder: bool = False) -> None:
    """Never write through a link: registry/actors.yaml → ~/.bashrc would have the entry appended there."""
    try:
        project.check_input(project.registry, folder=True)
        if os.path.lexists(target):
            project.check_input(target, folder=folder)
    except UnsafeInput as err:
        raise BriefbookError(f"{project.display(target)}: {err.code}: {err.message}") from None
