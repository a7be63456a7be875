"""Names that look alike: a Cyrillic letter inside a Latin name, invisible characters,
and two different actors whose names would look the same on a page.

No Unicode data beyond the standard library: the letters confused in practice are the
Cyrillic and Greek ones that are drawn exactly like Latin letters, listed below.
"""

from __future__ import annotations

import re
import unicodedata

# Drawn like a Latin letter in common fonts (after Unicode's confusables.txt, restricted
# to letters that are identical, not merely similar).
_LIKE_LATIN = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "һ": "h",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "У": "Y", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ԛ": "Q", "Ԝ": "W", "Ӏ": "I", "Һ": "H",
    # Greek
    "α": "a", "ο": "o", "ν": "v", "ρ": "p", "ι": "i", "κ": "k", "υ": "u", "τ": "t",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})

# Scripts whose letters are mistaken for one another; a word mixing two of them is a trap.
_CONFUSABLE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
# Joiners that Persian, Pashto, Urdu and Indic spelling needs: allowed in names.
_JOINERS = {"\u200c", "\u200d"}
_WORD = re.compile(r"\w+")


def _script(ch: str) -> str | None:
    try:
        first = unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return None
    return first if first in _CONFUSABLE_SCRIPTS else None


def name_problem(name: str) -> str | None:
    """Why a name (or alias, or title) is unsafe to show, or None.

    A word that mixes Latin, Cyrillic or Greek letters ('Lаvrov' with a Cyrillic 'а'),
    or an invisible character other than the joiners some scripts need.
    """
    for ch in name:
        if unicodedata.category(ch) == "Cf" and ch not in _JOINERS:
            return (f"{name!r} contains the invisible character U+{ord(ch):04X} "
                    f"({unicodedata.name(ch, 'format character')}); retype the name without it")
    for word in _WORD.finditer(name):
        scripts: dict[str, str] = {}
        for ch in word.group():
            script = _script(ch)
            if script and script not in scripts:
                scripts[script] = ch
        if len(scripts) > 1:
            minority = min(scripts, key=lambda s: sum(_script(c) == s for c in word.group()))
            ch = scripts[minority]
            return (f"{word.group()!r} mixes {' and '.join(s.title() for s in scripts)} letters "
                    f"(U+{ord(ch):04X} {unicodedata.name(ch)}), so it looks like a word it is not; "
                    "retype it in one script")
    return None


def skeleton(name: str) -> str:
    """What a name looks like: case, punctuation, spacing, invisible characters and
    look-alike letters ignored. Two names with one skeleton read as the same name."""
    text = unicodedata.normalize("NFKC", name).translate(_LIKE_LATIN)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def explain_lookalike(written: str) -> str:
    """' (it contains the Cyrillic letter 'а', U+0430)' for a reference that differs only in look."""
    for ch in written:
        if ch in _LIKE_LATIN_CHARS:
            return f" ({written!r} contains {unicodedata.name(ch).title()} {ch!r}, U+{ord(ch):04X})"
    return ""


_LIKE_LATIN_CHARS = frozenset(chr(k) for k in _LIKE_LATIN)
