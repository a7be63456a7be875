"""Static SVG pictures of the corpus: actor networks and a timeline (pure functions, no I/O).

Drawn at build time so a reader needs no script or CDN; every label is XML-escaped.
"""

from __future__ import annotations

import math
from datetime import date
from html import escape
from typing import Iterable

from ..corpus.records import Corpus
from ..corpus.dates import format_date

FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\""
CHAR_W = 6.6  # average advance of a 12px sans-serif character, for layout only
COLOURS = {"person": "#3f51b5", "state": "#00796b", "government-body": "#5d4037", "organisation": "#6a1b9a",
           "armed-group": "#c62828", "negotiating-format": "#ef6c00", "group": "#455a64", "media": "#2e7d32"}
EVENT_COLOUR = "#37474f"
NOT_HELD_COLOUR = "#e65100"  # an event the sources announce, plan, postpone or cancel but do not report held
NOT_HELD = frozenset({"announced", "planned", "postponed", "cancelled"})
MAX_EGO_EVENTS = 12
MAX_EGO_ACTORS = 24
MAX_TIMELINE_ROWS = 400
MAX_NETWORK_NODES = 160


def _x(text: object) -> str:
    return escape(str(text), quote=True)


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: max(1, chars - 1)].rstrip() + "…"


def _svg(width: float, height: float, title: str, desc: str, body: Iterable[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" role="img" aria-labelledby="t d">\n'
            f'<title id="t">{_x(title)}</title>\n<desc id="d">{_x(desc)}</desc>\n'
            f'<rect width="100%" height="100%" fill="#ffffff"/>\n' + "\n".join(body) + "\n</svg>\n")


def _label(x: float, y: float, text: str, anchor: str = "middle", size: int = 12,
           weight: str = "normal", fill: str = "#212121") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight}" fill="{fill}" {FONT}>{_x(text)}</text>')


def co_actors(corpus: Corpus, actor_id: str) -> dict[str, list[str]]:
    """Other actors who share an event with actor_id → the events connecting them."""
    found: dict[str, list[str]] = {}
    for event_id in corpus.actors[actor_id].events:
        event = corpus.events[event_id]
        others = {*event.hosts, *(p.actor for p in event.participants), *(q.speaker for q in event.quotes)}
        if event.part_of in corpus.actors:
            others.add(event.part_of)
        for other in sorted(others - {actor_id}):
            found.setdefault(other, []).append(event_id)
    return found


def actor_network(corpus: Corpus, actor_id: str) -> str:
    """The actor in the centre, its events on an inner ring, the actors met there on an outer ring."""
    actor = corpus.actors[actor_id]
    events = list(actor.events)[:MAX_EGO_EVENTS]
    met = co_actors(corpus, actor_id)
    ranked = sorted(met, key=lambda a: (-len(met[a]), corpus.actors[a].name.casefold()))[:MAX_EGO_ACTORS]
    width, height = 960, 640 if events else 220
    cx, cy = width / 2, height / 2
    body: list[str] = []
    title = f"Network of {actor.name}"
    if not events:
        body.append(_node(cx, cy, actor.name, COLOURS.get(actor.entry.kind, "#455a64"), centre=True))
        body.append(_label(cx, cy + 50, "No events recorded for this actor.", fill="#616161"))
        return _svg(width, height, title, f"{actor.name} has no recorded events.", body)
    r_events, r_actors = 170, 285
    event_pos: dict[str, tuple[float, float, float]] = {}
    for i, event_id in enumerate(events):
        angle = -math.pi / 2 + 2 * math.pi * i / len(events)
        event_pos[event_id] = (cx + r_events * math.cos(angle), cy + r_events * 0.78 * math.sin(angle), angle)
    # place each co-actor near the mean angle of its connecting events, then spread evenly in that order
    def mean_angle(a: str) -> float:
        angles = [event_pos[e][2] for e in met[a] if e in event_pos] or [0.0]
        return math.atan2(sum(math.sin(t) for t in angles), sum(math.cos(t) for t in angles))
    order = sorted(ranked, key=mean_angle)
    actor_pos: dict[str, tuple[float, float, float]] = {}
    for i, other in enumerate(order):
        angle = -math.pi / 2 + 2 * math.pi * (i + 0.5) / max(1, len(order))
        actor_pos[other] = (cx + r_actors * math.cos(angle), cy + r_actors * 0.78 * math.sin(angle), angle)
    for event_id, (x, y, _) in event_pos.items():
        body.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#9e9e9e" stroke-width="1.5"/>')
    for other, (x, y, _) in actor_pos.items():
        for event_id in met[other]:
            if event_id in event_pos:
                ex, ey, _ = event_pos[event_id]
                body.append(f'<line x1="{ex:.1f}" y1="{ey:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
                            f'stroke="#cfd8dc" stroke-width="1"/>')
    for event_id, (x, y, _) in event_pos.items():
        event = corpus.events[event_id]
        body.append(f'<rect x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" fill="{EVENT_COLOUR}"/>')
        body.append(_label(x, y - 9, _clip(event.title, 34), size=11, fill="#37474f"))
    for other, (x, y, angle) in actor_pos.items():
        entry = corpus.actors[other].entry
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{COLOURS.get(entry.kind, "#455a64")}"/>')
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        dx = 9 if anchor == "start" else -9 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-10 if math.sin(angle) < 0 else 18)
        body.append(_label(x + dx, y + dy, _clip(corpus.actors[other].name, 30), anchor=anchor, size=11))
    body.append(_node(cx, cy, actor.name, COLOURS.get(actor.entry.kind, "#455a64"), centre=True))
    more = []
    if len(actor.events) > len(events):
        more.append(f"{len(actor.events) - len(events)} more events")
    if len(met) > len(ranked):
        more.append(f"{len(met) - len(ranked)} more actors")
    if more:
        body.append(_label(10, height - 10, "Not shown: " + ", ".join(more), anchor="start", size=11,
                           fill="#616161"))
    body.append(_legend(10, 20))
    desc = (f"{actor.name} took part in {len(actor.events)} events, with {len(met)} other actors: "
            + "; ".join(f"{corpus.actors[a].name} ({len(met[a])} shared)" for a in ranked[:10]))
    return _svg(width, height, title, desc, body)


def _node(x: float, y: float, text: str, colour: str, centre: bool = False) -> str:
    w = max(60.0, len(text) * CHAR_W * 1.1 + 24)
    return (f'<rect x="{x - w / 2:.1f}" y="{y - 16:.1f}" width="{w:.1f}" height="32" rx="16" fill="{colour}"/>'
            + _label(x, y + 5, text, size=13, weight="bold", fill="#ffffff"))


def _legend(x: float, y: float) -> str:
    parts = [f'<rect x="{x:.0f}" y="{y - 9:.0f}" width="10" height="10" fill="{EVENT_COLOUR}"/>',
             _label(x + 15, y, "event", anchor="start", size=11)]
    offset = 70
    for kind in ("person", "state", "organisation", "armed-group", "negotiating-format"):
        parts.append(f'<circle cx="{x + offset:.0f}" cy="{y - 4:.0f}" r="5" fill="{COLOURS[kind]}"/>')
        parts.append(_label(x + offset + 9, y, kind.replace("-", " "), anchor="start", size=11))
        offset += 18 + len(kind) * CHAR_W * 0.95
    return "\n".join(parts)


def corpus_network(corpus: Corpus) -> str:
    """Events (left, in time order) joined to the actors taking part (right, by kind and name)."""
    events = corpus.events_in_time_order()
    links: dict[str, set[str]] = {}
    for event in events:
        members = {*event.hosts, *(p.actor for p in event.participants), *(q.speaker for q in event.quotes)}
        if event.part_of in corpus.actors:
            members.add(event.part_of)
        links[event.id] = members
    involved = sorted({a for members in links.values() for a in members},
                      key=lambda a: (corpus.actors[a].entry.kind, corpus.actors[a].name.casefold()))
    shown_events = [e for e in events if links[e.id]][: MAX_NETWORK_NODES // 2]
    shown_actors = involved[: MAX_NETWORK_NODES // 2]
    row = 22
    height = 70 + row * max(len(shown_events), len(shown_actors), 1)
    width = 1000
    left, right = 360, 640
    ey = {e.id: 50 + row * i for i, e in enumerate(shown_events)}
    # centre the shorter column
    offset_a = (len(shown_events) - len(shown_actors)) * row / 2 if len(shown_events) > len(shown_actors) else 0
    offset_e = (len(shown_actors) - len(shown_events)) * row / 2 if len(shown_actors) > len(shown_events) else 0
    ay = {a: 50 + offset_a + row * i for i, a in enumerate(shown_actors)}
    body = []
    for event in shown_events:
        for a in sorted(links[event.id]):
            if a in ay:
                body.append(f'<path d="M{left:.0f},{ey[event.id] + offset_e:.1f} C{(left + right) / 2:.0f},'
                            f'{ey[event.id] + offset_e:.1f} {(left + right) / 2:.0f},{ay[a]:.1f} {right:.0f},'
                            f'{ay[a]:.1f}" fill="none" stroke="{COLOURS.get(corpus.actors[a].entry.kind, "#90a4ae")}" '
                            f'stroke-opacity="0.45" stroke-width="1.2"/>')
    for event in shown_events:
        y = ey[event.id] + offset_e
        body.append(f'<rect x="{left - 5:.0f}" y="{y - 5:.1f}" width="10" height="10" fill="{EVENT_COLOUR}"/>')
        body.append(_label(left - 12, y + 4, _clip(f"{format_date(event.date)}: {event.title}", 52),
                           anchor="end", size=11))
    for a in shown_actors:
        entry = corpus.actors[a].entry
        body.append(f'<circle cx="{right:.0f}" cy="{ay[a]:.1f}" r="5.5" fill="{COLOURS.get(entry.kind, "#455a64")}"/>')
        body.append(_label(right + 12, ay[a] + 4, _clip(corpus.actors[a].name, 48), anchor="start", size=11))
    body.append(_label(left, 24, "Events, in time order", anchor="end", size=13, weight="bold"))
    body.append(_label(right, 24, "Actors taking part, by kind", anchor="start", size=13, weight="bold"))
    hidden = (len([e for e in events if links[e.id]]) - len(shown_events)) + (len(involved) - len(shown_actors))
    if hidden > 0:
        body.append(_label(10, height - 8, f"{hidden} more events and actors not shown", anchor="start",
                           size=11, fill="#616161"))
    desc = (f"{len(shown_events)} events and {len(shown_actors)} actors; each line joins an event to an "
            "actor a source places at it (as host, participant, initiator, partner, observer, party or "
            "sender of a message) or quotes on it.")
    return _svg(width, height, "Actors and events", desc, body)


def timeline(corpus: Corpus) -> str:
    """One row per dated event: a bar as wide as the date's precision allows, hollow when inferred."""
    events = [e for e in corpus.events_in_time_order()
              if e.date is not None and not e.date.yearless][:MAX_TIMELINE_ROWS]
    if not events:
        return _svg(600, 80, "Timeline", "No dated events.", [_label(300, 45, "No dated events.")])
    spans = {e.id: e.date.interval() for e in events}
    known = [d for span in spans.values() for d in span if d not in (date.min, date.max)]
    lo, hi = date(min(known).year, 1, 1), date(max(known).year, 12, 31)
    label_w, plot_w, row = 420, 520, 24
    width, height = label_w + plot_w + 30, 74 + row * len(events)
    total = (hi - lo).days or 1

    def px(d: date) -> float:
        d = min(max(d, lo), hi)
        return label_w + plot_w * (d - lo).days / total

    body = []
    for year in range(lo.year, hi.year + 1):
        x = px(date(year, 1, 1))
        body.append(f'<line x1="{x:.1f}" y1="30" x2="{x:.1f}" y2="{height - 10}" stroke="#e0e0e0"/>')
        body.append(_label(x + 3, 24, str(year), anchor="start", size=11, fill="#616161"))
    for i, event in enumerate(events):
        y = 44 + row * i
        start, end = spans[event.id]
        x1, x2 = px(start), px(min(end, hi - date.resolution) + date.resolution)
        w = max(4.0, x2 - x1)
        inferred = event.date.inferred
        status = event.status or "held"
        if status in NOT_HELD:  # not reported as having taken place: drawn apart, and said in the label
            style = f'fill="#fff3e0" stroke="{NOT_HELD_COLOUR}" stroke-width="1.5" stroke-dasharray="1 2"'
        elif inferred:
            style = f'fill="#ffffff" stroke="{EVENT_COLOUR}" stroke-dasharray="3 2"'
        else:
            style = f'fill="{EVENT_COLOUR}"'
        body.append(f'<rect x="{x1:.1f}" y="{y - 7:.1f}" width="{w:.1f}" height="12" rx="2" '
                    f'data-status="{_x(status)}" {style}/>')
        marks = (" (inferred)" if inferred else "") + (f" ({status.replace('-', ' ')})" if status != "held" else "")
        text = f"{format_date(event.date)}{marks}: {event.title}"
        body.append(_label(label_w - 10, y + 3, _clip(text, 62), anchor="end", size=11))
    body.append(_label(10, height - 20, "Bars span the period the date's precision allows; dashed bars are "
                       "inferred dates.", anchor="start", size=11, fill="#616161"))
    body.append(_label(10, height - 6, "Dotted orange bars: events announced or planned (or postponed, "
                       "cancelled), not reported as held.", anchor="start", size=11, fill="#616161"))
    return _svg(width, height, "Timeline of events",
                f"{len(events)} dated events from {lo.year} to {hi.year}.", body)
