"""The briefing data model: what an analyst may write in YAML, checked strictly."""

from __future__ import annotations

import calendar
import re
from datetime import date as _date, timedelta
from typing import Annotated, Literal, Union

from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints,
                      field_validator, model_validator)
from pydantic_core import PydanticCustomError


def _problem(code: str, message: str) -> PydanticCustomError:
    """A validation error whose type becomes the reported problem code (bad_date → bad-date)."""
    return PydanticCustomError(code, message)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]


def _one_or_many(value):
    return [value] if isinstance(value, (int, str)) and not isinstance(value, bool) else value


# Paragraph numbers: `cite: 3` or `cite: [3, 4]` (the JSON Schema admits both forms too)
Cite = Annotated[list[Annotated[int, Field(ge=1)]],
                 BeforeValidator(_one_or_many, json_schema_input_type=Union[Annotated[int, Field(ge=1)],
                                                                           list[Annotated[int, Field(ge=1)]]])]
# Actor references: `host: afghanistan` or `host: [a, b]`
Refs = Annotated[list[Line], BeforeValidator(_one_or_many, json_schema_input_type=Union[Line, list[Line]])]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


DATE_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
Precision = Literal["year", "month", "day"]


def parse_partial_date(text: str) -> tuple[int, int | None, int | None]:
    """`2020`, `2020-07` or `2020-07-09` → (year, month, day), checking the calendar."""
    match = DATE_PATTERN.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match[1])
    month = int(match[2]) if match[2] else None
    day = int(match[3]) if match[3] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}")
    if day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(f"{text!r}: {calendar.month_name[month]} {year} has {last} days, not {day}")
    return year, month, day


class DateSpec(Strict):
    """A date at the precision the source supports.

    The precision is how much of the date is written: `2020` (year),
    `2020-07` (month), `2020-07-09` (day). `end` makes a range.
    """

    value: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: only as much as the source supports")
    end: str | None = Field(None, description="last day/month/year of a range, same form as value")
    qualifier: Literal["before", "after", "about"] | None = Field(
        None, description="when the source only bounds the date: before, after or about it")
    inferred: bool = Field(False, description="true when the source does not state this date outright")
    basis: Text | None = Field(None, description="why the inferred date follows from the text")

    @field_validator("value", "end")
    @classmethod
    def _valid(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                parse_partial_date(v)
            except ValueError as err:
                raise _problem("bad_date", str(err)) from None
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "DateSpec":
        if self.inferred and not self.basis:
            raise _problem("missing_basis", "an inferred date needs a `basis` saying why")
        if self.end is not None:
            if len(self.end) != len(self.value):
                raise _problem("bad_date", "`end` must have the same precision as `value`")
            if self.end <= self.value:
                raise _problem("bad_date", "`end` must come after `value`")
        return self

    @property
    def precision(self) -> Precision:
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]

    def interval(self) -> tuple[_date, _date]:
        """Every day the claim allows, qualifier included: 'before 6 June 2017' is open to the left.

        Bounds are inclusive, so two sources are only said to disagree when no day fits both.
        """
        lo, hi = self.bounds()
        if self.qualifier == "before":
            return _date.min, hi
        if self.qualifier == "after":
            return lo, _date.max
        if self.qualifier == "about":
            slack = timedelta(days={"day": 7, "month": 31, "year": 366}[self.precision])
            return max(_date.min + slack, lo) - slack, min(_date.max - slack, hi) + slack
        return lo, hi

    def bounds(self) -> tuple[_date, _date]:
        """Earliest and latest day the date can mean (for sorting and comparing)."""
        lo = _expand(self.value, first=True)
        hi = _expand(self.end or self.value, first=False)
        return lo, hi


def _expand(text: str, first: bool) -> _date:
    year, month, day = parse_partial_date(text)
    if month is None:
        return _date(year, 1, 1) if first else _date(year, 12, 31)
    if day is None:
        return _date(year, month, 1) if first else _date(year, month, calendar.monthrange(year, month)[1])
    return _date(year, month, day)


class Inferable(Strict):
    """A fact that may be inferred rather than stated; then it must say why."""

    inferred: bool = Field(False, description="true when the source does not state this outright")
    basis: Text | None = Field(None, description="why it follows from the text (required when inferred)")

    @model_validator(mode="after")
    def _basis(self):
        if self.inferred and not self.basis:
            what = type(self).__name__.removesuffix("Spec").lower()
            raise _problem("missing_basis", f"an inferred {what} needs a `basis` saying why")
        return self


class PlaceSpec(Inferable):
    name: Line


def _place(value):
    return {"name": value} if isinstance(value, str) else value


Place = Annotated[PlaceSpec, BeforeValidator(_place, json_schema_input_type=Union[Line, PlaceSpec])]

ActorKind = Literal["person", "state", "organisation", "government-body", "armed-group",
                    "negotiating-format", "group", "media"]
EventKind = Literal["meeting", "conference", "video-conference", "agreement", "ceasefire",
                    "attack", "negotiations", "prisoner-release", "withdrawal", "statement",
                    "process", "other"]
Format = Literal["in-person", "video", "hybrid", "written", "unknown"]
DocumentKind = Literal["press-release", "chairs-statement", "news-report", "speech",
                       "video-message", "statement", "interview", "report", "other"]


# ---------------------------------------------------------------- registries

class ActorEntry(Strict):
    """One actor in the registry: who they are, independent of any one source."""

    name: Line = Field(description="the name to show, as the sources most fully give it")
    kind: ActorKind
    aliases: list[Line] = Field(default_factory=list,
                                description="every other spelling or short form found in the sources")
    abbreviation: Annotated[str, StringConstraints(pattern=r"^[^\W_]{2,20}$")] | None = Field(
        None, description="acronym such as UNRCCA (letters and digits), expanded on hover across the site")
    affiliation: Refs = Field(default_factory=list, description="actor ids this actor belongs to")
    description: Line = Field(description="one line: who or what this is")


class EventEntry(Strict):
    """One event in the registry: the analyst's best account of when and where."""

    title: Line
    kind: EventKind
    date: DateSpec | None = None
    place: Place | None = None
    format: Format = "unknown"
    host: Refs = Field(default_factory=list, description="actor ids or aliases of the host(s)")
    part_of: Line | None = Field(None, description="event or negotiating-format actor this belongs to")
    related: list[Line] = Field(default_factory=list, description="ids of related events")
    aliases: list[Line] = Field(default_factory=list)
    description: Line


class Registry(Strict):
    """A registry file: `briefings/registry/*.yaml`, keyed by id."""

    actors: dict[Id, ActorEntry] = Field(default_factory=dict)
    events: dict[Id, EventEntry] = Field(default_factory=dict)
    not_actors: list[Line] = Field(
        default_factory=list,
        description="names in the sources that are not actors (places, titles, documents), "
                    "so the health check stops asking about them")


# ---------------------------------------------------------------- documents

class Publisher(Inferable):
    name: Line
    actor: Line | None = Field(None, description="actor id, when the publisher is a registered actor")


class KeyPoint(Strict):
    text: Text
    cite: Cite


class ActorMention(Strict):
    """An actor as this document presents it: with the role it gives them at the time."""

    actor: Line = Field(description="actor id or registered alias")
    role: Line | None = Field(None, description="the title or role this document gives, in its words")
    cite: Cite = Field(default_factory=list,
                       description="paragraphs; names found by the aliases are added automatically")


class Participant(Strict):
    actor: Line
    role: Line | None = None


class Count(Strict):
    """A number the document gives: `27` `countries and organizations`."""

    value: Annotated[int, Field(ge=0)]
    of: Line = Field(description="what is counted, in the document's words")
    cite: Cite


class EventAccount(Strict):
    """What this document says of one event; disagreements are found between accounts."""

    event: Line = Field(description="event id or alias")
    says: Text = Field(description="what the document says of it, briefly, in your words")
    date: DateSpec | None = None
    place: Place | None = None
    format: Format | None = None
    host: Refs = Field(default_factory=list)
    participants: list[Participant] = Field(default_factory=list)
    counts: list[Count] = Field(default_factory=list)
    outcome: Text | None = None
    cite: Cite = Field(min_length=1)


class Quote(Strict):
    speaker: Line = Field(description="actor id or alias")
    text: Text = Field(description="exact words from the source (whitespace may differ)")
    cite: Cite = Field(min_length=1)
    event: Line | None = None


class Position(Strict):
    actor: Line
    issue: Id = Field(description="topic id, e.g. ceasefire, negotiations, prisoner-releases")
    stance: Text
    cite: Cite = Field(min_length=1)
    event: Line | None = None


class Note(Strict):
    """Something about the source itself: its own errors, or text that is not part of it."""

    kind: Literal["error", "typo", "boilerplate", "ambiguity", "formatting"]
    text: Text = Field(description="what is wrong or odd, and what other sources say")
    cite: Cite = Field(min_length=1)


class Briefing(Strict):
    """The structured summary of one source document: `briefings/<document-id>.yaml`."""

    draft: bool = Field(False, description="true while the briefing is being written: `briefbook serve` "
                                           "shows it, `briefbook build` leaves it out")
    seed: Line = Field(description="file name of the source text in seeds/")
    title: Line
    publisher: Publisher | None = None
    kind: DocumentKind
    published: DateSpec | None = None
    dateline: Place | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")]
    summary: Text
    key_points: list[KeyPoint] = Field(min_length=1)
    actors: list[ActorMention] = Field(default_factory=list)
    events: list[EventAccount] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    boilerplate: Cite = Field(default_factory=list,
                              description="paragraphs scraped from the web page that are not the document")
