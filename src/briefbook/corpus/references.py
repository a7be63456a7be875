"""Resolve the registries' own references: affiliations, hosts, part of, related events; no circles."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..problems import Problem
from .dates_written import written_date_problem
from .registry import RegistryIndex


@dataclass
class Links:
    """What the registries say of how actors and events hang together, as ids, both ways."""

    hosts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # event → its hosts
    part_of: dict[str, str | None] = field(default_factory=dict)  # event → event or actor
    related: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # both ways
    follows: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # event → events it came after
    affiliation: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # actor → belongs to
    affiliates: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # actor → its members
    actor_events: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # host or format → events
    places: dict[str, str] = field(default_factory=dict)  # event → the place id its registry entry names


def resolve_links(index: RegistryIndex) -> tuple[Links, list[Problem]]:
    links = Links()
    problems: list[Problem] = []
    _affiliations(index, links, problems)
    for event_id in index.events.ids:
        _event_links(index, event_id, links, problems)
    _refuse_cycles(index, links, problems)
    for event_id, part_of in links.part_of.items():
        if part_of in index.events.ids:
            links.related[event_id].add(part_of)
            links.related[part_of].add(event_id)
        elif part_of in index.actors.ids:  # a meeting of a negotiating format
            links.actor_events[part_of].add(event_id)
    return links, problems


def _affiliations(index: RegistryIndex, links: Links, problems: list[Problem]) -> None:
    for actor_id, entry in index.actors.ids.items():
        located, loc = index.where[("actor", actor_id)]
        for i, ref in enumerate(entry.affiliation):
            target = index.ref(index.actors, ref, located, loc + ("affiliation", i), problems)
            if target == actor_id:
                problems.append(located.problem(loc + ("affiliation", i), "self-reference",
                                                "an actor cannot belong to itself"))
            elif target:
                links.affiliates[target].append(actor_id)
                links.affiliation[actor_id].append(target)


def _event_links(index: RegistryIndex, event_id: str, links: Links, problems: list[Problem]) -> None:
    entry = index.events.ids[event_id]
    located, loc = index.where[("event", event_id)]
    hosts = [index.ref(index.actors, h, located, loc + ("host", i), problems) for i, h in enumerate(entry.host)]
    links.hosts[event_id] = tuple(h for h in hosts if h)
    if entry.date is not None and entry.date.as_written is not None:  # no language known: Solar dates need ه ش
        problem = written_date_problem(entry.date.value, entry.date.as_written, None)
        if problem:
            problems.append(located.problem(loc + ("date", "as_written"), problem[0], problem[1], problem[2]))
    if entry.place is not None and index.places.ids:
        place = index.place(entry.place.name, located, loc + ("place",), problems)
        if place:
            links.places[event_id] = place
    for h in links.hosts[event_id]:
        links.actor_events[h].add(event_id)
    part_of = None
    if entry.part_of:
        part_of = index.events.lookup(entry.part_of) or index.actors.lookup(entry.part_of)
        if part_of is None:
            problems.append(located.problem(
                loc + ("part_of",), "unknown-reference",
                f"part_of {entry.part_of!r} is neither an event nor an actor"
                f"{index.events.suggest(entry.part_of) or index.actors.suggest(entry.part_of)}"))
        elif part_of == event_id:
            problems.append(located.problem(loc + ("part_of",), "self-reference",
                                            "an event cannot be part of itself"))
            part_of = None
    links.part_of[event_id] = part_of
    for i, ref in enumerate(entry.related):
        target = index.ref(index.events, ref, located, loc + ("related", i), problems)
        if target and target != event_id:
            links.related[event_id].add(target)
            links.related[target].add(event_id)
    for i, ref in enumerate(entry.follows):
        target = index.ref(index.events, ref, located, loc + ("follows", i), problems)
        if target == event_id:
            problems.append(located.problem(loc + ("follows", i), "self-reference", "an event cannot follow itself"))
        elif target:
            links.follows[event_id].add(target)
            links.related[event_id].add(target)  # an event that follows another is related to it, both ways
            links.related[target].add(event_id)


def _refuse_cycles(index: RegistryIndex, links: Links, problems: list[Problem]) -> None:
    for cycle in cycles(links.affiliation):
        located, loc = index.where[("actor", cycle[0])]
        problems.append(located.problem(loc + ("affiliation",), "circular-reference",
                                        "affiliations go round in a circle: " + " → ".join(cycle + [cycle[0]])))
    for cycle in cycles({e: [p] for e, p in links.part_of.items() if p in index.events.ids}):
        located, loc = index.where[("event", cycle[0])]
        problems.append(located.problem(loc + ("part_of",), "circular-reference",
                                        "part_of goes round in a circle: " + " → ".join(cycle + [cycle[0]])))
        for event_id in cycle:
            links.part_of[event_id] = None
    for cycle in cycles({e: sorted(f) for e, f in links.follows.items()}):
        located, loc = index.where[("event", cycle[0])]
        problems.append(located.problem(loc + ("follows",), "circular-reference",
                                        "follows goes round in a circle: " + " → ".join(cycle + [cycle[0]])))
        for event_id in cycle:
            links.follows[event_id] = set()


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
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
