"""The dates a new seed writes, found for its draft: English forms with ordinals and ranges, and the forms
`corpus.dates_written` reads in Russian, Arabic, Dari/Persian and Pashto (Solar Hijri too).

Written patterns rather than a general date library, measured against dateparser 1.5.0 (BSD, 7 MB with
`regex`) on the test documents of tests/drafts: its `search_dates` took 3.5 s on its first text, read "We",
"may", "May God" and "the march" as dates (today's, or 2 May), gave "26–27 March 2018" as the 26th
without its end, and read "۲۲ سنبله ۱۳۹۹" as the year 1399. These patterns find only what a briefing's
`published` and `date` fields can hold, and Solar Hijri dates through `corpus.dates_written`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..corpus.dates_written import month_words, parse_written_date
from ..corpus.paragraphs import Paragraph

_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = rf"(?P<m>{_FULL}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_ORD = r"(?:st|nd|rd|th)?"
_DASH = r"\s*[–—-]\s*"
_YEAR = r"(?P<y>\d{4})"
_ENGLISH = [re.compile(p) for p in (
    rf"\b(?P<d>\d{{1,2}}){_ORD}{_DASH}(?P<e>\d{{1,2}}){_ORD}(?: of)? {_MONTH},? {_YEAR}\b",
    rf"\b{_MONTH} (?P<d>\d{{1,2}}){_ORD}{_DASH}(?P<e>\d{{1,2}}){_ORD},? {_YEAR}\b",
    rf"\b(?P<d>\d{{1,2}}){_ORD}(?: of)? {_MONTH},? {_YEAR}\b",
    rf"\b{_MONTH} (?P<d>\d{{1,2}}){_ORD},? {_YEAR}\b",
    r"\b(?P<y>\d{4})-(?P<mn>\d{2})-(?P<d>\d{2})\b",
    r"\b(?P<d>\d{1,2})\.(?P<mn>\d{1,2})\.(?P<y>\d{4})\b",
    rf"\b{_MONTH} {_YEAR}\b",
    rf"\b{_MONTH} (?P<d>\d{{1,2}}){_ORD}\b(?!,? \d)",
    rf"\b(?P<d>\d{{1,2}}){_ORD} (?:of )?{_MONTH}\b(?!,? \d)",
)]
_GREGORIAN, _SOLAR = month_words()
_WORDS = "|".join(sorted((w.replace("_", r"\s+") for w in (*_GREGORIAN, *_SOLAR) if not w.isascii()),
                         key=len, reverse=True))
# 24 ноября 2020 года, ٢٤ نوفمبر ٢٠٢٠, ۴ قوس ۱۳۹۹ ه‍.ش, 26–27 марта 2018; ۱۳۹۹/۰۹/۰۴
_WRITTEN = re.compile(rf"(?<!\w)(?:(\d{{1,2}}){_DASH})?(\d{{1,2}})\s+({_WORDS})\s+(\d{{4}})(?!\d)"
                      r"(?:\s*(?:года|г\.|م|ه\.?\s*ش\.?|هـ\.?\s*ش\.?))?", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d/])\d{4}/\d{1,2}/\d{1,2}(?![\d/])|(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])")


@dataclass(frozen=True)
class FoundDate:
    """A date the text writes: its paragraph, its words, and its value (and end) at the precision written."""

    paragraph: int
    words: str
    value: str
    end: str | None = None
    yearless: bool = False  # written without a year: the year is the document's

    @property
    def full(self) -> bool:
        """A day with the year the text writes."""
        return len(self.value) == 10 and not self.value.startswith("-") and not self.yearless


def find_dates(paragraphs: tuple[Paragraph, ...], language: str | None = None,
               year: int | None = None) -> list[FoundDate]:
    """Every date the text writes, in paragraph order; a date without a year takes `year` when given."""
    found: list[FoundDate] = []
    for p in paragraphs:
        text = " ".join(p.text.split())
        taken: list[tuple[int, int, FoundDate]] = []
        for start, end, date in (*_english(p.number, text, year), *_written(p.number, text, language)):
            if not any(s < end and start < e for s, e, _ in taken):
                taken.append((start, end, date))
        found += [d for _, _, d in sorted(taken, key=lambda t: t[0])]
    return found


def first_year(paragraphs: tuple[Paragraph, ...], language: str | None = None) -> int | None:
    """The year of the first full date in the text, for the dates it writes without one."""
    full = [d for d in find_dates(paragraphs, language) if d.full]
    return int(full[0].value[:4]) if full else None


def _english(number: int, text: str, year: int | None):
    months = {m.lower(): i + 1 for i, m in enumerate(_FULL.split("|"))}
    for pattern in _ENGLISH:
        for hit in pattern.finditer(text):
            g = hit.groupdict()
            month = int(g["mn"]) if g.get("mn") else months.get(_month_key(g["m"], months))
            y = g.get("y") or (str(year) if year else None)
            value = _iso(y, month, g.get("d"))
            if value is not None:
                end = _iso(y, month, g.get("e")) if g.get("e") else None
                yield hit.start(), hit.end(), FoundDate(number, hit.group(0), value, end, not g.get("y"))


def _month_key(word: str, months: dict[str, int]) -> str:
    word = word.rstrip(".").lower()
    return next((m for m in months if m.startswith(word)), word)


def _iso(year: str | None, month: int | None, day: str | None) -> str | None:
    if month is None or not 1 <= month <= 12 or (day is not None and not 1 <= int(day) <= 31):
        return None
    head = f"{int(year):04d}-{month:02d}" if year else f"--{month:02d}"
    return f"{head}-{int(day):02d}" if day else head


def _written(number: int, text: str, language: str | None):
    for hit in (*_WRITTEN.finditer(text), *_NUMERIC.finditer(text)):
        words = hit.group(0)
        ranged = hit.re is _WRITTEN and hit.group(1)
        try:
            date = parse_written_date(words[hit.start(2) - hit.start():] if ranged else words, language)
            first = parse_written_date(f"{hit.group(1)} {hit.group(3)} {hit.group(4)}", language) if ranged else None
        except ValueError:
            continue
        if date is None or (ranged and first is None):
            continue
        yield hit.start(), hit.end(), FoundDate(number, words, first.iso if first else date.iso,
                                                date.iso if first else None)
