"""Load, validate and resolve every input into one immutable, cross-linked corpus."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping

from pydantic import ValidationError

from . import models as m
from .dates import format_date
from .loading import Located, load_yaml_file
from .names import NameIndex
from .paragraphs import Paragraph, normalise, split_paragraphs
from ..problems import Problem
from .lookalike import explain_lookalike, name_problem, skeleton
from ..project import Project

RESERVED_IDS = frozenset({"index", "search", "assets", "404", "sitemap"})


# ---------------------------------------------------------------- the corpus

@dataclass(frozen=True)
class Mention:
    source: str
    paragraphs: tuple[int, ...]
    role: str | None


@dataclass(frozen=True)
class Participation:
    actor: str
    role: str | None
    source: str
    paragraphs: tuple[int, ...]
    # where the role comes from when the account itself gives none (another source, nearest in date)
    role_source: str | None = None
    role_paragraphs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Account:
    """One source's account of one event, references resolved to ids."""

    source: str
    event: str
    data: m.EventAccount
    hosts: tuple[str, ...]
    participants: tuple[Participation, ...]


@dataclass(frozen=True)
class QuoteRef:
    source: str
    speaker: str
    text: str
    paragraphs: tuple[int, ...]
    event: str | None


@dataclass(frozen=True)
class PositionRef:
    source: str
    actor: str
    issue: str
    stance: str
    paragraphs: tuple[int, ...]
    event: str | None


@dataclass(frozen=True)
class Claim:
    source: str
    value: str
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Disagreement:
    event: str
    field: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True)
class Source:
    id: str
    briefing: m.Briefing
    seed_path: Path
    paragraphs: tuple[Paragraph, ...]
    actors: tuple[str, ...]
    events: tuple[str, ...]
    # (actor id, how this source mentions it), in the order of `actors`
    mentions: tuple[tuple[str, "Mention"], ...] = ()

    @property
    def boilerplate(self) -> frozenset[int]:
        return frozenset(self.briefing.boilerplate)

    @property
    def date(self) -> m.DateSpec | None:
        return self.briefing.published


@dataclass(frozen=True)
class Actor:
    id: str
    entry: m.ActorEntry
    mentions: tuple[Mention, ...]
    events: tuple[str, ...]
    quotes: tuple[QuoteRef, ...]
    positions: tuple[PositionRef, ...]
    affiliation: tuple[str, ...]  # resolved ids of the actors this one belongs to
    affiliates: tuple[str, ...]  # actors whose affiliation names this one

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(mention.source for mention in self.mentions))


@dataclass(frozen=True)
class Event:
    id: str
    entry: m.EventEntry
    hosts: tuple[str, ...]
    part_of: str | None
    related: tuple[str, ...]  # both ways
    accounts: tuple[Account, ...]
    participants: tuple[Participation, ...]
    quotes: tuple[QuoteRef, ...]
    disagreements: tuple[Disagreement, ...]
    sort_key: tuple

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(account.source for account in self.accounts))

    @property
    def date(self) -> m.DateSpec | None:
        if self.entry.date is not None:
            return self.entry.date
        dated = [a.data.date for a in self.accounts if a.data.date is not None]
        return min(dated, key=lambda d: d.bounds()) if dated else None


@dataclass(frozen=True)
class Corpus:
    actors: Mapping[str, Actor]
    events: Mapping[str, Event]
    sources: Mapping[str, Source]
    disagreements: tuple[Disagreement, ...]
    warnings: tuple[Problem, ...]
    # issue id → every position taken on it, in the order of the sources' dates
    topics: Mapping[str, tuple[PositionRef, ...]] = field(default_factory=lambda: MappingProxyType({}))

    def date_of(self, source_id: str) -> m.DateSpec | None:
        return self.sources[source_id].date

    def events_in_time_order(self) -> list[Event]:
        return sorted(self.events.values(), key=lambda e: e.sort_key)

    def sources_in_time_order(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: (_date_key(s.date), s.id))


def _date_key(spec: m.DateSpec | None) -> tuple:
    """Sort key across mixed precisions: by earliest possible day, then the narrower first."""
    if spec is None:
        return (date.max, date.max)
    lo, hi = spec.bounds()
    return (lo, hi)


# ---------------------------------------------------------------- loading

@dataclass
class _Loaded:
    located: Located
    model: Any
    salvaged: bool = False  # validation failed; the model holds only the parts that validated


def _validate(located: Located, model_cls) -> tuple[Any, list[Problem]]:
    try:
        return model_cls.model_validate(located.data), []
    except ValidationError as err:
        problems = []
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            # Pydantic adds union/validator tags to the loc; keep only real data keys.
            data_loc = _data_loc(located.data, loc)
            code, message = _describe(error, loc, model_cls)
            on_key = data_loc[-1:] == ("[key]",)
            problems.append(located.problem(data_loc[:-1] if on_key else data_loc, code, message,
                                            prefer_key=on_key or error["type"] == "extra_forbidden"))
        return None, problems


def _data_loc(data: Any, loc: tuple) -> tuple:
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            out.append(part)
        elif part == "[key]":  # the key itself is wrong (a number where an id is meant)
            out.append(part)
            break
        elif isinstance(node, dict) and isinstance(part, str) and part not in node and not out[-1:] == [part]:
            # a missing required key, or a model tag such as 'function-after[...]'
            if not part.startswith(("function-", "list[", "str", "int", "PlaceSpec", "DateSpec")):
                out.append(part)
                break
    return tuple(out)


def _describe(error: dict, loc: tuple, model_cls) -> tuple[str, str]:
    field_name = ".".join(str(p) for p in loc if not str(p).startswith(("function-", "list[")))
    kind = error["type"]
    if loc[-1:] == ("[key]",):  # a mapping key of the wrong kind, e.g. an id written as a number
        field_name = field_name.removesuffix(".[key]")
        key = loc[-2]
        if not isinstance(key, str):
            return "bad-id", f"{field_name}: the id {key!r} is read as a number; write it in quotes"
        return "bad-id", (f"{field_name}: {key!r} is not an id: use lowercase letters, digits and single "
                          "hyphens (like 'kabul-process'), at most 80 characters")
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _known_fields(model_cls, loc[:-1])
        hint = difflib.get_close_matches(str(key), known, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else (f"; known fields: {', '.join(known)}" if known else "")
        return "unknown-field", f"{field_name}: unknown field {key!r}{suggestion}"
    if kind == "missing":
        return "missing-field", f"{field_name}: required field is missing"
    if kind in {"bad_date", "missing_basis"}:  # raised by the models themselves
        return kind.replace("_", "-"), f"{field_name}: {error['msg']}"
    if kind == "value_error":
        return "bad-value", f"{field_name}: {error.get('ctx', {}).get('error', error['msg'])}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']+)'", str(error.get("ctx", {}).get("expected", "")))
        got = error.get("input")
        close = difflib.get_close_matches(str(got), allowed, n=1) if isinstance(got, str) else []
        hint = f"; did you mean {close[0]!r}?" if close else f"; one of: {', '.join(allowed)}"
        return "bad-value", f"{field_name}: {got!r} is not allowed{hint}"
    if kind in {"string_type", "int_type", "bool_type", "list_type", "dict_type", "model_type",
                "model_attributes_type"}:
        got = type(error.get("input")).__name__
        got = {"NoneType": "nothing", "str": "text", "int": "a number", "bool": "true/false",
               "list": "a list", "dict": "a mapping", "float": "a number"}.get(got, got)
        if not field_name:  # the whole file has the wrong shape
            fields = ", ".join(f"{name}:" for name, f in model_cls.model_fields.items() if f.is_required())
            return "wrong-type", f"the file must be a mapping of fields ({fields} ...), got {got}"
        msg = re.sub(r"valid dictionary or instance of \w+", "mapping of fields", error["msg"])
        return "wrong-type", f"{field_name}: {msg}, got {got}"
    return "bad-value", f"{field_name or 'the file'}: {error['msg']}"


def _known_fields(model_cls, loc: tuple) -> list[str]:
    """Field names valid at loc, for 'did you mean' hints."""
    current = model_cls
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        if part in fields:
            current = _model_in(fields[part].annotation)
        elif fields and part not in fields and not str(part).startswith(("function-", "list[")):
            current = None
    return sorted(getattr(current, "model_fields", {}) or [])


def _model_in(annotation) -> Any:
    from typing import get_args
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _list_item_model(annotation) -> Any:
    """The model inside list[Model] or dict[str, Model], if that is what annotation is."""
    from typing import get_args, get_origin
    origin = get_origin(annotation)
    if origin in (list, dict):
        args = get_args(annotation)
        item = args[-1] if args else None
        return item if isinstance(item, type) and issubclass(item, m.Strict) else None
    return None


def _salvage(data: Any, model_cls) -> Any:
    """A model built from the parts of `data` that validate; failed items become None.

    Only used to go on checking references after a validation error; list
    positions are kept so that problems still point at the right lines.
    """
    from pydantic import TypeAdapter
    from typing import Annotated
    if not isinstance(data, dict):
        return None
    fields: dict[str, Any] = {}
    for name, info in model_cls.model_fields.items():
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if name not in data:
            fields[name] = default
            continue
        value = data[name]
        item_model = _list_item_model(info.annotation)
        if item_model is not None and isinstance(value, (list, dict)):
            def check(item, _m=item_model):
                try:
                    return _m.model_validate(item)
                except ValidationError:
                    return None
            if isinstance(value, list):
                fields[name] = [check(item) for item in value]
            else:
                fields[name] = {k: v for k, v in ((k, check(v)) for k, v in value.items())
                                if v is not None and isinstance(k, str) and re.match(m.ID_PATTERN, k)}
            continue
        try:
            adapter = TypeAdapter(Annotated[(info.annotation, *info.metadata)])
            fields[name] = adapter.validate_python(value, strict=True)
        except (ValidationError, TypeError):
            fields[name] = default
    return model_cls.model_construct(**fields)


def _items(values) -> Iterable[tuple[int, Any]]:
    """(index, item) for the items that validated; salvaged lists hold None for the rest."""
    return ((i, item) for i, item in enumerate(values or ()) if item is not None)


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


# ---------------------------------------------------------------- resolving

class _Names:
    """Id and alias lookup for one kind of thing (actors or events)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.ids: dict[str, Any] = {}
        self.by_alias: dict[str, str] = {}
        self.alias_owner_where: dict[str, tuple] = {}
        self.by_skeleton: dict[str, str] = {}  # what a name looks like → id

    @staticmethod
    def key(name: str) -> str:
        return normalise(name).casefold()

    def lookup(self, ref: str) -> str | None:
        if ref in self.ids:
            return ref
        return self.by_alias.get(self.key(ref))

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


class _Resolver:
    def __init__(self, project: Project, include_drafts: bool = False, cache: dict | None = None):
        self.project = project
        self.cache = cache
        self.include_drafts = include_drafts
        self.drafts: set[str] = set()  # display paths of draft briefings
        self.problems: list[Problem] = []
        self.actors = _Names("actor")
        self.events = _Names("event")
        self.registry_files: list[_Loaded] = []
        self.actor_where: dict[str, tuple[Located, tuple]] = {}
        self.event_where: dict[str, tuple[Located, tuple]] = {}
        self.documents: dict[str, _Loaded] = {}
        self._matcher: NameIndex | None = None
        self.not_actors: set[str] = set()
        self._event_names: NameIndex | None = None
        self._scan_memo: dict | None = None

    # -- phase 1: read and validate every file
    def load(self) -> None:
        reg_files = _yaml_files(self.project.registry)
        if not reg_files:
            self.problems.append(Problem(self.project.display(self.project.registry), 0, 0,
                                         "missing-registry", "no registry files (*.yaml) found"))
        for path in reg_files:
            loaded = self._load(path, m.Registry)
            if loaded:
                self.registry_files.append(loaded)
        file_of: dict[str, str] = {}
        for path in _yaml_files(self.project.briefings):
            display = self.project.display(path)
            doc_id = path.stem
            if not re.match(m.ID_PATTERN, doc_id) or len(doc_id) > 80:
                self.problems.append(Problem(display, 1, 1, "bad-id",
                                             f"file name {path.name!r} must be a lowercase kebab-case id, "
                                             "e.g. 'kabul-process-2017.yaml'"))
                continue
            if doc_id in RESERVED_IDS:
                self.problems.append(Problem(display, 1, 1, "reserved-id",
                                             f"{doc_id!r} names a fixed page; choose another file name"))
                continue
            if doc_id in file_of:  # a.yaml and a.yml would both be the page sources/a
                self.problems.append(Problem(display, 1, 1, "duplicate-document",
                                             f"{file_of[doc_id]} has the same id {doc_id!r}; "
                                             "rename or remove one of them"))
                continue
            file_of[doc_id] = display
            loaded = self._load(path, m.Briefing)
            if loaded and loaded.model.draft is True:
                self.drafts.add(display)
                self._draft_todos(loaded.located)
                if not self.include_drafts or loaded.salvaged:
                    self.problems.append(Problem(display, 1, 1, "draft", "a draft: left out of the build "
                                                 "until `draft: true` is removed", "warning"))
                    continue
            if loaded:
                self.documents[doc_id] = loaded

    def _draft_todos(self, located: Located) -> None:
        """A draft says what is still to be written: every value still marked TODO."""
        def walk(value, loc):
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, loc + (k,))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, loc + (i,))
            elif isinstance(value, str) and "TODO" in value:
                field = ".".join(str(p) for p in loc)
                self.problems.append(located.problem(loc, "draft-todo", f"{field}: still to do: {value[:80]}",
                                                     "warning"))
        walk(located.data, ())

    def _load(self, path: Path, model_cls) -> _Loaded | None:
        if self.cache is not None:  # the preview: unchanged files are not parsed again
            try:
                stat = path.stat()
                key = (str(path), stat.st_mtime_ns, stat.st_size, model_cls.__name__)
            except OSError:
                key = None
            if key is not None and key in self.cache:
                loaded, problems = self.cache[key]
                self.problems.extend(problems)
                return loaded
            before = len(self.problems)
            loaded = self._load_uncached(path, model_cls)
            if key is not None:
                latest = self.cache.setdefault(("latest",), {})  # (path, model) → its cached key
                stale = latest.get((key[0], key[3]))
                if stale is not None:
                    self.cache.pop(stale, None)  # the file's older version
                latest[(key[0], key[3])] = key
                self.cache[key] = (loaded, self.problems[before:])
            return loaded
        return self._load_uncached(path, model_cls)

    def _load_uncached(self, path: Path, model_cls) -> _Loaded | None:
        located, problems = load_yaml_file(path, self.project.display(path))
        self.problems.extend(problems)
        if located is None:
            return None
        model, problems = _validate(located, model_cls)
        self.problems.extend(problems)
        if model is None:
            # Keep checking what is valid (references, citations, quotes) so that one
            # run reports every problem; the corpus is never built from salvaged data.
            model = _salvage(located.data, model_cls)
            return _Loaded(located, model, salvaged=True) if model is not None else None
        return _Loaded(located, model)

    # -- phase 2: registries
    @property
    def scan_memo(self) -> dict:
        """Results of scanning text for names, valid while the registry is unchanged."""
        if self._scan_memo is None:
            self._scan_memo = self._scan_cache()
        return self._scan_memo


    def index_registries(self) -> None:
        for loaded in self.registry_files:
            reg: m.Registry = loaded.model
            for kind, entries, names, where in (("actor", reg.actors, self.actors, self.actor_where),
                                                ("event", reg.events, self.events, self.event_where)):
                section = kind + "s"
                for entry_id, entry in entries.items():
                    loc = (section, entry_id)
                    if entry_id in names.ids:
                        other, other_loc = where[entry_id]
                        line = other.where(other_loc, prefer_key=True)[0]
                        self._err(loaded.located, loc, f"duplicate-{kind}",
                                  f"{kind} id {entry_id!r} is already defined in {other.path}:{line}", key=True)
                        continue
                    if entry_id in RESERVED_IDS:
                        self._err(loaded.located, loc, "reserved-id",
                                  f"{entry_id!r} names a fixed page; choose another id", key=True)
                        continue
                    names.ids[entry_id] = entry
                    where[entry_id] = (loaded.located, loc)
        self.not_actors = {normalise(n).casefold() for loaded in self.registry_files
                           for n in (loaded.model.not_actors or ())}
        # aliases after all ids are known, so an alias can never shadow an id
        for names, where in ((self.actors, self.actor_where), (self.events, self.event_where)):
            claimed: dict[str, str] = {}
            for entry_id, entry in names.ids.items():
                located, loc = where[entry_id]
                own = [(entry_id, loc, True)]
                primary = getattr(entry, "name", None) or getattr(entry, "title")
                own.append((primary, loc + ("name" if hasattr(entry, "name") else "title",), False))
                own += [(a, loc + ("aliases", i), False) for i, a in enumerate(entry.aliases)]
                if getattr(entry, "abbreviation", None):
                    own.append((entry.abbreviation, loc + ("abbreviation",), False))
                for alias, alias_loc, is_id in own:
                    unsafe = None if is_id else name_problem(alias)
                    if unsafe:
                        self._err(located, alias_loc, "look-alike-name", unsafe)
                        continue
                    key = names.key(alias)
                    owner = claimed.get(key)
                    if owner is None:
                        claimed[key] = entry_id
                        names.by_alias[key] = entry_id
                    elif owner != entry_id:
                        self._err(located, alias_loc, "ambiguous-alias",
                                  f"{alias!r} already names {names.kind} {owner!r}; "
                                  "an alias may belong to one only")
                        continue
                    shape = skeleton(alias)
                    twin = names.by_skeleton.setdefault(shape, entry_id) if shape else entry_id
                    if twin != entry_id:
                        twin_name = getattr(names.ids[twin], "name", None) or names.ids[twin].title
                        self._err(located, alias_loc, "look-alike-names",
                                  f"{alias!r} looks the same as {names.kind} {twin!r} ({twin_name!r}) once case, "
                                  "punctuation and look-alike letters are ignored; readers could not tell "
                                  "them apart: merge them, or make the names distinguishable")

    def _err(self, located: Located, loc: tuple, code: str, message: str,
             severity: str = "error", key: bool = False) -> None:
        self.problems.append(located.problem(loc, code, message, severity, prefer_key=key))

    def _ref(self, names: _Names, ref: str, located: Located, loc: tuple) -> str | None:
        found = names.lookup(ref)
        if found is None:
            self._err(located, loc, f"unknown-{names.kind}",
                      f"no {names.kind} {ref!r} in the registry{names.suggest(ref)}")
        return found

    # -- phase 3: cross-references
    def resolve(self) -> Corpus:
        mentions: dict[str, list[Mention]] = defaultdict(list)
        quotes_by_actor: dict[str, list[QuoteRef]] = defaultdict(list)
        quotes_by_event: dict[str, list[QuoteRef]] = defaultdict(list)
        positions_by_actor: dict[str, list[PositionRef]] = defaultdict(list)
        accounts: dict[str, list[Account]] = defaultdict(list)
        actor_events: dict[str, set[str]] = defaultdict(set)
        sources: dict[str, Source] = {}
        warnings: list[Problem] = []
        seeds_used: dict[str, str] = {}

        # registry-level references
        event_hosts: dict[str, tuple[str, ...]] = {}
        event_part_of: dict[str, str | None] = {}
        event_related: dict[str, set[str]] = defaultdict(set)
        affiliates: dict[str, list[str]] = defaultdict(list)
        affiliation: dict[str, list[str]] = defaultdict(list)
        for actor_id, entry in self.actors.ids.items():
            located, loc = self.actor_where[actor_id]
            for i, ref in enumerate(entry.affiliation):
                target = self._ref(self.actors, ref, located, loc + ("affiliation", i))
                if target == actor_id:
                    self._err(located, loc + ("affiliation", i), "self-reference", "an actor cannot belong to itself")
                elif target:
                    affiliates[target].append(actor_id)
                    affiliation[actor_id].append(target)
        for event_id, entry in self.events.ids.items():
            located, loc = self.event_where[event_id]
            hosts = [self._ref(self.actors, h, located, loc + ("host", i)) for i, h in enumerate(entry.host)]
            event_hosts[event_id] = tuple(h for h in hosts if h)
            for h in event_hosts[event_id]:
                actor_events[h].add(event_id)
            part_of = None
            if entry.part_of:
                part_of = self.events.lookup(entry.part_of) or self.actors.lookup(entry.part_of)
                if part_of is None:
                    self._err(located, loc + ("part_of",), "unknown-reference",
                              f"part_of {entry.part_of!r} is neither an event nor an actor"
                              f"{self.events.suggest(entry.part_of) or self.actors.suggest(entry.part_of)}")
                elif part_of == event_id:
                    self._err(located, loc + ("part_of",), "self-reference", "an event cannot be part of itself")
                    part_of = None
            event_part_of[event_id] = part_of
            for i, ref in enumerate(entry.related):
                target = self._ref(self.events, ref, located, loc + ("related", i))
                if target and target != event_id:
                    event_related[event_id].add(target)
                    event_related[target].add(event_id)
        for cycle in _cycles(affiliation):
            located, loc = self.actor_where[cycle[0]]
            self._err(located, loc + ("affiliation",), "circular-reference",
                      "affiliations go round in a circle: " + " → ".join(cycle + [cycle[0]]))
        for cycle in _cycles({e: [p] for e, p in event_part_of.items() if p in self.events.ids}):
            located, loc = self.event_where[cycle[0]]
            self._err(located, loc + ("part_of",), "circular-reference",
                      "part_of goes round in a circle: " + " → ".join(cycle + [cycle[0]]))
            for event_id in cycle:
                event_part_of[event_id] = None
        for event_id, part_of in event_part_of.items():
            if part_of in self.events.ids:
                event_related[event_id].add(part_of)
                event_related[part_of].add(event_id)
            elif part_of in self.actors.ids:  # a meeting of a negotiating format
                actor_events[part_of].add(event_id)

        # documents
        for doc_id, loaded in sorted(self.documents.items()):
            doc: m.Briefing = loaded.model
            located = loaded.located
            seed_path = self._seed(doc, located)
            if seed_path is None:
                continue
            if doc.seed in seeds_used:
                self._err(located, ("seed",), "duplicate-seed",
                          f"seed {doc.seed!r} is already summarised by {seeds_used[doc.seed]!r}")
            seeds_used[doc.seed] = doc_id
            try:
                paragraphs = self._paragraphs(seed_path)
            except (OSError, UnicodeDecodeError) as err:
                self._err(located, ("seed",), "unreadable-seed", f"cannot read {doc.seed}: {err}")
                continue
            count = len(paragraphs)

            def cites(values, loc, _count=count, _located=located) -> tuple[int, ...]:
                for i, number in enumerate(values):
                    if number > _count:
                        self._err(_located, loc + (i,) if len(values) > 1 else loc, "citation-out-of-range",
                                  f"paragraph {number} does not exist; {doc.seed} has {_count} paragraphs")
                return tuple(sorted(set(n for n in values if n <= _count)))

            cites(doc.boilerplate or [], ("boilerplate",))
            for i, point in _items(doc.key_points):
                cites(point.cite, ("key_points", i, "cite"))
            for i, note in _items(doc.notes):
                cites(note.cite, ("notes", i, "cite"))

            doc_actors: dict[str, dict] = {}

            def note_actor(actor_id: str | None, paras=(), role=None, _doc_actors=doc_actors):
                if actor_id is None:
                    return
                slot = _doc_actors.setdefault(actor_id, {"paragraphs": set(), "role": None})
                slot["paragraphs"].update(paras)
                if role and not slot["role"]:
                    slot["role"] = role

            if doc.publisher and doc.publisher.actor:
                note_actor(self._ref(self.actors, doc.publisher.actor, located, ("publisher", "actor")))
            for i, mention in _items(doc.actors):
                actor_id = self._ref(self.actors, mention.actor, located, ("actors", i, "actor"))
                if actor_id in doc_actors and doc_actors[actor_id]["role"] and mention.role:
                    self._err(located, ("actors", i, "actor"), "duplicate-mention",
                              f"actor {actor_id!r} is listed twice in this document", severity="warning")
                note_actor(actor_id, cites(mention.cite, ("actors", i, "cite")), mention.role)

            doc_events: list[str] = []
            for i, account in _items(doc.events):
                loc = ("events", i)
                event_id = self._ref(self.events, account.event, located, loc + ("event",))
                paras = cites(account.cite, loc + ("cite",))
                hosts = tuple(h for h in (self._ref(self.actors, h, located, loc + ("host", j))
                                          for j, h in enumerate(account.host)) if h)
                participants = []
                for j, part in enumerate(account.participants):
                    actor_id = self._ref(self.actors, part.actor, located, loc + ("participants", j, "actor"))
                    if actor_id:
                        participants.append(Participation(actor_id, part.role, doc_id, paras))
                        note_actor(actor_id)  # a role at one event is not the document's title for them
                for j, count in enumerate(account.counts):
                    cites(count.cite, loc + ("counts", j, "cite"))
                for h in hosts:
                    note_actor(h)
                if event_id is None:
                    continue
                if event_id in doc_events:
                    self._err(located, loc + ("event",), "duplicate-account",
                              f"event {event_id!r} has two accounts in this document; merge them")
                    continue
                doc_events.append(event_id)
                accounts[event_id].append(Account(doc_id, event_id, account, hosts, tuple(participants)))

            for i, quote in _items(doc.quotes):
                loc = ("quotes", i)
                speaker = self._ref(self.actors, quote.speaker, located, loc + ("speaker",))
                event_id = self._ref(self.events, quote.event, located, loc + ("event",)) if quote.event else None
                paras = cites(quote.cite, loc + ("cite",))
                if paras:
                    haystack = normalise(" ".join(paragraphs[n - 1].text for n in paras))
                    if normalise(quote.text) not in haystack:
                        where = "paragraph" + ("s " if len(paras) > 1 else " ") + ", ".join(map(str, paras))
                        hint = ""
                        whole = normalise(" ".join(p.text for p in paragraphs))
                        if normalise(quote.text) in whole:
                            found = [p.number for p in paragraphs if normalise(quote.text) in normalise(p.text)]
                            hint = f"; it is in paragraph {found[0]}" if found else ""
                        self._err(located, loc + ("text",), "quote-not-in-source",
                                  f"quote not found in {doc.seed} {where}{hint}")
                if speaker:
                    note_actor(speaker, paras)
                    ref = QuoteRef(doc_id, speaker, quote.text, paras, event_id)
                    quotes_by_actor[speaker].append(ref)
                    if event_id:
                        quotes_by_event[event_id].append(ref)
            for i, pos in _items(doc.positions):
                loc = ("positions", i)
                actor_id = self._ref(self.actors, pos.actor, located, loc + ("actor",))
                event_id = self._ref(self.events, pos.event, located, loc + ("event",)) if pos.event else None
                paras = cites(pos.cite, loc + ("cite",))
                if pos.issue in RESERVED_IDS:
                    self._err(located, loc + ("issue",), "reserved-id",
                              f"{pos.issue!r} names a fixed page; choose another issue id")
                if actor_id:
                    note_actor(actor_id)
                    positions_by_actor[actor_id].append(
                        PositionRef(doc_id, actor_id, pos.issue, pos.stance, paras, event_id))

            # names found in the text count as mentions too (outside scraped boilerplate)
            named = self._names_by_paragraph(paragraphs, set(doc.boilerplate or ()))
            doc_mentions: dict[str, Mention] = {}
            for actor_id, slot in doc_actors.items():
                slot["paragraphs"].update(n for n, ids in named.items() if actor_id in ids)
                if not slot["paragraphs"]:
                    self._err(located, ("actors",), "mention-not-found",
                              f"actor {actor_id!r} is listed but none of its names occurs in {doc.seed}; "
                              "add `cite:` paragraphs", severity="warning")
                mentions[actor_id].append(Mention(doc_id, tuple(sorted(slot["paragraphs"])), slot["role"]))
                doc_mentions[actor_id] = mentions[actor_id][-1]
            for event_id in doc_events:
                for account in accounts[event_id]:
                    if account.source == doc_id:
                        for actor_id in (*account.hosts, *(p.actor for p in account.participants)):
                            actor_events[actor_id].add(event_id)
            sources[doc_id] = Source(doc_id, doc, seed_path, paragraphs,
                                     tuple(sorted(doc_actors)), tuple(doc_events),
                                     tuple(sorted(doc_mentions.items())))

        for event_id, event_quotes in quotes_by_event.items():
            for q in event_quotes:
                actor_events[q.speaker].add(event_id)

        # build the immutable records
        events: dict[str, Event] = {}
        actor_names = {actor_id: entry.name for actor_id, entry in self.actors.ids.items()}
        all_disagreements: list[Disagreement] = []
        source_dates = {sid: src.date for sid, src in sources.items()}
        for event_id, entry in self.events.ids.items():
            event_accounts = tuple(accounts.get(event_id, ()))
            when = entry.date or min((a.data.date for a in event_accounts if a.data.date),
                                     key=lambda d: d.bounds(), default=None)
            participants = _merge_participants(event_accounts, mentions, when, source_dates)
            disagreements = tuple(find_disagreements(event_id, event_accounts, actor_names))
            all_disagreements.extend(disagreements)
            provisional = Event(event_id, entry, event_hosts[event_id], event_part_of[event_id], (),
                                event_accounts, participants, tuple(quotes_by_event.get(event_id, ())),
                                disagreements, ())
            events[event_id] = provisional
        for event_id, event in list(events.items()):
            key = (_date_key(event.date), event.title.casefold(), event_id)
            related = tuple(sorted(event_related.get(event_id, ()),
                                   key=lambda r: (_date_key(events[r].date), r)))
            events[event_id] = _replace(event, related=related, sort_key=key)
        actors: dict[str, Actor] = {}
        for actor_id, entry in self.actors.ids.items():
            own_events = sorted(actor_events.get(actor_id, ()), key=lambda e: events[e].sort_key)
            actor_mentions = sorted(mentions.get(actor_id, ()),
                                    key=lambda mm: (_date_key(sources[mm.source].date), mm.source))
            actors[actor_id] = Actor(actor_id, entry, tuple(actor_mentions), tuple(own_events),
                                     tuple(quotes_by_actor.get(actor_id, ())),
                                     tuple(sorted(positions_by_actor.get(actor_id, ()),
                                                  key=lambda p: (_date_key(sources[p.source].date), p.issue))),
                                     tuple(affiliation.get(actor_id, ())),
                                     tuple(sorted(affiliates.get(actor_id, ()))))
        topics: dict[str, list[PositionRef]] = defaultdict(list)
        for actor in actors.values():
            for pos in actor.positions:
                topics[pos.issue].append(pos)
        topic_map = {issue: tuple(sorted(refs, key=lambda p: (_date_key(sources[p.source].date), p.actor)))
                     for issue, refs in sorted(topics.items())}
        return Corpus(MappingProxyType(actors), MappingProxyType(events), MappingProxyType(sources),
                      tuple(all_disagreements), tuple(warnings), MappingProxyType(topic_map))

    def _seed(self, doc: m.Briefing, located: Located) -> Path | None:
        name = doc.seed
        if not isinstance(name, str):
            return None  # already reported by validation
        if "/" in name or "\\" in name or name.startswith(".") or name != Path(name).name:
            self._err(located, ("seed",), "bad-seed-path",
                      f"seed must be a file name inside seeds/, not a path: {name!r}")
            return None
        path = self.project.seeds / name
        if not path.is_file():
            known = sorted(p.name for p in self.project.seeds.glob("*") if p.is_file())
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self._err(located, ("seed",), "missing-seed", f"no file {name!r} in seeds/{hint}")
            return None
        return path

    def _paragraphs(self, seed_path: Path) -> tuple[Paragraph, ...]:
        """A seed's numbered paragraphs; in the preview, split again only when the file changed."""
        if self.cache is None:
            return split_paragraphs(seed_path.read_text(encoding="utf-8"))
        stat = seed_path.stat()
        key = ("seed", str(seed_path))
        cached = self.cache.get(key)
        if cached is None or cached[0] != (stat.st_mtime_ns, stat.st_size):
            cached = ((stat.st_mtime_ns, stat.st_size), split_paragraphs(seed_path.read_text(encoding="utf-8")))
            self.cache[key] = cached
        return cached[1]

    def _actor_names(self) -> NameIndex:
        if self._matcher is None:
            index = NameIndex()
            for actor_id, entry in self.actors.ids.items():
                for name in (entry.name, *entry.aliases, entry.abbreviation):
                    if name:
                        index.add(normalise(name), actor_id)
            self._matcher = index
        return self._matcher

    def known_name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where registered actor names, event titles and event aliases occur in (normalised) text."""
        if self._event_names is None:
            index = NameIndex()
            for event_id, entry in self.events.ids.items():
                for name in (entry.title, *entry.aliases):
                    # event titles match in any case, even single words
                    index.add(normalise(name), event_id, any_case=True)
            self._event_names = index
        memo = self.scan_memo
        key = ("spans", text)
        if key not in memo:
            spans = [(s, e) for s, e, _ in self._actor_names().finditer(text)]
            memo[key] = spans + [(s, e) for s, e, _ in self._event_names.finditer(text)]
        return memo[key]

    def locate(self, kind: str, entity_id: str) -> tuple[Located, tuple] | None:
        return (self.actor_where if kind == "actor" else self.event_where).get(entity_id)

    def document(self, doc_id: str) -> Located | None:
        loaded = self.documents.get(doc_id)
        return loaded.located if loaded else None

    def _scan_cache(self) -> dict:
        """Results of scanning paragraph text for names, kept (in the preview) while the registry is unchanged."""
        if self.cache is None:
            return {}
        signature = tuple(sorted(k for k in self.cache if isinstance(k, tuple) and len(k) == 4
                                 and k[3] == "Registry"))
        for stale in [k for k in self.cache if k[0] == "names" and k[1] != signature]:
            del self.cache[stale]  # scans made with an older registry are never valid again
        return self.cache.setdefault(("names", signature), {})

    def _names_by_paragraph(self, paragraphs: Iterable[Paragraph], boiler: set[int]) -> dict[int, set[str]]:
        index = self._actor_names()
        memo = self.scan_memo
        found = {}
        for p in paragraphs:
            if p.number in boiler:
                continue
            key = ("actors", p.text)
            if key not in memo:
                memo[key] = {target for _, _, target in index.finditer(normalise(p.text))}
            found[p.number] = memo[key]
        return found


def _cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of a directed graph once, starting at its smallest node (iterative: no recursion limit)."""
    found: dict[tuple, list[str]] = {}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = []
        stack = [(start, iter(graph.get(start, ())))]
        state[start] = 1
        path.append(start)
        while stack:
            node, targets = stack[-1]
            nxt = next(targets, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt):]
                first = cycle.index(min(cycle))
                cycle = cycle[first:] + cycle[:first]
                found.setdefault(tuple(cycle), cycle)
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(graph.get(nxt, ()))))
    return list(found.values())


def _replace(obj, **changes):
    from dataclasses import replace
    return replace(obj, **changes)


def _merge_participants(accounts: tuple[Account, ...], mentions, when: m.DateSpec | None,
                        source_dates: Mapping[str, m.DateSpec | None]) -> tuple[Participation, ...]:
    """Everyone a source places at the event, with the role they held at the event's date.

    The role is the one the account gives; failing that, the one the same source gives
    them; failing that, the one attested by the source whose date is nearest the event's.
    """
    def distance(mention: Mention) -> tuple:
        spec = source_dates.get(mention.source)
        if spec is None or when is None:
            return (1, 0)
        (a, b), (c, d) = spec.bounds(), when.bounds()
        return (0, abs(((a - c) + (b - d)).days))

    seen: dict[str, Participation] = {}
    for account in accounts:
        for part in account.participants:
            found = Participation(part.actor, part.role, account.source, part.paragraphs)
            if part.role is None:
                attested = [mm for mm in mentions.get(part.actor, ()) if mm.role]
                same = [mm for mm in attested if mm.source == account.source]
                best = same[0] if same else min(attested, key=distance, default=None)
                if best is not None:
                    found = Participation(part.actor, best.role, account.source, part.paragraphs,
                                          best.source, best.paragraphs)
            if part.actor not in seen or (seen[part.actor].role is None and found.role):
                seen[part.actor] = found
    return tuple(seen.values())


# ---------------------------------------------------------------- disagreements

def find_disagreements(event_id: str, accounts: tuple[Account, ...],
                       names: Mapping[str, str] | None = None) -> Iterable[Disagreement]:
    """Facts on which two sources' accounts of one event cannot both be right."""
    def conflict(field_name: str, values: list[tuple[Account, Any, str]], differ) -> Disagreement | None:
        for i, (a, va, _) in enumerate(values):
            for b, vb, _ in values[i + 1:]:
                if a.source != b.source and differ(va, vb):
                    claims = tuple(Claim(acc.source, text, tuple(sorted(acc.data.cite)))
                                   for acc, _, text in values)
                    return Disagreement(event_id, field_name, claims)
        return None

    def disjoint(x: m.DateSpec, y: m.DateSpec) -> bool:
        (xl, xh), (yl, yh) = x.interval(), y.interval()
        return xh < yl or yh < xl

    dated = [(a, a.data.date, format_date(a.data.date)) for a in accounts if a.data.date]
    placed = [(a, normalise(a.data.place.name).casefold(), a.data.place.name) for a in accounts if a.data.place]
    formats = [(a, a.data.format, a.data.format) for a in accounts if a.data.format not in (None, "unknown")]
    names = names or {}
    hosted = [(a, frozenset(a.hosts), ", ".join(names.get(h, h) for h in a.hosts)) for a in accounts if a.hosts]
    for found in (conflict("date", dated, disjoint),
                  conflict("place", placed, lambda x, y: x != y),
                  conflict("format", formats, lambda x, y: x != y),
                  conflict("host", hosted, lambda x, y: x != y)):
        if found:
            yield found
    by_what: dict[str, list] = defaultdict(list)
    for a in accounts:
        for c in a.data.counts:
            by_what[normalise(c.of).casefold()].append((a, c.value, f"{c.value} {c.of}"))
    for what, values in sorted(by_what.items()):
        found = conflict(f"number of {what}", values, lambda x, y: x != y)
        if found:
            yield found


# ---------------------------------------------------------------- entry point

def build_corpus(project: Project, *, include_drafts: bool = False,
                 cache: dict | None = None) -> tuple[Corpus | None, list[Problem]]:
    """Every problem in the project at once; a corpus only when there are no errors.

    The corpus carries the warnings (its health report) so that pages can show them.
    Drafts (`draft: true`) are checked too, but their problems are warnings: a draft
    never breaks a build. They join the corpus only with include_drafts (the preview).
    """
    from dataclasses import replace
    from .health import check_health
    resolver = _Resolver(project, include_drafts, cache)
    resolver.load()
    resolver.index_registries()
    corpus = resolver.resolve()
    resolver.problems.extend(check_health(corpus, resolver))
    problems = [replace(p, severity="warning", message=f"(draft) {p.message}")
                if p.path in resolver.drafts and p.is_error else p for p in resolver.problems]
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.column, p.code))
    if any(p.is_error for p in problems):
        return None, problems
    return replace(corpus, warnings=tuple(problems)), problems
