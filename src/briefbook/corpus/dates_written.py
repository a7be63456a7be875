"""Dates as sources write them, in Russian, Arabic, Persian/Dari, Pashto and English, read into Gregorian dates.

`parse_written_date("24 ноября 2020 года")` → WrittenDate(2020, 11, 24, "gregorian");
`parse_written_date("۱۳۹۹/۰۹/۰۴", "fa")` → WrittenDate(2020, 11, 24, "solar-hijri", ...). Used to check a
date's `as_written` against its `value`, and by `briefbook new` (issue 16) to recognise dates in a seed.
Digits in any script (Arabic-Indic, Persian) are read; Solar Hijri dates are converted with persiantools.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass

from persiantools.jdatetime import JalaliDate

Calendar = str  # "gregorian" or "solar-hijri"


@dataclass(frozen=True)
class WrittenDate:
    """A date read from text: the Gregorian (year, month, day), as much as the text gives, and its calendar."""

    year: int
    month: int | None
    day: int | None
    calendar: Calendar
    # the date in the calendar the text uses (the same as the Gregorian one for gregorian)
    written: tuple[int, int | None, int | None] = (0, None, None)

    @property
    def iso(self) -> str:
        """'2020', '2020-11' or '2020-11-24': the form of a briefing's `value`."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


_MONTHS: dict[str, int] = {}


def _months(calendar_words: list[str]) -> None:
    for number, words in enumerate(calendar_words, 1):
        for word in words.split():
            _MONTHS[word] = number


_months([  # Gregorian months: English, Russian (nominative and genitive), Arabic (Egypt/Gulf and Levant), Dari/Persian, Pashto
    "january jan январь января يناير كانون_الثاني جنوری ژانویه جنوري",
    "february feb февраль февраля فبراير شباط فبروری فوریه فبروري",
    "march mar март марта مارس آذار مارچ",
    "april apr апрель апреля أبريل ابريل إبريل نيسان اپریل آوریل اپرېل",
    "may май мая مايو أيار ایار مئی مه مې",
    "june jun июнь июня يونيو يونيه حزيران جون ژوئن",
    "july jul июль июля يوليو يوليه تموز جولای ژوئیه جولای",
    "august aug август августа أغسطس اغسطس آب اگست اوت",
    "september sep sept сентябрь сентября سبتمبر أيلول سپتامبر سپتمبر",
    "october oct октябрь октября أكتوبر اكتوبر تشرين_الأول اکتوبر اکتبر",
    "november nov ноябрь ноября نوفمبر تشرين_الثاني نوامبر نومبر",
    "december dec декабрь декабря ديسمبر كانون_الأول دسامبر دسمبر",
])
# Solar Hijri months: Dari names (Afghanistan), Iranian names, Pashto names
_SOLAR: dict[str, int] = {}
for _n, _words in enumerate([
    "حمل فروردین وری", "ثور اردیبهشت غویی", "جوزا خرداد غبرگولی", "سرطان تیر چنگاښ", "اسد مرداد زمری",
    "سنبله شهریور وږی", "میزان مهر تله", "عقرب آبان لړم", "قوس آذر لیندۍ", "جدی دی مرغومی",
    "دلو بهمن سلواغه", "حوت اسفند کب"], 1):
    for _word in _words.split():
        _SOLAR[_word] = _n

_DIGITS = {ord(c): str(unicodedata.digit(c)) for c in "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹"}
_SOLAR_LANGUAGES = ("fa", "prs", "ps", "pbt")
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_CJK = re.compile(r"^(\d{4})\s*[年년](?:\s*(\d{1,2})\s*[月월](?:\s*(\d{1,2})\s*[日일])?)?$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?(\S+?)\s+(\d{4})$")
_GREGORIAN_MARK = re.compile(r"\s*(?:года|год|г\.|م\.?|میلادی)\s*$")
_SOLAR_MARK = re.compile(r"\s*(?:هـ\.?\s*ش\.?|ه\.?\s*ش\.?|هجری\s+شمسی|ش\.?)\s*$")
_TWO_WORDS = {"كانون الثاني": "كانون_الثاني", "تشرين الثاني": "تشرين_الثاني", "تشرين الأول": "تشرين_الأول",
              "كانون الأول": "كانون_الأول"}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_DIGITS).replace("\u200c", " ")
    text = re.sub(r"[،,\u200f\u200e]", " ", text)
    text = re.sub(r"\s+", " ", text).strip().casefold()
    for words, word in _TWO_WORDS.items():
        text = text.replace(words, word)
    return text


def _solar(year: int, month: int | None, day: int | None) -> WrittenDate | None:
    if month is None:
        raise ValueError(f"the Solar Hijri year {year} spans two Gregorian years: give the month")
    first = JalaliDate(year, month, day or 1).to_gregorian()
    if day is None:
        last = JalaliDate(year, month, JalaliDate.days_in_month(month, year)).to_gregorian()
        if first.year != last.year:  # no Gregorian year, month or day is that date
            return None
        if first.month != last.month:  # a Solar month spans two Gregorian months: the year is known
            return WrittenDate(first.year, None, None, "solar-hijri", (year, month, None))
        return WrittenDate(first.year, first.month, None, "solar-hijri", (year, month, None))
    return WrittenDate(first.year, first.month, first.day, "solar-hijri", (year, month, day))


def parse_written_date(text: str, language: str | None = None) -> WrittenDate | None:
    """The date a text writes (24 ноября 2020, ٢٤ نوفمبر ٢٠٢٠, ۱۳۹۹/۰۹/۰۴, 4 قوس 1399), or None when it
    cannot be read. Numeric dates are day/month/year (or year/month/day with a 4-digit year first);
    a year before 1500 with a Dari, Persian or Pashto language (or a Solar month name) is Solar Hijri.
    Raises ValueError for a date that reads but does not exist (30 February, month 13)."""
    plain = _plain(text)
    marked = _SOLAR_MARK.search(plain) is not None
    plain = _GREGORIAN_MARK.sub("", _SOLAR_MARK.sub("", plain))
    # a year before 1500 is Hijri: Solar in Dari, Persian and Pashto (or when marked ه ش); a Lunar
    # Hijri date (Arabic هـ) is not read
    solar_ok = marked or (language or "").lower().split("-")[0] in _SOLAR_LANGUAGES
    found = _NUMERIC.match(plain)
    if found:
        a, b, c = (int(g) for g in found.groups())
        year, month, day = (a, b, c) if len(found.group(1)) == 4 else (c, b, a)
        if year < 1500 and not solar_ok:
            return None
        return _checked(year, month, day, solar=year < 1500)
    found = _CJK.match(plain)
    if found:
        return _checked(int(found[1]), int(found[2]) if found[2] else None, int(found[3]) if found[3] else None,
                        solar=False)
    found = _WORDS.match(plain)
    if not found:
        return None
    day = int(found.group(1)) if found.group(1) else None
    word, year = found.group(2), int(found.group(3))
    if word in _SOLAR and year < 1500:
        return _checked(year, _SOLAR[word], day, solar=True)
    if word in _MONTHS and year >= 1500:
        return _checked(year, _MONTHS[word], day, solar=False)
    return None


def _checked(year: int, month: int | None, day: int | None, *, solar: bool) -> WrittenDate | None:
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if solar:
        try:
            return _solar(year, month, day)
        except ValueError as err:
            raise ValueError(f"no such Solar Hijri date: {err}") from None
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{calendar.month_name[month]} {year} has {last} days, not {day}")
    return WrittenDate(year, month, day, "gregorian", (year, month, day))


def written_date_problem(value: str, as_written: str, language: str | None) -> tuple[str, str, str] | None:
    """(code, message, severity) when a date's `as_written` does not agree with its `value`, or cannot be
    read; None when it agrees. They agree when one is the other at a coarser precision (2020-11 and
    24 ноября 2020)."""
    from .loading import excerpt
    try:
        found = parse_written_date(as_written, language)
    except ValueError as err:
        return "date-as-written-mismatch", f"{excerpt(as_written)} is no date: {err}", "error"
    if found is None:
        return ("date-as-written-unchecked", f"{excerpt(as_written)} is not a date form briefbook reads "
                f"(in {language or 'an unknown language'}): check by eye that it is {value}", "warning")
    if value.startswith("-"):  # no year given: compare month and day
        written = found.iso[4:]
        agrees = written.startswith(value[1:]) or value[1:].startswith(written)
    else:
        agrees = found.iso.startswith(value) or value.startswith(found.iso)
    if agrees:
        return None
    shown = "" if found.calendar == "gregorian" else f" ({found.calendar} {'/'.join(str(x) for x in found.written if x)})"
    return ("date-as-written-mismatch", f"{excerpt(as_written)} reads as {found.iso}{shown}, not {value}", "error")


def month_words() -> tuple[dict[str, int], dict[str, int]]:
    """(Gregorian, Solar Hijri) month words briefbook reads → month number (casefolded; two-word Arabic
    names with an underscore), for tools that look for dates in a text (`briefbook new`)."""
    return dict(_MONTHS), dict(_SOLAR)
