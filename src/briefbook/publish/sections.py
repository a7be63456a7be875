"""Index pages cut into sections small enough for a search engine's per-section limit: actors by letter,
events and sources by year and month, and numbered parts when one letter or month is still too long."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

from markupsafe import Markup

from .escape import md_escape

# Rows in one section of an index page. Measured: Zensical 0.0.73 refuses a section of more than
# 8,192 token positions once a site has ~120,000 sections (10,000 documents); one index row is ~8
# positions in the synthetic corpus and 20–40 with a real one-sentence description, so 100 rows stay
# under a quarter of the limit (and under 4,096, its limit at twice the sections).
SECTION_ROWS = 100

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


@dataclass(frozen=True)
class Section:
    """A heading (None: the rows go under the heading the page already has) and the rows under it."""
    level: int
    heading: str | None
    anchor: str
    rows: tuple


Level = tuple[Callable[[object], str], Callable[[str], str]]  # (key of a row, heading for a key)
_MONTH_ANCHOR = re.compile(r"^\d{4}-")


def split(rows: Sequence, levels: Sequence[Level], *, anchor: str, level: int = 2, always: int = 0,
          limit: int | None = None) -> list[Section]:
    """Rows (in page order) as sections: one section while they fit in `limit` rows (the first
    `always` levels are headings whatever the size), else grouped by the next level, and a group
    that no level can make small enough cut into numbered parts."""
    limit = limit or SECTION_ROWS
    if len(rows) <= limit and always <= 0:
        return [Section(level, None, anchor, tuple(rows))]
    if not levels:
        count = math.ceil(len(rows) / limit)
        return [Section(level, f"Part {i + 1} of {count}", f"{anchor}-{i + 1}", tuple(rows[i * limit:(i + 1) * limit]))
                for i in range(count)]
    key, heading = levels[0]
    groups: dict[str, list] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    out: list[Section] = []
    for value, group in groups.items():
        here = f"{anchor}-{_anchor_part(value)}"
        inner = split(group, levels[1:], anchor=here, level=level + 1, always=always - 1, limit=limit)
        if inner[0].heading is None:
            out.append(Section(level, heading(value), here, inner[0].rows))
        else:
            out.append(Section(level, heading(value), here, ()))
            out.extend(inner)
    return out


def _anchor_part(value: str) -> str:
    """An id fragment in ASCII letters and digits whatever the script (an Arabic letter → u62a); a month
    under its year is its number ('2020-03' → '03')."""
    value = _MONTH_ANCHOR.sub("", value)
    return "".join(c.lower() if c.isascii() and c.isalnum() else f"u{ord(c):x}" for c in value) or "undated"


def heading_md(section: Section) -> Markup:
    """The section's Markdown heading line with its own id ('### P { #person-p }')."""
    return Markup(f"{'#' * section.level} {md_escape(section.heading or '')} {{ #{section.anchor} }}")


def initial(name: str) -> str:
    """The letter a name is listed under: its first letter without accents ('Ö' → 'O'), '#' for a digit
    or sign."""
    first = unicodedata.normalize("NFKD", name.strip()[:1] or "#")[:1]
    return first.upper() if first.isalpha() else "#"


def letter_heading(letter: str) -> str:
    return "Other" if letter == "#" else letter


def year_of(spec) -> str:
    value = spec.value if spec is not None else ""
    return value[:4] if value[:4].isdigit() else ""


def month_of(spec) -> str:
    value = spec.value if spec is not None else ""
    return value[:7] if value[:4].isdigit() and len(value) >= 7 else year_of(spec)


def year_heading(year: str) -> str:
    return year or "Undated"


def month_heading(month: str) -> str:
    if len(month) < 7:
        return f"{year_heading(month)}, month not known"
    return f"{_MONTHS[int(month[5:7]) - 1]} {month[:4]}"


def actors_sections(actors: Sequence, kind: str) -> list[Section]:
    """One kind's actors (sorted by name) under its heading, by letter when there are many."""
    return split(actors, [(lambda a: initial(a.name), letter_heading)], anchor=kind, level=3)


def by_date_sections(items: Sequence, date_of: Callable, anchor: str, *, always_years: bool = False,
                     level: int = 2) -> list[Section]:
    """Events or sources (in page order) by year, then month, then numbered parts, as needed."""
    return split(items, [(lambda x: year_of(date_of(x)), year_heading), (lambda x: month_of(date_of(x)), month_heading)],
                 anchor=anchor, level=level, always=1 if always_years else 0)
