"""Find where sources disagree: facts on which two accounts of one event cannot both be right."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta
from typing import Any, Iterable, Mapping

from . import models as m
from .dates import format_date
from .paragraphs import normalise
from .records import Account, Claim, Disagreement


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
        if x.yearless or y.yearless:
            return not _month_days_meet(x, y)
        (xl, xh), (yl, yh) = x.interval(), y.interval()
        return xh < yl or yh < xl

    dated = [(a, a.data.date, format_date(a.data.date)) for a in accounts if a.data.date]
    # places by identity: الدوحة and Doha are one place when the registry says so (a place id); the name else
    placed = [(a, a.place or normalise(a.data.place.name).casefold(), a.data.place.name)
              for a in accounts if a.data.place]
    formats = [(a, a.data.format, a.data.format) for a in accounts if a.data.format not in (None, "unknown")]
    names = names or {}
    hosted = [(a, frozenset(a.hosts), ", ".join(names.get(h, h) for h in a.hosts)) for a in accounts if a.hosts]
    statuses = [(a, a.data.status, a.data.status) for a in accounts]
    for found in (conflict("date", dated, disjoint),
                  conflict("status", statuses, lambda x, y: {x, y} == {"held", "cancelled"}),
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


def _month_days(spec: m.DateSpec) -> set[tuple[int, int | None]] | None:
    """The (month, day) pairs a date allows, whatever the year; None when it allows every one."""
    if spec.yearless:
        return {m.parse_yearless_date(spec.value)}
    lo, hi = spec.interval()
    if (hi - lo).days >= 366:
        return None
    days: set[tuple[int, int | None]] = set()
    day = lo
    while day <= hi:
        days.add((day.month, day.day))
        day += timedelta(days=1)
    return days


def _month_days_meet(x: m.DateSpec, y: m.DateSpec) -> bool:
    """Whether one day could fit both dates when at least one of them has no year."""
    xs, ys = _month_days(x), _month_days(y)
    if xs is None or ys is None:
        return True
    def fits(pair, pool):
        month, day = pair
        return any(pm == month and (day is None or pd is None or pd == day) for pm, pd in pool)

    return any(fits(pair, ys) for pair in xs)
