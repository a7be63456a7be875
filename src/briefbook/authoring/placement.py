"""Where a new entry goes in a registry file: inside the commented section it belongs to (actors of its
kind, events of its year), at its place in the order the section keeps (by id or by date), else at the
section's end; written between the lines, so that no other byte of the file changes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.loading import Located
from .yaml_style import Style, render_entry


@dataclass
class Entry:
    entry_id: str
    start: int  # 0-based index of its key line
    end: int  # 0-based index of its last line of content
    data: dict


def place_entry(text: str, located: Located | None, section: str, entry_id: str, fields: dict,
                style: Style, known: dict[str, dict] | None = None) -> tuple[str, int, tuple[int, int]]:
    """The text with the entry in it; the 1-based line of the old text it goes at; its (first line, length)."""
    lines = text.split("\n")
    data = located.data if located is not None and isinstance(located.data, dict) else {}
    entries = _entries(lines, located, section) if isinstance(data.get(section), dict) and data[section] else []
    if not entries:
        return _first_entry(lines, located, section, entry_id, fields, style)
    indent = len(lines[entries[0].start]) - len(lines[entries[0].start].lstrip(" "))
    block = render_entry(entry_id, fields, style, indent)
    group = _best_group(_groups(lines, entries), section, fields, known or {})
    before = _position(group, entry_id, fields, section)
    if before is not None:  # goes just above that entry (and above a comment on it, not a section's heading)
        insert = before.start
        while before is not group[0] and insert > 0 and lines[insert - 1].lstrip().startswith("#"):
            insert -= 1
        new, first = block + ([""] if style.blank_between else []), insert
    else:  # after the group's last entry
        insert = group[-1].end + 1
        new = ([""] if style.blank_between else []) + block
        first = insert + (1 if style.blank_between else 0)
    out = lines[:insert] + new + lines[insert:]
    return "\n".join(out), min(insert + 1, len(lines)), (first + 1, len(block))


def _first_entry(lines: list[str], located: Located | None, section: str, entry_id: str, fields: dict,
                 style: Style) -> tuple[str, int, tuple[int, int]]:
    """The section's first entry: under its key (`actors: {}` becomes `actors:`), or a new section at the end."""
    block = render_entry(entry_id, fields, style, style.indent[0])
    where = located.key_positions.get((section,)) if located is not None else None
    if where is None:
        body = "\n".join(lines).rstrip("\n")
        text = f"{body}\n{section}:\n" + "\n".join(block) + "\n"
        return text, len(body.split("\n")), (len(body.split("\n")) + 2, len(block))
    at = where[0] - 1
    head = re.sub(r"^(\S+:)\s*(\{\s*\}|~|null)?\s*(#.*)?$", lambda m_: m_.group(1) + (
        "  " + m_.group(3) if m_.group(3) else ""), lines[at])
    out = lines[:at] + [head] + block + lines[at + 1:]
    return "\n".join(out), at + 1, (at + 2, len(block))


def _entries(lines: list[str], located: Located, section: str) -> list[Entry]:
    ids = list(located.data[section])
    starts = [located.key_positions[(section, i)][0] - 1 for i in ids]
    indent = len(lines[starts[0]]) - len(lines[starts[0]].lstrip(" "))
    out = []
    for n, (entry_id, start) in enumerate(zip(ids, starts)):
        stop = starts[n + 1] if n + 1 < len(starts) else _section_end(lines, start, indent)
        end = stop - 1
        while end > start and (not lines[end].strip() or _is_comment_at(lines[end], indent)):
            end -= 1
        entry = located.data[section][entry_id]
        out.append(Entry(entry_id, start, end, entry if isinstance(entry, dict) else {}))
    return out


def _section_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the section's last line: the next line less indented than its keys."""
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) < indent:
            return i
    return len(lines)


def _is_comment_at(line: str, indent: int) -> bool:
    return line.lstrip().startswith("#") and len(line) - len(line.lstrip(" ")) <= indent


def _groups(lines: list[str], entries: list[Entry]) -> list[list[Entry]]:
    """Entries cut into the file's commented sections: a comment line between two entries starts one."""
    groups = [[entries[0]]]
    for prev, entry in zip(entries, entries[1:]):
        between = lines[prev.end + 1:entry.start]
        if any(line.lstrip().startswith("#") for line in between):
            groups.append([])
        groups[-1].append(entry)
    return groups


def _best_group(groups: list[list[Entry]], section: str, fields: dict, known: dict[str, dict]) -> list[Entry]:
    """Actors: the section of its kind, and of actors belonging where it belongs (a US envoy with other
    states' officials, not with the Afghan government's); events: the one with most of the year (or the
    nearest year); else the last section."""
    if section == "actors":
        scores = [_actor_score(g, fields, known) for g in groups]
    elif section == "events" and _year(fields) is not None:
        year = _year(fields)
        scores = [sum(_year(e.data) == year for e in g) * 1000
                  - min((abs(_year(e.data) - year) for e in g if _year(e.data) is not None), default=999)
                  for g in groups]
    else:
        return groups[-1]
    best = max(scores)
    if best <= 0 and section == "actors":
        return groups[-1]
    return groups[len(scores) - 1 - scores[::-1].index(best)]  # of equals, the later section


def _actor_score(group: list[Entry], new: dict, known: dict[str, dict]) -> float:
    """How well a section fits the new actor: those of its kind; first those under the same actor at the
    top of their affiliations; a section of one other actor's people (the Afghan government's) hardly."""
    same = [e.data for e in group if e.data.get("kind") == new.get("kind")]
    mine = _first_affiliation(new)
    if not same or mine is None:
        return len(same)
    roots = [_root(a, known) for a in map(_first_affiliation, same) if a is not None]
    top = _root(mine, known)
    if top in roots:
        return 100 + roots.count(top)
    if len(set(roots)) == 1 and len(roots) >= 2:
        return 0.5
    return len(same) + 2 * sum((known.get(a) or {}).get("kind") == (known.get(mine) or {}).get("kind")
                               for a in map(_first_affiliation, same) if a is not None)


def _first_affiliation(entry: dict) -> str | None:
    value = entry.get("affiliation")
    value = value[0] if isinstance(value, list) and value else value
    return value if isinstance(value, str) else None


def _root(actor_id: str, known: dict[str, dict]) -> str:
    """The actor at the top of the affiliations (a minister → the ministry → the government → the state)."""
    seen = {actor_id}
    while (up := _first_affiliation(known.get(actor_id) or {})) is not None and up not in seen:
        seen.add(up)
        actor_id = up
    return actor_id


def _year(data: dict) -> int | None:
    date = data.get("date")
    value = date.get("value") if isinstance(date, dict) else None
    return int(value[:4]) if isinstance(value, str) and re.match(r"^\d{4}", value) else None


def _date(data: dict) -> str | None:
    date = data.get("date")
    value = date.get("value") if isinstance(date, dict) else None
    return value if isinstance(value, str) and re.match(r"^\d{4}", value) else None


def _position(group: list[Entry], entry_id: str, fields: dict, section: str) -> Entry | None:
    """The entry the new one goes above, when the section keeps an order (ids, or events' dates); else None."""
    if len(group) < 2:
        return None
    ids = [e.entry_id for e in group]
    if ids == sorted(ids):
        return next((e for e in group if e.entry_id > entry_id), None)
    dates = [_date(e.data) for e in group]
    new = _date(fields)
    if section == "events" and new and all(dates) and dates == sorted(dates):
        return next((e for e, d in zip(group, dates) if d > new), None)
    return None
