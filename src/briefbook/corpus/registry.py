"""Index the registries: every actor and event by id and alias, each defined once, names kept apart."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from ..problems import Problem
from . import models as m
from .files import LoadedFile
from .inflection import forms
from .loading import Located, excerpt
from .lookalike import explain_lookalike, name_problem, skeleton
from .paragraphs import normalise


class Names:
    """Id and alias lookup for one kind of thing (actors or events)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.ids: dict[str, Any] = {}
        self.by_alias: dict[str, str] = {}
        self.by_skeleton: dict[str, str] = {}  # what a name looks like → id
        self.by_form: dict[str, str] = {}  # an inflected or prefixed form of a name (Дохе, بالدوحة) → id

    @staticmethod
    def key(name: str) -> str:
        return normalise(name).casefold()

    def lookup(self, ref: str) -> str | None:
        if ref in self.ids:
            return ref
        key = self.key(ref)
        return self.by_alias.get(key) or self.by_form.get(key)

    def suggest(self, ref: str) -> str:
        look = self.by_skeleton.get(skeleton(ref))
        if look is not None:
            return f"; did you mean {look!r}?{explain_lookalike(ref)}"
        pool = list(self.ids) + list(self.by_alias)
        close = difflib.get_close_matches(self.key(ref), [p.casefold() for p in pool], n=1, cutoff=0.6)
        if close:
            target = self.lookup(close[0]) or close[0]
            return f"; did you mean {target!r}?"
        return ""


@dataclass
class RegistryIndex:
    """The registries, indexed: what resolving looks references up in."""

    actors: Names = field(default_factory=lambda: Names("actor"))
    events: Names = field(default_factory=lambda: Names("event"))
    places: Names = field(default_factory=lambda: Names("place"))
    # (kind, id) → the registry file and the data path of its entry
    where: dict[tuple[str, str], tuple[Located, tuple]] = field(default_factory=dict)
    not_actors: set[str] = field(default_factory=set)  # casefolded names that are no actor

    def names(self, kind: str) -> Names:
        return {"actor": self.actors, "event": self.events, "place": self.places}[kind]

    def locate(self, kind: str, entity_id: str) -> tuple[Located, tuple] | None:
        return self.where.get((kind, entity_id))

    def place(self, ref: str, located: Located, loc: tuple, problems: list[Problem]) -> str | None:
        """The place id a place names, or None with an `unknown-place` problem (and a suggestion)."""
        found = self.places.lookup(ref)
        if found is None:
            problems.append(located.problem(loc, "unknown-place", f"no place {excerpt(ref)} in the registry"
                                                                  f"{place_suggestion(self.places, ref)}"))
        return found

    def ref(self, names: Names, ref: str, located: Located, loc: tuple, problems: list[Problem]) -> str | None:
        """The id a reference names, or None with an `unknown-actor`/`unknown-event` problem."""
        found = names.lookup(ref)
        if found is None:
            problems.append(located.problem(loc, f"unknown-{names.kind}",
                                            f"no {names.kind} {ref!r} in the registry{names.suggest(ref)}"))
        return found


def place_suggestion(names: Names, ref: str) -> str:
    """What to do about a place the registry does not know: the close one, or the entry to add."""
    close = names.suggest(ref)
    if close:
        return close
    return (f"; add it to a registry file's places (under the place's id, with {excerpt(ref)} among its aliases), "
            "or give the name of a registered place")


def index_registries(files: list[LoadedFile]) -> tuple[RegistryIndex, list[Problem]]:
    """Every entry by id, then every name and alias; duplicates, clashes and look-alikes reported."""
    index = RegistryIndex()
    problems: list[Problem] = []
    for loaded in files:
        _index_entries(index, loaded, problems)
    index.not_actors = {normalise(n).casefold() for loaded in files for n in (loaded.model.not_actors or ())}
    # aliases after all ids are known, so an alias can never shadow an id
    for kind in ("actor", "event", "place"):
        _index_aliases(index, index.names(kind), problems)
    for place_id, entry in index.places.ids.items():  # a place named in a source's own case: Дохе, بالدوحة
        for name in (entry.name, *entry.aliases):
            for form in forms(normalise(name)):
                index.places.by_form.setdefault(Names.key(form), place_id)
    return index, problems


def _index_entries(index: RegistryIndex, loaded: LoadedFile, problems: list[Problem]) -> None:
    reg: m.Registry = loaded.model
    for kind, entries in (("actor", reg.actors), ("event", reg.events), ("place", reg.places)):
        names = index.names(kind)
        for entry_id, entry in entries.items():
            loc = (kind + "s", entry_id)
            if entry_id in names.ids:
                other, other_loc = index.where[(kind, entry_id)]
                line = other.where(other_loc, prefer_key=True)[0]
                problems.append(loaded.located.problem(
                    loc, f"duplicate-{kind}", f"{kind} id {entry_id!r} is already defined in {other.path}:{line}",
                    prefer_key=True))
                continue
            if entry_id in m.RESERVED_IDS:
                problems.append(loaded.located.problem(
                    loc, "reserved-id", f"{entry_id!r} names a fixed page; choose another id", prefer_key=True))
                continue
            names.ids[entry_id] = entry
            index.where[(kind, entry_id)] = (loaded.located, loc)


def _own_names(entry_id: str, entry, loc: tuple) -> list[tuple[str, tuple, bool]]:
    """(name, where it is written, whether it is the id) for an entry's id, name, aliases, abbreviation."""
    own = [(entry_id, loc, True)]
    primary = getattr(entry, "name", None) or getattr(entry, "title")
    own.append((primary, loc + ("name" if hasattr(entry, "name") else "title",), False))
    own += [(a, loc + ("aliases", i), False) for i, a in enumerate(entry.aliases)]
    if getattr(entry, "abbreviation", None):
        own.append((entry.abbreviation, loc + ("abbreviation",), False))
    return own


def _index_aliases(index: RegistryIndex, names: Names, problems: list[Problem]) -> None:
    claimed: dict[str, str] = {}
    for entry_id, entry in names.ids.items():
        located, loc = index.where[(names.kind, entry_id)]
        for alias, alias_loc, is_id in _own_names(entry_id, entry, loc):
            unsafe = None if is_id else name_problem(alias)
            if unsafe:
                problems.append(located.problem(alias_loc, "look-alike-name", unsafe))
                continue
            key = names.key(alias)
            owner = claimed.get(key)
            if owner is None:
                claimed[key] = entry_id
                names.by_alias[key] = entry_id
            elif owner != entry_id:
                problems.append(located.problem(alias_loc, "ambiguous-alias",
                                                f"{alias!r} already names {names.kind} {owner!r}; "
                                                "an alias may belong to one only"))
                continue
            shape = skeleton(alias)
            twin = names.by_skeleton.setdefault(shape, entry_id) if shape else entry_id
            if twin != entry_id:
                twin_name = getattr(names.ids[twin], "name", None) or names.ids[twin].title
                problems.append(located.problem(
                    alias_loc, "look-alike-names",
                    f"{alias!r} looks the same as {names.kind} {twin!r} ({twin_name!r}) once case, "
                    "punctuation and look-alike letters are ignored; readers could not tell "
                    "them apart: merge them, or make the names distinguishable"))
