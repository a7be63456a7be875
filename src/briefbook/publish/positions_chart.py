"""A static SVG of one issue over time: which actor took which stance when (pure functions, no I/O).

One row per actor (in the order of their first position), time across. A position is placed at the
date of the source that reports it, as the issue's table gives it, not at the date of the event it
concerns: a precise day is a dot, a month, a year, a range or an "about" date a bar over every day it
can mean, a "before"/"after" date a bar open to the edge of the axis, and an undated or yearless source
goes into a column of its own, never onto the axis. Each mark carries a number; the numbered stances
are listed under the chart (one number for the same words by the same actor). Drawn with pictures.py's
helpers: labels of 12 px shown at their own size, wrapped not cut, a legend of only what is drawn.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from ..corpus.dates import format_date
from ..corpus.records import Corpus, PositionRef
from . import urls
from .present import label as issue_label
from .pictures import CHAR_W, LINE, WIDE, label, label_lines, svg, with_link, wrap

MAX_ROWS = 24  # actors drawn: about 900 px of rows on a page, beside a table that has them all
PRINT_ROWS = 10  # in print: ten rows fit the 150 mm print.css allows at about 1:1 (the list under it has all)
MAX_MARKS = 80  # positions drawn; the rest are named as left out, the page's table has them all
MARK = "#1565c0"  # a position as stated by its actor
UNCERTAIN = "#e65100"  # a position whose speaker the source leaves uncertain
LANE = 30  # a mark's number (12 px) above its mark (10 px), with room between lanes
UNDATED_W = 76  # the undated column
BARS = "Bars span every day the source's date can mean."
PLACEMENT = ("Each position is placed at the date of the source that reports it (as in the table), "
             "not at the date of an event it concerns.")


@dataclass(frozen=True)
class Stance:
    """One numbered label: the same words by the same actor (for the same principal) share it."""

    number: int
    actor: str
    on_behalf_of: str | None
    stance: str
    attribution: str
    positions: tuple[PositionRef, ...]

    @property
    def tag(self) -> str:
        """The number as drawn: "11?" when the source leaves the speaker uncertain."""
        return f"{self.number}?" if self.attribution == "uncertain" else str(self.number)


def says_it_better(corpus: Corpus, issue: str) -> bool:
    """True when the issue's table says more than a picture: a single position."""
    return len(corpus.topics.get(issue, ())) < 2


def stances(corpus: Corpus, issue: str) -> list[Stance]:
    """The issue's positions under their numbers, numbered in the order of their sources' dates."""
    groups: dict[tuple, list[PositionRef]] = {}
    for pos in corpus.topics.get(issue, ()):
        key = (pos.actor, pos.on_behalf_of, " ".join(pos.stance.split()), pos.attribution)
        groups.setdefault(key, []).append(pos)
    return [Stance(n, key[0], key[1], key[2], key[3], tuple(found))
            for n, (key, found) in enumerate(groups.items(), start=1)]


def numbers(corpus: Corpus, issue: str) -> dict[PositionRef, str]:
    """Each position's number as the picture draws it: for the issue's table beside the picture."""
    return {pos: stance.tag for stance in stances(corpus, issue) for pos in stance.positions}


def _when(corpus: Corpus, pos: PositionRef) -> tuple[str, date | None, date | None]:
    """(how the date is drawn, first day, last day): day, span, before, after; undated without days."""
    spec = corpus.date_of(pos.source)
    if spec is None or spec.yearless:
        return "undated", None, None
    lo, hi = spec.interval()
    if spec.qualifier in ("before", "after"):
        return spec.qualifier, (None if spec.qualifier == "before" else lo), (None if spec.qualifier == "after"
                                                                             else hi)
    return ("day" if lo == hi else "span"), lo, hi


@dataclass(frozen=True)
class _Axis:
    lo: date
    hi: date
    x0: float
    x1: float
    by_month: bool

    def px(self, day: date) -> float:
        day = min(max(day, self.lo), self.hi + timedelta(days=1))
        return self.x0 + (self.x1 - self.x0) * (day - self.lo).days / ((self.hi - self.lo).days + 1)


def _range(days: list[date]) -> tuple[date, date, bool]:
    """Whole years when the dates span more than two, else whole months (at least three)."""
    lo, hi = min(days), max(days)
    if (hi - lo).days > 730:
        return date(lo.year, 1, 1), date(hi.year, 12, 31), False
    first = date(lo.year, lo.month, 1)
    last = date(hi.year, hi.month, calendar.monthrange(hi.year, hi.month)[1])
    while (last.year - first.year) * 12 + last.month - first.month < 2:
        first = (first - timedelta(days=1)).replace(day=1)
        last = last + timedelta(days=1)
        last = last.replace(day=calendar.monthrange(last.year, last.month)[1])
    return first, last, True


def _tick_names(axis: _Axis) -> list[tuple[date, str]]:
    """Every year (or every 2nd, 5th, 10th... when years are narrow); or every month (or 2nd, 3rd, 6th),
    labelled with its month ("Mar"), January and the first with the year too."""
    if not axis.by_month:
        year_w = axis.px(date(axis.lo.year + 1, 1, 1)) - axis.x0
        step = next((n for n in (1, 2, 5, 10, 20, 50) if n * year_w >= 36), 100)
        return [(date(y, 1, 1), str(y)) for y in range(axis.lo.year, axis.hi.year + 1)
                if y % step == 0 or y == axis.lo.year]
    month_w = axis.px(axis.lo + timedelta(days=31)) - axis.x0
    step = next((n for n in (1, 2, 3, 6) if n * month_w >= 34), 12)
    found, day = [], axis.lo
    while day <= axis.hi:
        if (day.month - 1) % step == 0 or day == axis.lo:
            name = calendar.month_abbr[day.month]
            found.append((day, f"{name} {day.year}" if day.month == 1 or day == axis.lo else name))
        day = (day + timedelta(days=32)).replace(day=1)
    return found


def _ticks(axis: _Axis, top: float, bottom: float) -> list[str]:
    """Year (or month) lines across the rows, each labelled above when its label has room."""
    out, free = [], axis.x0 - 1
    for start, name in _tick_names(axis):
        x = axis.px(start)
        out.append(f'<line x1="{x:.1f}" y1="{top:.0f}" x2="{x:.1f}" y2="{bottom:.0f}" stroke="#e0e0e0"/>')
        if x >= free and x + 3 + CHAR_W * len(name) <= axis.x1 + 2:
            out.append(label(x + 3, top - 6, name, anchor="start", fill="#616161"))
            free = x + 3 + CHAR_W * len(name) + 6
    out.append(f'<line x1="{axis.x1:.1f}" y1="{top:.0f}" x2="{axis.x1:.1f}" y2="{bottom:.0f}" stroke="#e0e0e0"/>')
    return out


@dataclass
class _Mark:
    stance: Stance
    pos: PositionRef
    how: str
    x1: float
    x2: float
    lane: int = 0

    @property
    def centre(self) -> float:
        if self.how == "before":
            return self.x2 - 6
        if self.how == "after":
            return self.x1 + 6
        return (self.x1 + self.x2) / 2

    def extent(self) -> tuple[float, float]:
        half = CHAR_W * len(self.tag) / 2 + 3
        return min(self.x1, self.centre - half) - 3, max(self.x2, self.centre + half) + 3

    @property
    def tag(self) -> str:
        return self.stance.tag


def _lanes(marks: list[_Mark]) -> int:
    """Marks of a row into lanes so that no number or mark overlaps another: first lane it fits in."""
    ends: list[float] = []
    for mark in sorted(marks, key=lambda m: (m.x1, m.stance.number)):
        start, end = mark.extent()
        for lane, last in enumerate(ends):
            if start >= last:
                mark.lane, ends[lane] = lane, max(last, end)
                break
        else:
            mark.lane = len(ends)
            ends.append(end)
    return max(1, len(ends))


def _place(corpus: Corpus, stance: Stance, pos: PositionRef, axis: _Axis | None, undated_x: float) -> _Mark:
    how, lo, hi = _when(corpus, pos)
    if how == "undated" or axis is None:
        return _Mark(stance, pos, "undated", undated_x - 5, undated_x + 5)
    x1 = axis.x0 if lo is None else axis.px(lo)
    x2 = axis.x1 if hi is None else axis.px(hi + timedelta(days=1))
    if how == "day":
        mid = (x1 + x2) / 2
        return _Mark(stance, pos, how, mid - 4.5, mid + 4.5)
    if how == "span" and x2 - x1 < 12:  # a span is never drawn narrower than a day's dot
        mid = (x1 + x2) / 2
        x1, x2 = mid - 6, mid + 6
    return _Mark(stance, pos, how, x1, x2)


def _shape(how: str, attribution: str, x1: float, x2: float, y: float, data: str) -> str:
    """A mark, its style saying the attribution: filled as stated, hollow as said collectively, dashed
    orange as of uncertain speaker; an open-ended date pale to the edge of the axis, an arrow at it."""
    colour = UNCERTAIN if attribution == "uncertain" else MARK
    fill = MARK if attribution == "stated" else "#ffffff"
    stroke = f'stroke="{colour}" stroke-width="2"' + (' stroke-dasharray="3 2"' if attribution == "uncertain"
                                                          else "")
    if how in ("day", "undated"):
        return f'<circle {data} cx="{(x1 + x2) / 2:.1f}" cy="{y:.1f}" r="4.5" fill="{fill}" {stroke}/>'
    opacity = "0.35" if how in ("before", "after") else "0.6"
    bar = (f'<rect {data} x="{x1:.1f}" y="{y - 5:.1f}" width="{x2 - x1:.1f}" height="10" rx="2" '
           f'fill="{fill}" fill-opacity="{opacity}" {stroke}/>')
    if how == "before":
        bar += f'<path d="M{x1 - 4:.1f},{y:.1f} l7,-6 v12 z" fill="{colour}"/>'
    elif how == "after":
        bar += f'<path d="M{x2 + 4:.1f},{y:.1f} l-7,-6 v12 z" fill="{colour}"/>'
    return bar


def _mark_svg(corpus: Corpus, mark: _Mark, top: float, href) -> str:
    y = top + LANE * mark.lane
    data = f'class="bb-mark" data-date="{mark.how}" data-n="{mark.stance.number}"'
    parts = (label(mark.centre, y + 12, mark.tag, weight="bold")
             + _shape(mark.how, mark.stance.attribution, mark.x1, mark.x2, y + 20, data))
    name = (f"{mark.stance.number}: {corpus.actors[mark.pos.actor].name}, source dated "
            f"{format_date(corpus.date_of(mark.pos.source))}")
    first = mark.pos.paragraphs[0] if mark.pos.paragraphs else None
    return with_link(href, "source", mark.pos.source, parts, name,
                     urls.paragraph_anchor(first) if first is not None else None)


def _stance_text(corpus: Corpus, stance: Stance) -> str:
    who = corpus.actors[stance.actor].name
    if stance.on_behalf_of:
        who += f" for {corpus.actors[stance.on_behalf_of].name}"
    specs = [corpus.date_of(p.source) for p in stance.positions]
    dates = "; ".join(dict.fromkeys(format_date(d) + (" (inferred)" if d is not None and d.inferred else "")
                                    for d in specs))
    note = {"uncertain": " (speaker uncertain)", "collective": " (said collectively)"}.get(stance.attribution, "")
    return f"{who}, {dates}: {stance.stance}{note}"


def _stance_list(corpus: Corpus, shown: list[Stance], width: float, top: float, href) -> tuple[list[str], float]:
    """The numbered stances under the chart, each linked to its (first) source paragraph."""
    body, y = [], top
    for stance in shown:
        lines = wrap(_stance_text(corpus, stance), width - 52)
        tag = stance.tag
        parts = label(36, y, tag, anchor="end", weight="bold") + label_lines(46, y, lines, "start")
        pos = stance.positions[0]
        anchor = urls.paragraph_anchor(pos.paragraphs[0]) if pos.paragraphs else None
        body.append(with_link(href, "source", pos.source, parts, f"{tag}: {' '.join(lines)}", anchor))
        y += LINE * len(lines) + 6
    return body, y


def _legend(marks: list[_Mark], width: float, y: float) -> tuple[list[str], float]:
    """Only what is drawn: the kinds of date, the kinds of attribution."""
    hows = {m.how for m in marks}
    items = [(how, text) for how, text in (
        ("day", "a day"), ("span", "a month, a year, a range, \u201cabout\u201d"),
        ("before", "before a date"), ("after", "after a date")) if how in hows]
    attributions = {m.stance.attribution for m in marks}
    items += [(a, text) for a, text in (("collective", "said collectively"),
                                        ("uncertain", "speaker uncertain (number marked ?)")) if a in attributions]
    body, x, line_y = [], 10.0, y + 12
    for kind, text in items:
        w = 26 + CHAR_W * len(text)
        if x + w > width - 10 and x > 10:
            x, line_y = 10.0, line_y + LINE + 4
        attribution = kind if kind in ("collective", "uncertain") else "stated"
        how = "day" if attribution != "stated" else kind
        x1, x2 = (x + 1, x + 10) if how == "day" else (x + 3, x + 18)
        body.append(_shape(how, attribution, x1, x2, line_y - 4, 'class="bb-key"'))
        body.append(label(x + 24, line_y, text, anchor="start"))
        x += w + 12
    note = (BARS + " " if hows & {"span", "before", "after"} else "") + PLACEMENT
    for line in wrap(note, width - 20):
        line_y += LINE + 2
        body.append(label(10, line_y, line, anchor="start", fill="#616161"))
    return body, line_y - y + 8


def _shown(corpus: Corpus, numbered: list[Stance], max_rows: int,
           where: str) -> tuple[list[str], list[Stance], str]:
    """The actors and stances drawn (capped), and what was left out, in words ("" for nothing)."""
    rows = list(dict.fromkeys(s.actor for s in numbered))[:max_rows]
    shown, count = [], 0
    for stance in numbered:
        if stance.actor in rows and count + len(stance.positions) <= MAX_MARKS:
            shown.append(stance)
            count += len(stance.positions)
    rows = [a for a in rows if any(s.actor == a for s in shown)]
    drawn = {s.number for s in shown}
    left = [s for s in numbered if s.number not in drawn]
    if not left:
        return rows, shown, ""
    actors = len({s.actor for s in left} - set(rows))
    return rows, shown, (f"Not shown: {sum(len(s.positions) for s in left)} more positions"
                         + (f" of {actors} more actor{'s' if actors != 1 else ''}" if actors else "") + f"; {where}.")


def _axis(corpus: Corpus, shown: list[Stance], x0: float, x1: float) -> _Axis | None:
    """From the earliest to the latest day any date can mean; room before a "before" and after an "after"
    date (a tenth of the range, a month at least), so that an open bar is seen to run on."""
    dated = [_when(corpus, p) for s in shown for p in s.positions]
    days = [d for _, lo, hi in dated for d in (lo, hi) if d is not None]
    if not days:
        return None
    room = max(timedelta(days=31), (max(days) - min(days)) / 10)
    days += [hi - room for how, _, hi in dated if how == "before"] + [lo + room for how, lo, _ in dated
                                                                       if how == "after"]
    lo, hi, by_month = _range(days)
    return _Axis(lo, hi, x0, x1, by_month)


@dataclass(frozen=True)
class _Layout:
    width: float
    side: bool  # names beside the rows (wide), or above them (narrow)
    name_w: float
    undated_x: float
    axis: _Axis | None


def _rows(corpus: Corpus, rows: list[str], shown: list[Stance], layout: _Layout, y: float,
          href) -> tuple[list[str], list[_Mark], float]:
    """Each actor's row: the name (beside the lanes when wide, above them when narrow), then its marks."""
    body, marks = [], []
    for actor in rows:
        row = [_place(corpus, s, p, layout.axis, layout.undated_x)
               for s in shown if s.actor == actor for p in s.positions]
        lanes = _lanes(row)
        name = corpus.actors[actor].name
        lines = wrap(name, layout.name_w)
        names = label_lines(10, y + (17 if layout.side else 12), lines, "start", weight="bold")
        body.append(with_link(href, "actor", actor, names, name))
        lanes_top = y if layout.side else y + LINE * len(lines) + 2
        body.extend(_mark_svg(corpus, m, lanes_top, href) for m in row)
        bottom = lanes_top + LANE * lanes
        if layout.side:
            bottom = max(bottom, y + LINE * len(lines) + 6)
        body.append(f'<line x1="10" y1="{bottom + 3:.1f}" x2="{layout.width - 10:.0f}" y2="{bottom + 3:.1f}" '
                    'stroke="#eeeeee"/>')
        marks += row
        y = bottom + 8
    return body, marks, y


def _describe(corpus: Corpus, issue: str, shown: list[Stance], axis: _Axis | None, left_out: str) -> str:
    positions = [p for s in shown for p in s.positions]
    actors = list(dict.fromkeys(s.actor for s in shown))
    undated = sum(1 for p in positions if _when(corpus, p)[0] == "undated")
    span = f" from {axis.lo.year} to {axis.hi.year}" if axis and axis.lo.year != axis.hi.year else (
        f" in {axis.lo.year}" if axis else "")
    return (f"{len(positions)} position{'s' if len(positions) != 1 else ''} on {issue_label(issue).lower()} "
            f"by {len(actors)} actor{'s' if len(actors) != 1 else ''}{span}"
            + (f", {undated} from undated sources" if undated else "") + ", in the order of their first position: "
            + "; ".join(f"{corpus.actors[a].name} ({sum(len(s.positions) for s in shown if s.actor == a)})"
                        for a in actors[:12]) + f". {PLACEMENT}" + (f" {left_out}" if left_out else ""))


def positions_picture(corpus: Corpus, issue: str, href=None, width: int = WIDE, with_stances: bool = True,
                      max_rows: int | None = None) -> str:
    """The issue's positions over time, one row per actor; with_stances: the numbered stances under it.

    With `href` (a page), each actor's name links to their page and each mark (and stance) to the source
    paragraph that gives it, and a single position (the page's table says it) is no picture: "".
    Without it (the .svg file, print) nothing is linked.
    """
    if href is not None and says_it_better(corpus, issue):
        return ""
    title = f"Positions on {issue_label(issue).lower()} over time"
    numbered = stances(corpus, issue)
    if not numbered:
        return svg(320, 50, title, "No positions on this issue.",
                   [label(10, 30, "No positions on this issue.", anchor="start")])
    rows, shown, left_out = _shown(corpus, numbered, MAX_ROWS if max_rows is None else max_rows,
                                   "the issue's table has them all" if with_stances else "the list below has them all")
    side = width >= WIDE
    undated = any(_when(corpus, p)[0] == "undated" for s in shown for p in s.positions)
    x0 = 10 + (160 if side else 0) + 14
    x1 = width - 14 - (UNDATED_W if undated else 0)
    layout = _Layout(width, side, 150 if side else width - 20, width - 10 - UNDATED_W / 2,
                     _axis(corpus, shown, x0, x1))
    top = 34.0
    body, marks, y = _rows(corpus, rows, shown, layout, top + 4, href)
    frame = _ticks(layout.axis, top, y - 4) if layout.axis else []
    if undated:
        frame.append(label(layout.undated_x, top - 6, "Undated", fill="#616161"))
        frame.append(f'<line x1="{width - 10 - UNDATED_W:.0f}" y1="{top - 20:.0f}" x2="{width - 10 - UNDATED_W:.0f}" '
                     f'y2="{y - 4:.0f}" stroke="#9e9e9e" stroke-dasharray="4 3"/>')
    body = frame + body
    if left_out:
        for line in wrap(left_out, width - 20):
            body.append(label(10, y + 12, line, anchor="start", fill="#616161"))
            y += LINE
    legend, legend_h = _legend(marks, width, y)
    body += legend
    y += legend_h
    if with_stances:
        listed, y = _stance_list(corpus, shown, width, y + 22, href)
        body += listed
    return svg(width, y + 4, title, _describe(corpus, issue, shown, layout.axis, left_out), body,
               linked=href is not None)
