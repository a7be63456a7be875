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
from .records import (Account, Assessed, Actor, Corpus, Disagreement, Event, Mention, Participation, PositionRef,
                      QuoteRef, Source, date_key)
from .references import Links
from .registry import RegistryIndex
from .support import Cited, assessment_key, names_in_sources, shared_accounts


@dataclass
class _Gathered:
    """Every document's facts, grouped by the actor or event they belong to (in document order)."""

    sources: dict[str, Source] = field(default_factory=dict)
    mentions: dict[str, list[Mention]] = field(default_factory=lambda: defaultdict(list))
    accounts: dict[str, list[Account]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_actor: dict[str, list[QuoteRef]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_event: dict[str, list[QuoteRef]] = field(default_factory=lambda: defaultdict(list))
    positions_by_actor: dict[str, list[PositionRef]] = field(default_factory=lambda: defaultdict(list))
    positions: list[PositionRef] = field(default_factory=list)
    actor_events: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    names_used: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(dict))  # actor → source → forms
    cited: Mapping[tuple[str, str], Cited] = field(default_factory=dict)  # registry descriptions' citations


def assemble(index: RegistryIndex, links: Links, documents: list[DocumentFacts],
             cited: Mapping[tuple[str, str], Cited] | None = None) -> Corpus:
    gathered = _gather(links, documents)
    gathered.cited = cited or {}
    events = _events(index, links, gathered)
    actors = _actors(index, links, gathered, events)
    topics = _topics(gathered.positions, gathered.sources)
    disagreements = tuple(d for event in events.values() for d in event.disagreements)
    return Corpus(MappingProxyType(actors), MappingProxyType(events), MappingProxyType(gathered.sources),
                  disagreements, (), MappingProxyType(topics), MappingProxyType(dict(index.places.ids)))


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
            g.positions.append(position)
            g.positions_by_actor[position.actor].append(position)
            if position.on_behalf_of:
                g.positions_by_actor[position.on_behalf_of].append(position)
        for actor_id, forms in facts.names_used.items():
            g.names_used[actor_id][doc_id] = forms
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
        when = entry.date or min((a.data.date for a in event_accounts if a.data.date and not a.data.date.yearless),
                                 key=lambda d: d.bounds(), default=None)
        participants = merge_participants(event_accounts, g.mentions, when, source_dates)
        disagreements = _assessed(event_id, entry, tuple(find_disagreements(event_id, event_accounts, actor_names)),
                                  g.cited)
        events[event_id] = Event(event_id, entry, links.hosts[event_id], links.part_of[event_id], (),
                                 event_accounts, participants, tuple(g.quotes_by_event.get(event_id, ())),
                                 disagreements, (), status=_status(event_accounts, source_dates),
                                 description_cite=g.cited.get(("event", event_id), ()),
                                 place=links.places.get(event_id))
    # the time order and the related events need every event's date
    order = event_order({e: ev.date for e, ev in events.items()}, links.follows, links.part_of)
    for event_id, event in list(events.items()):
        key = (order[event_id], event.title.casefold(), event_id)
        related = tuple(sorted(links.related.get(event_id, ()), key=lambda r: (order[r], r)))
        earlier = tuple(r for r in related if definitely_before(events[r].date, event.date)
                        or declared_before(r, event_id, links.follows))
        later = tuple(r for r in related if definitely_before(event.date, events[r].date)
                      or declared_before(event_id, r, links.follows))
        events[event_id] = replace(event, related=related, sort_key=key, earlier=earlier, later=later,
                                   related_sources=shared_accounts(event_id, related, g.accounts))
    return events


def _assessed(event_id: str, entry: m.EventEntry, found: tuple[Disagreement, ...],
              cited: Mapping[tuple[str, str], Cited]) -> tuple[Disagreement, ...]:
    """Each disagreement with the analyst's assessment of it (`assessments`), when there is one."""
    assessed = {}
    for i, a in enumerate(entry.assessments):
        assessed.setdefault(assessment_key(a.field),
                            Assessed(a.goes_by, a.reason, cited.get(("assessment", f"{event_id}#{i}"), ())))
    return tuple(replace(d, assessment=assessed.get(assessment_key(d.field))) for d in found)


def _actors(index: RegistryIndex, links: Links, g: _Gathered, events: Mapping[str, Event]) -> dict[str, Actor]:
    sources = g.sources
    actors: dict[str, Actor] = {}
    for actor_id, entry in index.actors.ids.items():
        own_events = sorted(g.actor_events.get(actor_id, ()), key=lambda e: events[e].sort_key)
        actor_mentions = sorted(g.mentions.get(actor_id, ()),
                                key=lambda mm: (date_key(sources[mm.source].date), mm.source))
        positions = sorted(g.positions_by_actor.get(actor_id, ()),
                           key=lambda p: (date_key(sources[p.source].date), p.issue))
        found, added = names_in_sources((entry.name, *entry.aliases, entry.abbreviation),
                                        g.names_used.get(actor_id, {}))
        actors[actor_id] = Actor(actor_id, entry, tuple(actor_mentions), tuple(own_events),
                                 tuple(g.quotes_by_actor.get(actor_id, ())), tuple(positions),
                                 tuple(links.affiliation.get(actor_id, ())),
                                 tuple(sorted(links.affiliates.get(actor_id, ()))),
                                 found, added, g.cited.get(("actor", actor_id), ()))
    return actors


def _status(accounts: tuple[Account, ...], source_dates: Mapping[str, m.DateSpec | None]) -> str | None:
    """Held when any source reports it held; otherwise what the latest source says (announced, ...)."""
    if not accounts:
        return None
    if any(a.data.status == "held" for a in accounts):
        return "held"
    def published(account: Account) -> tuple:
        spec = source_dates.get(account.source)
        return (0,) if spec is None or spec.yearless else (1, *date_key(spec))

    return max(accounts, key=lambda a: (published(a), a.source)).data.status


def _topics(positions: list[PositionRef], sources: Mapping[str, Source]) -> dict[str, tuple[PositionRef, ...]]:
    """Issue id → every position taken on it, in the order of the sources' dates."""
    topics: dict[str, list[PositionRef]] = defaultdict(list)
    for pos in positions:
        topics[pos.issue].append(pos)
    return {issue: tuple(sorted(refs, key=lambda p: (date_key(sources[p.source].date), p.actor)))
            for issue, refs in sorted(topics.items())}


def merge_participants(accounts: tuple[Account, ...], mentions: Mapping[str, list[Mention]],
                       when: m.DateSpec | None,
                       source_dates: Mapping[str, m.DateSpec | None]) -> tuple[Participation, ...]:
    """Everyone a source places at the event: one row per actor, part and source, a role only with its source.

    The role is the one the account gives (`role_from` "event"). An actor no account gives a
    role gets, on their first row, the title the same source gives them ("source"); failing
    that, the title given by the source nearest the event in date ("date"): a role carried
    over, which the pages label with its source and date and never show as the event's.
    """
    def distance(mention: Mention) -> tuple:
        spec = source_dates.get(mention.source)
        if spec is None or when is None or spec.yearless:
            return (1, 0, mention.source)
        (a, b), (c, d) = spec.bounds(), when.bounds()
        return (0, abs(((a - c) + (b - d)).days), mention.source)

    rows = [part for account in accounts for part in account.participants]
    with_role = {p.actor for p in rows if p.role}
    done: set[str] = set()
    merged = []
    for part in rows:
        if part.actor in with_role or part.actor in done:
            merged.append(part)
            continue
        done.add(part.actor)
        attested = [mm for mm in mentions.get(part.actor, ()) if mm.role]
        reporting = {p.source for p in rows if p.actor == part.actor}  # sources placing them at the event
        same = sorted((mm for mm in attested if mm.source in reporting),
                      key=lambda mm: (mm.source != part.source, mm.source))
        best = same[0] if same else min(attested, key=distance, default=None)
        if best is None:
            merged.append(part)
        else:
            merged.append(replace(part, role=best.role, role_source=best.source, role_paragraphs=best.paragraphs,
                                  role_from="source" if same else "date"))
    return tuple(merged)
