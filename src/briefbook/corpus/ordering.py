"""Time order: what the dates allow (qualifiers included), then the declared relations (follows, part of)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Mapping

from . import models as m

_DAY = timedelta(days=1)
_RANK = {"before": 0, None: 1, "about": 1, "after": 2}


def order_interval(spec: m.DateSpec | None) -> tuple[date, date] | None:
    """Every day the date allows, for ordering: "before 6 June 2017" ends on 5 June, "after" starts the day after."""
    if spec is None or spec.yearless:  # a month without a year cannot be placed in time
        return None
    lo, hi = spec.bounds()
    if spec.qualifier == "before":
        return date.min, max(date.min, lo - _DAY)
    if spec.qualifier == "after":
        return min(date.max, hi + _DAY), date.max
    return spec.interval()


def date_order_key(spec: m.DateSpec | None) -> tuple:
    """Where a date sorts: "before X" just ahead of X, "after X" just behind it, undated last."""
    if spec is None or spec.yearless:  # a month without a year cannot be placed in time
        return (date.max, 3, date.max)
    lo, hi = spec.bounds()
    anchor = lo if spec.qualifier == "before" else lo
    return (anchor, _RANK[spec.qualifier], hi)


def definitely_before(a: m.DateSpec | None, b: m.DateSpec | None) -> bool:
    """True when no day the first date allows is on or after a day the second allows."""
    ia, ib = order_interval(a), order_interval(b)
    return ia is not None and ib is not None and ia[1] < ib[0]


def event_order(dates: Mapping[str, m.DateSpec | None], follows: Mapping[str, set[str]],
                part_of: Mapping[str, str | None]) -> dict[str, tuple]:
    """Each event's date key, moved behind every event it declares it follows (or is part of) where the
    dates leave the order open; a declaration the dates contradict moves nothing."""
    keys = {event_id: date_order_key(spec) for event_id, spec in dates.items()}
    after: dict[str, set[str]] = {e: set(follows.get(e, ())) for e in dates}
    for event_id, whole in part_of.items():
        if whole in dates:
            after.setdefault(event_id, set()).add(whole)
    depth = {e: 0 for e in dates}
    for _ in range(len(dates)):  # relax along the declarations; cycles were refused already
        changed = False
        for event_id, earlier in after.items():
            for other in earlier:
                if other not in keys or definitely_before(dates[event_id], dates[other]):
                    continue
                wanted = (keys[other], depth[other] + 1)
                if (keys[event_id], depth[event_id]) < wanted:
                    keys[event_id], depth[event_id] = keys[other], depth[other] + 1
                    changed = True
        if not changed:
            break
    return {e: (keys[e], depth[e]) for e in dates}


def declared_before(earlier: str, later: str, follows: Mapping[str, set[str]]) -> bool:
    """Whether `later` follows `earlier`, directly or through other events."""
    seen, todo = set(), [later]
    while todo:
        current = todo.pop()
        for other in follows.get(current, ()):
            if other == earlier:
                return True
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return False
