"""Likely duplicates of a new registry entry, across scripts: the same name in another script or case
(عبدالله عبدالله and Abdullah Abdullah), an inflected form (Сергея Лаврова), one name inside another
("Troika" and "troika plus"), and for events the same day at the same place.
"""

from __future__ import annotations

import difflib

from ..corpus.inflection import forms, nominative
from ..corpus.lookalike import skeleton
from .ids import romanise

# Words that make a name longer without naming something else ("troika plus" is the troika's format)
MAX_EXTRA_WORDS = 1
# Two romanised names this alike are likely one spelled two ways (adavans and adavance: 0.8;
# mohammadhaneefatmar and mohammadhanifatmar: 0.92); Austria and Australia (0.75) are not
MIN_SPELLING_RATIO = 0.8


def name_keys(name: str) -> set[str]:
    """What a name reads as in any script: its letters without case, spacing or punctuation, in its own
    script and romanised, for the name and each inflected form of it."""
    keys = set()
    for form in {name, nominative(name), *forms(name)}:  # Сергея Лаврова → Сергей Лавров
        keys |= {skeleton(form), skeleton(romanise(form)[0])}
    return {k for k in keys if k}


def _words(name: str) -> list[str]:
    return [w for w in (skeleton(w) for w in romanise(name)[0].split()) if w]


def _one_inside_other(new: str, old: str) -> bool:
    """All the words of the shorter name are in the longer one, which has at most one word more."""
    a, b = _words(new), _words(old)
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return bool(short) and len(long) - len(short) <= MAX_EXTRA_WORDS and all(w in long for w in short) \
        and sum(len(w) for w in short) >= 4


def entry_names(entry_id: str, entry: dict) -> list[str]:
    """The names an entry is known by: its name or title, its aliases, its id read as words."""
    names = [entry.get("name") or entry.get("title"), *(entry.get("aliases") or ()),
             entry_id.replace("-", " ")]
    if entry.get("abbreviation"):
        names.append(entry["abbreviation"])
    return [n for n in names if isinstance(n, str) and n.strip()]


def likely_duplicates(new_names: list[str], entries: dict[str, dict]) -> list[tuple[str, str, str]]:
    """(existing id, its name that matches, how) for each entry the new names may be another name of:
    the same name read in any script first, then one spelled almost alike, then one inside another."""
    new_keys = {name: name_keys(name) for name in new_names}
    known = {entry_id: [(old, name_keys(old)) for old in entry_names(entry_id, entry)]
             for entry_id, entry in entries.items()}
    found: list[tuple[str, str, str]] = []
    for test in (_same, _almost, _inside):
        for entry_id, names in known.items():
            match = next((hit for old, keys in names for new in new_keys
                          if (hit := test(new, new_keys[new], old, keys))), None)
            if match and entry_id not in {f[0] for f in found}:
                found.append((entry_id, *match))
    return found


def _same(new: str, keys: set[str], old: str, old_keys: set[str]) -> tuple[str, str] | None:
    if keys & old_keys:
        how = "is the same name" if skeleton(new) == skeleton(old) else "reads the same once romanised or inflected"
        return old, f"{how} as {new!r}"
    return None


def _almost(new: str, keys: set[str], old: str, old_keys: set[str]) -> tuple[str, str] | None:
    """Spelled almost alike once romanised (Ада Ванс → Ada Vans, and Ada Vance): a letter or two apart."""
    a, b = skeleton(romanise(new)[0]), skeleton(romanise(old)[0])
    if min(len(a), len(b)) >= 6 and difflib.SequenceMatcher(None, a, b).ratio() >= MIN_SPELLING_RATIO:
        return old, f"is spelled almost as {new!r} once romanised"
    return None


def _inside(new: str, keys: set[str], old: str, old_keys: set[str]) -> tuple[str, str] | None:
    if _one_inside_other(new, old):
        return old, f"has the same words as {new!r}, one more or less"
    return None


def same_day_and_place(date: str | None, place: str | None, events: dict[str, dict],
                       place_of: dict[str, str]) -> list[tuple[str, str, str]]:
    """(id, title, how) of events at the same place on the same day as the new one, or in the month the
    other gives (a meeting on 2020-09-12 in Doha, and negotiations in Doha in 2020-09); a year is too wide."""
    if not date or not place or len(date) < 7:
        return []
    here = _place(place, place_of)
    found = []
    for entry_id, entry in events.items():
        when = entry["date"].get("value") if isinstance(entry.get("date"), dict) else None
        where = entry.get("place")
        where = where.get("name") if isinstance(where, dict) else where
        if not isinstance(when, str) or len(when) < 7 or not isinstance(where, str):
            continue
        overlap = date.startswith(when) or when.startswith(date)
        if overlap and _place(where, place_of) & here:
            found.append((entry_id, str(entry.get("title", entry_id)), f"is in {where} on {when} too"))
    return found


def _place(name: str, place_of: dict[str, str]) -> set[str]:
    """A place as its registered id where any reading of its name is registered, else its readings
    (الدوحة and Doha read the same romanised)."""
    keys = name_keys(name)
    ids = {place_of[k] for k in keys if k in place_of}
    return ids or keys
