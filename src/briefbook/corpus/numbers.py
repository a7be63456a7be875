"""The numbers a text gives, in digits or in words ("5,000", "twenty", "more than four thousand", "a dozen")."""

from __future__ import annotations

import re
from typing import Callable

from number_parser import parse as _parse_words

# Digits, with thousands grouped by a comma or a (narrow) no-break space: "5,000", "5 000", "27".
_DIGITS = re.compile(r"\d{1,3}(?:([,\u00a0\u202f])\d{3})(?:\1\d{3})*(?!\d)|\d+")

# Number words a language reader misses, per language: a word (whole, any case) → its value.
_EXTRA_WORDS: dict[str, dict[str, int]] = {
    "en": {"dozen": 12},
}


def _number_parser(language: str) -> Callable[[str], str]:
    return lambda text: _parse_words(text, language=language)


# Language → a function writing the text's number words as digits. number-parser reads these
# languages; another language (Arabic, Korean...) is added here with a reader of its own.
WORD_READERS: dict[str, Callable[[str], str]] = {
    code: _number_parser(code) for code in ("en", "es", "hi", "ru", "uk")}


def reads_number_words(language: str | None) -> bool:
    """Whether number words of this language (`en`, `en-GB`, `ru`) are understood, not only digits."""
    return (language or "").split("-")[0].casefold() in WORD_READERS


def _digits(text: str) -> set[int]:
    found: set[int] = set()
    for hit in _DIGITS.finditer(text):
        sep = hit.group(1)
        found.add(int(hit.group(0).replace(sep, "") if sep else hit.group(0)))
        if sep:  # "5,6" may be two numbers: keep the parts too (a miss is better than a false error)
            found.update(int(part) for part in hit.group(0).split(sep))
    return found


def numbers_in(text: str, language: str | None = "en") -> set[int]:
    """Every whole number the text gives, as digits or, in a language we read, as words.

    With no language (a briefing whose `language` failed validation) only digits are read.
    """
    found = _digits(text)
    code = (language or "").split("-")[0].casefold()
    reader = WORD_READERS.get(code)
    if reader is not None:
        found |= _digits(reader(text))
    for word, value in _EXTRA_WORDS.get(code, {}).items():
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE):
            found.add(value)
    return found
