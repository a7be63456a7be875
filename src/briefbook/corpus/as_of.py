"""An as-of view: the sources certainly published by a date, and the registry without what only later ones support."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Iterable

from . import models as m
from .documents import DocumentFacts
from .files import Inputs, LoadedFile
from .records import AsOf, LeftOut
from .registry import RegistryIndex

# why a source is not in the view; the pages say these in words
LATER, IMPRECISE, UNDATED, YEARLESS = "later", "imprecise", "undated", "yearless"


def left_out_reason(published: m.DateSpec | None, as_of: date) -> str | None:
    """Why a source published so is not in the view of `as_of`, or None when it certainly stood by then:
    the last day its date can mean (qualifier included) is on or before the date."""
    if published is None:
        return UNDATED
    if published.yearless:
        return YEARLESS
    first, last = published.interval()
    if last <= as_of:
        return None
    return LATER if first > as_of else IMPRECISE


def supported(facts: DocumentFacts) -> set[tuple[str, str]]:
    """(kind, id) of every registry entry one document mentions, gives an account of, quotes or positions."""
    source = facts.source
    found = {("actor", a) for a in (*source.actors, *facts.mentions, *facts.names_used)}
    found |= {("event", e) for e in source.events}
    for account in facts.accounts:
        found |= {("event", account.event), *(("actor", a) for a in account.hosts)}
        found |= {("actor", p.actor) for p in account.participants}
    for quote in facts.quotes:
        found |= {("actor", quote.speaker)} | ({("event", quote.event)} if quote.event else set())
    for position in facts.positions:
        found |= {("actor", a) for a in (position.actor, position.on_behalf_of) if a}
        found |= {("event", position.event)} if position.event else set()
    for actor_id, event_id in facts.actor_events:
        found |= {("actor", actor_id), ("event", event_id)}
    return found


def plan_view(inputs: Inputs, documents: list[DocumentFacts], index: RegistryIndex, as_of: date) -> AsOf:
    """Which sources the view leaves out and why, and which registry entries go with them."""
    left_out = []
    for doc_id, loaded in sorted(inputs.documents.items()):
        reason = left_out_reason(loaded.model.published, as_of)
        if reason is not None:
            left_out.append(LeftOut(doc_id, reason, loaded.model.title, loaded.model.published,
                                    loaded.model.language))
    out = {entry.id for entry in left_out}
    kept_support: set[tuple[str, str]] = set()
    later_support: set[tuple[str, str]] = set()
    for facts in documents:
        (later_support if facts.source.id in out else kept_support).update(supported(facts))
    dropped = later_support - kept_support
    for event_id, entry in index.events.ids.items():  # registered as later, and no kept source has it
        if entry.date is not None and not entry.date.yearless and entry.date.interval()[0] > as_of \
                and ("event", event_id) not in kept_support:
            dropped.add(("event", event_id))
    return AsOf(as_of, tuple(left_out), tuple(sorted(dropped)))


def view_inputs(inputs: Inputs, index: RegistryIndex, view: AsOf) -> Inputs:
    """The inputs as a project holding only the view's sources would have them: the left-out briefings
    gone, the registry without the dropped entries and every reference to them."""
    out = {entry.id for entry in view.left_out}
    dropped = set(view.dropped)
    registries = [_without(loaded, index, dropped) for loaded in inputs.registries]
    documents = {d: loaded for d, loaded in inputs.documents.items() if d not in out}
    return replace(inputs, registries=registries, documents=documents, problems=[])


def _without(loaded: LoadedFile, index: RegistryIndex, dropped: set[tuple[str, str]]) -> LoadedFile:
    reg: m.Registry = loaded.model

    def gone(kinds: Iterable[str], ref: str | None) -> bool:
        return ref is not None and any((kind, index.names(kind).lookup(ref)) in dropped for kind in kinds)

    actors = {actor_id: entry.model_copy(update={
        "affiliation": [r for r in entry.affiliation if not gone(["actor"], r)]})
        for actor_id, entry in (reg.actors or {}).items() if ("actor", actor_id) not in dropped}
    events = {event_id: entry.model_copy(update={
        "host": [r for r in entry.host if not gone(["actor"], r)],
        "part_of": None if gone(["event", "actor"], entry.part_of) else entry.part_of,
        "related": [r for r in entry.related if not gone(["event"], r)],
        "follows": [r for r in entry.follows if not gone(["event"], r)]})
        for event_id, entry in (reg.events or {}).items() if ("event", event_id) not in dropped}
    return replace(loaded, model=reg.model_copy(update={"actors": actors, "events": events}))
