"""Dates as words, at the precision the sources give them (used by pages, PDFs, pictures, resolve)."""

from __future__ import annotations

import calendar
from datetime import date

from .models import DateSpec, parse_partial_date, parse_yearless_date


def _plain_date(text: str) -> str:
    year, month, day = parse_partial_date(text)
    if month is None:
        return str(year)
    if day is None:
        return f"{calendar.month_name[month]} {year}"
    return f"{day} {calendar.month_name[month]} {year}"


def format_date(spec: DateSpec | None) -> str:
    """A date as its precision allows: '2020', 'July 2020', '9 July 2020', '23–24 November 2020',
    'September (no year given)'."""
    if spec is None:
        return "date not stated"
    if spec.yearless:
        month, day = parse_yearless_date(spec.value)
        return f"{'' if day is None else f'{day} '}{calendar.month_name[month]} (no year given)"
    if spec.end is None:
        text = _plain_date(spec.value)
    else:
        (y1, m1, d1), (y2, m2, d2) = parse_partial_date(spec.value), parse_partial_date(spec.end)
        if spec.precision == "day" and (y1, m1) == (y2, m2):
            text = f"{d1}–{d2} {calendar.month_name[m1]} {y1}"
        elif spec.precision == "day" and y1 == y2:
            text = f"{d1} {calendar.month_name[m1]} – {d2} {calendar.month_name[m2]} {y1}"
        elif spec.precision == "month" and y1 == y2:
            text = f"{calendar.month_name[m1]}–{calendar.month_name[m2]} {y1}"
        elif spec.precision == "year":
            text = f"{y1}–{y2}"
        else:
            text = f"{_plain_date(spec.value)} – {_plain_date(spec.end)}"
    if spec.qualifier:
        text = f"{spec.qualifier} {text}"
    return text


def span_words(lo: date, hi: date) -> str:
    """A span of days in plain words, to the month: 'between June 2017 and July 2021', 'in July 2020'."""
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"in {calendar.month_name[lo.month]} {lo.year}"
    if lo.year == hi.year:
        return f"between {calendar.month_name[lo.month]} and {calendar.month_name[hi.month]} {lo.year}"
    return f"between {calendar.month_name[lo.month]} {lo.year} and {calendar.month_name[hi.month]} {hi.year}"
