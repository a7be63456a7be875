"""Assemble the immutable corpus from the registries, their links and what each document adds."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Mapping

from . import models as m
from .disagreements import find_disagreements
from .ordering import declared_before, definitely_before, event_order
from .documents import DocumentFacts
from .records import (Account, Actor, Corpus, Disagreement, Event, Mention, Participation, PositionRef,
                      QuoteRef, Source, date_key)
from .references import Links
from .registry import RegistryIndex


@dataclass
class _Gathered:
    """Every document's facts, grouped by the actor or event they belong to (in document order)."""

    sources: dict[str, Source] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    accounts: dict[str, list[Account]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_actor: dict[str, list[QuoteRef]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_event: dict[str, list[QuoteRef]] = field(default_factory=lambda: defaultdict(list))
    positions_by_actor: dict[str, list[PositionRef]] = field(default_factory=lambda: defaultdict(list))
    actor_events: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def assemble(index: RegistryIndex, links: Links, documents: list[DocumentFacts]) -> Corpus:
    gathered = _gather(links, documents)
    events = _events(index, links, gathered)
    actors = _actors(index, links, gathered, events)
    topics = _topics(actors, gathered.sources)
    disagreements = tuple(d for event in events.values() for d in event.disagreements)
    return Corpus(MappingProxyType(actors), MappingProxyType(events), MappingProxyType(gathered.sources),
                  disagreements, (), MappingProxyType(topics))


def _gather(links: Links, documents: list[DocumentFacts]) -> _Gathered:
    g = _Gathered()
    for actor_id, event_ids in links.actor_events.items():
        g.actor_events[actor_id] |= event_ids
    for facts in documents:
        doc_id = facts.source.id
        g.sources[doc_id] = facts.source
        for actor_id, mention in facts.mentions.items():
            g.mentions[actor_id].append(mention)
        for account in facts.accounts:
            g.accounts[account.event].append(account)
        for quote in facts.quotes:
            g.quotes_by_actor[quote.speaker].append(quote)
            if quote.event:
                g.quotes_by_event[quote.event].append(quote)
        for position in facts.positions:
            g.positions_by_actor[position.actor].append(position)
        for actor_id, event_id in facts.actor_events:
            g.actor_events[actor_id].add(event_id)
    for event_id, event_quotes in g.quotes_by_event.items():
        for q in event_quotes:
            g.actor_events[q.speaker].add(event_id)
    return g


def _events(index: RegistryIndex, links: Links, g: _Gathered) -> dict[str, Event]:
    actor_names = {actor_id: entry.name for actor_id, entry in index.actors.ids.items()}
    source_dates = {sid: src.date for sid, src in g.sources.items()}
    events: dict[str, Event] = {}
    for event_id, entry in index.events.ids.items():
        event_accounts = tuple(g.accounts.get(event_id, ()))
        when = entry.date or min((a.data.date for a in event_accounts if a.data.date),
                                 key=lambda d: d.bounds(), default=None)
        participants = merge_participants(event_accounts, g.mentions, when, source_dates)
        disagreements: tuple[Disagreement, ...] = tuple(find_disagreements(event_id, event_accounts, actor_names))
        events[event_id] = Event(event_id, entry, links.hosts[event_id], links.part_of[event_id], (),
                                 event_accounts, participants, tuple(g.quotes_by_event.get(event_id, ())),
                                 disagreements, ())
    # the time order and the related events need every event's date
    order = event_order({e: ev.date for e, ev in events.items()}, links.follows, links.part_of)
    for event_id, event in list(events.items()):
        key = (order[event_id], event.title.casefold(), event_id)
        related = tuple(sorted(links.related.get(event_id, ()), key=lambda r: (order[r], r)))
        earlier = tuple(r for r in related if definitely_before(events[r].date, event.date)
                        or declared_before(r, event_id, links.follows))
        later = tuple(r for r in related if definitely_before(event.date, events[r].date)
                      or declared_before(event_id, r, links.follows))
        events[event_id] = replace(event, related=related, sort_key=key, earlier=earlier, later=later)
    return events


def _actors(index: RegistryIndex, links: Links, g: _Gathered, events: Mapping[str, Event]) -> dict[str, Actor]:
    sources = g.sources
    actors: dict[str, Actor] = {}
    for actor_id, entry in index.actors.ids.items():
        own_events = sorted(g.actor_events.get(actor_id, ()), key=lambda e: events[e].sort_key)
        actor_mentions = sorted(g.mentions.get(actor_id, ()),
                                key=lambda mm: (date_key(sources[mm.source].date), mm.source))
        positions = sorted(g.positions_by_actor.get(actor_id, ()),
                           key=lambda p: (date_key(sources[p.source].date), p.issue))
        actors[actor_id] = Actor(actor_id, entry, tuple(actor_mentions), tuple(own_events),
                                 tuple(g.quotes_by_actor.get(actor_id, ())), tuple(positions),
                                 tuple(links.affiliation.get(actor_id, ())),
                                 tuple(sorted(links.affiliates.get(actor_id, ()))))
    return actors


def _topics(actors: Mapping[str, Actor], sources: Mapping[str, Source]) -> dict[str, tuple[PositionRef, ...]]:
    """Issue id → every position taken on it, in the order of the sources' dates."""
    topics: dict[str, list[PositionRef]] = defaultdict(list)
    for actor in actors.values():
        for pos in actor.positions:
            topics[pos.issue].append(pos)
    return {issue: tuple(sorted(refs, key=lambda p: (date_key(sources[p.source].date), p.actor)))
            for issue, refs in sorted(topics.items())}


def merge_participants(accounts: tuple[Account, ...], mentions: Mapping[str, list[Mention]],
                       when: m.DateSpec | None,
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
