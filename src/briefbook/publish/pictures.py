"""Static SVG pictures of the corpus: actor networks and a timeline (pure functions, no I/O).

Drawn at build time so a reader needs no script or CDN; every label is XML-escaped. Drawn to be
shown at their own size (never shrunk: labels stay 12 px), the canvas fitted to what is drawn,
names wrapped rather than cut, a legend of only what is drawn. Given `href` (kind, id → a link),
every node links to its page; without it (the .svg files, print) a picture has no link at all.
"""

from __future__ import annotations

import math
import textwrap
from datetime import date
from html import escape
from typing import Iterable

from ..corpus.records import Corpus
from ..corpus.dates import format_date

FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif\""
CHAR_W = 7.0  # a generous advance of a 12px sans-serif character (measured 6.1-6.6 in Chromium), for layout only
WIDE, NARROW = 640, 340  # px: a picture for a desktop's text column, and one for a phone's (both at 1:1)
SIZE = 12  # every label, in px: shown at its own size, so 12 CSS px at any screen width
LINE = 15  # the line height of a wrapped label
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


def wrap(text: str, width_px: float, size: int = SIZE, max_lines: int = 10) -> list[str]:
    """A label wrapped to a column: every word kept, a pathological one cut only past max_lines."""
    chars = max(8, int(width_px / (CHAR_W * size / SIZE)))
    lines = textwrap.wrap(" ".join(text.split()), chars, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: chars - 1].rstrip() + "…"
    return lines


def svg(width: float, height: float, title: str, desc: str, body: Iterable[str], linked: bool = False) -> str:
    # With links the picture is a set of links a screen reader can reach (named by its <title>),
    # not one opaque image.
    role = 'data-title="' + _x(title) + '"' if linked else 'role="img" aria-labelledby="t d"'
    ids = ("", "") if linked else (' id="t"', ' id="d"')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" class="bb-svg" {role}>\n'
            f'<title{ids[0]}>{_x(title)}</title>\n<desc{ids[1]}>{_x(desc)}</desc>\n'
            f'<rect width="100%" height="100%" fill="#ffffff"/>\n' + "\n".join(body) + "\n</svg>\n")


def label(x: float, y: float, text: str, anchor: str = "middle", size: int = SIZE,
           weight: str = "normal", fill: str = "#212121") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}" '
            f'font-weight="{weight}" fill="{fill}" {FONT}>{_x(text)}</text>')


def label_lines(x: float, y: float, lines: list[str], anchor: str, **style) -> str:
    """A wrapped label: one <text> per line (each line a whole label to a reader of the SVG's text)."""
    return "\n".join(label(x, y + LINE * i, line, anchor=anchor, **style) for i, line in enumerate(lines))


def with_link(href, kind: str, entity_id: str, parts: str, name: str, anchor: str | None = None) -> str:
    """`parts` as a link to the entity's page (at `anchor`), or as they are without `href`."""
    if href is None:
        return parts
    target = href(kind, entity_id) + (f"#{anchor}" if anchor else "")
    return f'<a href="{_x(target)}" aria-label="{_x(name)}">{parts}</a>'


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


def _members(corpus: Corpus, event) -> set[str]:
    members = {*event.hosts, *(p.actor for p in event.participants), *(q.speaker for q in event.quotes)}
    if event.part_of in corpus.actors:
        members.add(event.part_of)
    return members


def says_it_better(corpus: Corpus, actor_id: str) -> bool:
    """True when a sentence says more than a picture: fewer than two events, or no one else at them."""
    return len(corpus.actors[actor_id].events) < 2 or not co_actors(corpus, actor_id)


def actor_network(corpus: Corpus, actor_id: str, href=None, width: int = WIDE) -> str:
    """The actor's events (left, in time order) joined to the other actors at them (right, most shared first).

    With `href` (a page) and nothing a picture says better than the page's list, no picture: "".
    """
    actor = corpus.actors[actor_id]
    title = f"Network of {actor.name}"
    if href is not None and says_it_better(corpus, actor_id):
        return ""
    events = [corpus.events[e] for e in actor.events][:MAX_EGO_EVENTS]
    met = co_actors(corpus, actor_id)
    ranked = sorted(met, key=lambda a: (-len(met[a]), corpus.actors[a].name.casefold()))[:MAX_EGO_ACTORS]
    if not events:
        body = [label(10, 40, f"No events recorded for {actor.name}.", anchor="start", fill="#616161")]
        return svg(max(300, 20 + CHAR_W * (len(actor.name) + 30)), 64, title,
                    f"{actor.name} has no recorded events.", body)
    links = {e.id: {a for a in ranked if e.id in met[a]} for e in events}
    hidden = []
    if len(actor.events) > len(events):
        hidden.append(f"{len(actor.events) - len(events)} more events")
    if len(met) > len(ranked):
        hidden.append(f"{len(met) - len(ranked)} more actors")
    desc = (f"{actor.name} took part in {len(actor.events)} event{'s' if len(actor.events) != 1 else ''}"
            + (f", with {len(met)} other actor{'s' if len(met) != 1 else ''}: " if met else ".")
            + "; ".join(f"{corpus.actors[a].name} ({len(met[a])} shared)" for a in ranked[:10]))
    return _bipartite(corpus, events, ranked, links, href, title, desc,
                      (actor.name, "Others at the same events"), hidden, width)


def _bipartite(corpus: Corpus, events: list, actors: list[str], links: dict[str, set[str]], href,
               title: str, desc: str, headers: tuple[str, str], hidden: list[str], width: int = WIDE) -> str:
    """Events in a column on the left, actors on the right, a line for each actor at each event."""
    gap = 130.0 if width >= WIDE else 50.0
    col = (width - gap - 20) / 2
    left, right = 10 + col, 10 + col + gap  # the event squares' and the actor dots' x
    width = right + col + 10
    top = 28 + LINE * max(len(wrap(headers[0], col)), len(wrap(headers[1], col)))
    ev_lines = {e.id: wrap(f"{format_date(e.date)}: {e.title}", col - 14) for e in events}
    ac_lines = {a: wrap(corpus.actors[a].name, col - 14) for a in actors}
    ev_h = sum(LINE * len(v) + 9 for v in ev_lines.values())
    ac_h = sum(LINE * len(v) + 9 for v in ac_lines.values())
    ys: dict[str, float] = {}
    for column, lines, total in ((events, ev_lines, ev_h), (actors, ac_lines, ac_h)):
        y = top + (max(ev_h, ac_h) - total) / 2
        for item in column:
            key = item.id if hasattr(item, "id") else item
            ys[key] = y + 4
            y += LINE * len(lines[key]) + 9
    height = top + max(ev_h, ac_h) + 10
    body = [label_lines(left, 18, wrap(headers[0], col), "end", weight="bold"),
            label_lines(right, 18, wrap(headers[1], col), "start", weight="bold")]
    for e in events:
        for a in sorted(links.get(e.id, ())):
            if a in ys:
                kind_colour = COLOURS.get(corpus.actors[a].entry.kind, "#90a4ae")
                mid = (left + right) / 2
                body.append(f'<path d="M{left:.0f},{ys[e.id]:.1f} C{mid:.0f},{ys[e.id]:.1f} {mid:.0f},{ys[a]:.1f} '
                            f'{right:.0f},{ys[a]:.1f}" fill="none" stroke="{kind_colour}" stroke-opacity="0.5" '
                            f'stroke-width="1.3"/>')
    for e in events:
        y = ys[e.id]
        colour = NOT_HELD_COLOUR if (e.status or "held") in NOT_HELD else EVENT_COLOUR
        parts = (f'<rect x="{left - 5:.0f}" y="{y - 5:.1f}" width="10" height="10" fill="{colour}"/>'
                 + label_lines(left - 12, y + 4, ev_lines[e.id], "end"))
        body.append(with_link(href, "event", e.id, parts, e.title))
    for a in actors:
        entry = corpus.actors[a].entry
        parts = (f'<circle cx="{right:.0f}" cy="{ys[a]:.1f}" r="5.5" fill="{COLOURS.get(entry.kind, "#455a64")}"/>'
                 + label_lines(right + 12, ys[a] + 4, ac_lines[a], "start"))
        body.append(with_link(href, "actor", a, parts, entry.name))
    kinds = sorted({corpus.actors[a].entry.kind for a in actors}, key=lambda k: list(COLOURS).index(k)
                   if k in COLOURS else len(COLOURS))
    legend, legend_h = _legend(10, height + 6, width - 20, kinds,
                               any((e.status or "held") in NOT_HELD for e in events))
    body.append(legend)
    height += legend_h
    if hidden:
        body.append(label(10, height + 14, "Not shown: " + ", ".join(hidden), anchor="start", fill="#616161"))
        height += 22
    return svg(width, height + 6, title, desc, body, linked=href is not None)


def _legend(x: float, y: float, width: float, kinds: list[str], not_held: bool) -> tuple[str, float]:
    """The legend of what is drawn: events (and events not held, if any), then each kind of actor shown."""
    items = [("rect", EVENT_COLOUR, "event")]
    if not_held:
        items.append(("rect", NOT_HELD_COLOUR, "event not reported as held"))
    items += [("circle", COLOURS.get(kind, "#455a64"), kind.replace("-", " ")) for kind in kinds]
    parts, cx, cy = [], x, y + 12
    for shape, colour, text in items:
        w = 20 + CHAR_W * len(text)
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + LINE + 4
        parts.append(f'<rect x="{cx:.0f}" y="{cy - 9:.0f}" width="10" height="10" fill="{colour}"/>' if shape == "rect"
                     else f'<circle cx="{cx + 5:.0f}" cy="{cy - 4:.0f}" r="5" fill="{colour}"/>')
        parts.append(label(cx + 15, cy, text, anchor="start"))
        cx += w + 10
    return "\n".join(parts), cy - y + 8


def corpus_network(corpus: Corpus, href=None, width: int = WIDE) -> str:
    """Events (left, in time order) joined to the actors taking part (right, by kind and name)."""
    events = corpus.events_in_time_order()
    links = {event.id: _members(corpus, event) for event in events}
    involved = sorted({a for members in links.values() for a in members},
                      key=lambda a: (corpus.actors[a].entry.kind, corpus.actors[a].name.casefold()))
    shown_events = [e for e in events if links[e.id]][: MAX_NETWORK_NODES // 2]
    shown_actors = involved[: MAX_NETWORK_NODES // 2]
    if not shown_events:
        return svg(400, 50, "Actors and events", "No actor is placed at any event.",
                    [label(10, 30, "No actor is placed at any event yet.", anchor="start")])
    hidden_count = (len([e for e in events if links[e.id]]) - len(shown_events)) + (len(involved) - len(shown_actors))
    desc = (f"{len(shown_events)} events and {len(shown_actors)} actors; each line joins an event to an "
            "actor a source places at it (as host, participant, initiator, partner, observer, party or "
            "sender of a message) or quotes on it.")
    return _bipartite(corpus, shown_events, shown_actors, links, href, "Actors and events", desc,
                      ("Events, in time order", "Actors taking part, by kind"),
                      [f"{hidden_count} more events and actors"] if hidden_count > 0 else [], width)


def timeline(corpus: Corpus, href=None, width: int = WIDE) -> str:
    """One row per dated event: its label (wrapped, whole) above a bar as wide as the date's precision allows."""
    events = [e for e in corpus.events_in_time_order()
              if e.date is not None and not e.date.yearless][:MAX_TIMELINE_ROWS]
    if not events:
        return svg(300, 50, "Timeline", "No dated events.", [label(10, 30, "No dated events.", anchor="start")])
    spans = {e.id: e.date.interval() for e in events}
    known = [d for span in spans.values() for d in span if d not in (date.min, date.max)]
    lo, hi = date(min(known).year, 1, 1), date(max(known).year, 12, 31)
    margin = 10.0
    plot_w = width - 2 * margin
    total = (hi - lo).days or 1

    def px(d: date) -> float:
        d = min(max(d, lo), hi)
        return margin + plot_w * (d - lo).days / total

    rows, y = [], 44.0
    for event in events:
        status = event.status or "held"
        marks = (" (inferred)" if event.date.inferred else "") + (f" ({status.replace('-', ' ')})"
                                                                 if status != "held" else "")
        lines = wrap(f"{format_date(event.date)}{marks}: {event.title}", plot_w)
        rows.append((event, status, lines, y))
        y += LINE * len(lines) + 20
    height = y
    body = []
    for year in range(lo.year, hi.year + 1):
        x = px(date(year, 1, 1))
        body.append(f'<line x1="{x:.1f}" y1="24" x2="{x:.1f}" y2="{height - 6:.0f}" stroke="#e0e0e0"/>')
        if (hi.year - lo.year) * 40 < width or year % 2 == 0:
            body.append(label(x + 3, 18, str(year), anchor="start", fill="#616161"))
    for event, status, lines, top in rows:
        start, end = spans[event.id]
        x1, x2 = px(start), px(min(end, hi - date.resolution) + date.resolution)
        bar_y = top + LINE * (len(lines) - 1) + 6
        w = max(4.0, x2 - x1)
        if status in NOT_HELD:  # not reported as having taken place: drawn apart, and said in the label
            style = f'fill="#fff3e0" stroke="{NOT_HELD_COLOUR}" stroke-width="1.5" stroke-dasharray="1 2"'
        elif event.date.inferred:
            style = f'fill="#ffffff" stroke="{EVENT_COLOUR}" stroke-dasharray="3 2"'
        else:
            style = f'fill="{EVENT_COLOUR}"'
        parts = (label_lines(margin, top, lines, "start") + "\n"
                 + f'<rect x="{x1:.1f}" y="{bar_y:.1f}" width="{w:.1f}" height="9" rx="2" '
                   f'data-status="{_x(status)}" {style}/>')
        body.append(with_link(href, "event", event.id, parts, event.title))
    notes = ["Bars span the period the date's precision allows.", "Dashed bars: inferred dates."]
    if any(s in NOT_HELD for _, s, _, _ in rows):
        notes.append("Dotted orange bars: events announced or planned (or postponed, cancelled), not reported "
                     "as held.")
    for line in wrap(" ".join(notes), plot_w, max_lines=4):
        body.append(label(margin, height + 4, line, anchor="start", fill="#616161"))
        height += LINE
    return svg(width, height + 8, "Timeline of events",
                f"{len(events)} dated events from {lo.year} to {hi.year}.", body, linked=href is not None)
