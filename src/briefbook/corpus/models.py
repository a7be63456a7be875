"""The briefing data model: what an analyst may write in YAML, checked strictly."""

from __future__ import annotations

import calendar
import functools
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
# Ids that name the site's fixed pages: no document, actor, event or issue may take them.
RESERVED_IDS = frozenset({"index", "search", "assets", "404", "sitemap"})
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]
LANGUAGE_PATTERN = r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$"
ABBREVIATION_PATTERN = r"^[^\W_]{2,20}$"
Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN)]
NAME_LANGUAGES = ("the language of a name or alias where the sources that use it do not tell it (none uses it, "
                  "or sources in several languages do): {لاوروف: fa, Lavrov: en}")


def _names_known(names: dict[str, str], own: tuple[str, ...]) -> None:
    for name in names:
        if name not in own:
            raise _problem("unknown_name", f"name_languages gives the language of {name[:40]!r}, which is not this "
                                           "entry's name or one of its aliases: write it as it is written there")


def _one_or_many(value):
    return [value] if isinstance(value, (int, str)) and not isinstance(value, bool) else value


# Paragraph numbers: `cite: 3` or `cite: [3, 4]` (the JSON Schema admits both forms too)
Cite = Annotated[list[Annotated[int, Field(ge=1)]],
                 BeforeValidator(_one_or_many, json_schema_input_type=Union[Annotated[int, Field(ge=1)],
                                                                           list[Annotated[int, Field(ge=1)]]])]
# Actor references: `host: afghanistan` or `host: [a, b]`
Refs = Annotated[list[Line], BeforeValidator(_one_or_many, json_schema_input_type=Union[Line, list[Line]])]


CITE = "paragraph number(s) of the seed: 3 or [3, 4]"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


DATE_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
# A month or day the source gives without a year ("at the end of September"): ISO 8601's --MM, --MM-DD
YEARLESS_PATTERN = re.compile(r"^--([0-9]{2})(?:-([0-9]{2}))?$")
Precision = Literal["year", "month", "day"]


@functools.lru_cache(maxsize=4096)  # the same few thousand dates are parsed again on every page
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


def parse_yearless_date(text: str) -> tuple[int, int | None] | None:
    """`--09` or `--09-30` → (month, day); None when the text is not a date without a year."""
    match = YEARLESS_PATTERN.match(text)
    if not match:
        return None
    month, day = int(match[1]), int(match[2]) if match[2] else None
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r}: there is no month {month}")
    if day is not None:
        last = calendar.monthrange(2000, month)[1]  # a leap year: 29 February may be meant
        if not 1 <= day <= last:
            raise ValueError(f"{text!r}: {calendar.month_name[month]} has at most {last} days, not {day}")
    return month, day


class DateSpec(Strict):
    """A date at the precision the source supports.

    The precision is how much of the date is written: `2020` (year),
    `2020-07` (month), `2020-07-09` (day). `end` makes a range. A month or day
    the source gives without a year is written `--09` or `--09-30`.
    """

    value: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: only as much as the source supports; "
                                   "--MM or --MM-DD when the source gives no year")
    end: str | None = Field(None, description="last day/month/year of a range, same form as value")
    qualifier: Literal["before", "after", "about"] | None = Field(
        None, description="when the source only bounds the date: before, after or about it")
    inferred: bool = Field(False, description="true when the source does not state this date outright")
    basis: Text | None = Field(None, description="why the inferred date follows from the text")
    as_written: Line | None = Field(None, description="the date as the source writes it, in its language and "
                                                      "calendar (24 ноября 2020, ۱۳۹۹/۰۹/۰۴); checked against "
                                                      "`value` where it can be read")

    @field_validator("value", "end")
    @classmethod
    def _valid(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                if parse_yearless_date(v) is None:
                    parse_partial_date(v)
            except ValueError as err:
                raise _problem("bad_date", str(err)) from None
        return v

    @model_validator(mode="after")
    def _consistent(self) -> "DateSpec":
        if self.inferred and not self.basis:
            raise _problem("missing_basis", "an inferred date needs a `basis` saying why")
        if self.yearless and (self.end is not None or self.qualifier is not None):
            raise _problem("bad_date", "a date without a year takes no `end` or `qualifier`")
        if self.end is not None and (self.end.startswith("-")):
            raise _problem("bad_date", "`end` must have the same precision as `value`")
        if self.end is not None:
            if len(self.end) != len(self.value):
                raise _problem("bad_date", "`end` must have the same precision as `value`")
            if self.end <= self.value:
                raise _problem("bad_date", "`end` must come after `value`")
        return self

    @property
    def yearless(self) -> bool:
        """True for a month or day the source gives without a year (`--09`)."""
        return self.value.startswith("-")

    @property
    def precision(self) -> Precision:
        if self.yearless:
            return "day" if len(self.value) == 7 else "month"
        return {4: "year", 7: "month", 10: "day"}[len(self.value)]

    def interval(self) -> tuple[_date, _date]:
        """Every day the claim allows, qualifier included: 'before 6 June 2017' is open to the left.

        Bounds are inclusive, so two sources are only said to disagree when no day fits both.
        """
        lo, hi = self.bounds()
        if self.yearless:
            return lo, hi
        if self.qualifier == "before":
            return _date.min, hi
        if self.qualifier == "after":
            return lo, _date.max
        if self.qualifier == "about":
            slack = timedelta(days={"day": 7, "month": 31, "year": 366}[self.precision])
            return max(_date.min + slack, lo) - slack, min(_date.max - slack, hi) + slack
        return lo, hi

    def bounds(self) -> tuple[_date, _date]:
        """Earliest and latest day the date can mean (for sorting and comparing); any day for a yearless one."""
        if self.yearless:
            return _date.min, _date.max
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
    """A place, as the source gives it; `place: Kabul` is short for `{name: Kabul}`."""

    name: Line = Field(description="the place as the source gives it; with a `places:` registry, a place id, "
                                   "name or alias (in any script: Doha, الدوحة, Доха)")


def _place(value):
    return {"name": value} if isinstance(value, str) else value


Place = Annotated[PlaceSpec, BeforeValidator(_place, json_schema_input_type=Union[Line, PlaceSpec])]

ActorKind = Literal["person", "state", "organisation", "government-body", "armed-group",
                    "negotiating-format", "group", "media"]
EventKind = Literal["meeting", "conference", "video-conference", "agreement", "ceasefire",
                    "attack", "negotiations", "prisoner-release", "withdrawal", "statement",
                    "process", "other"]
Format = Literal["in-person", "video", "hybrid", "written", "unknown"]
# An actor's part in an event, as the source gives it ("initiated by" is not "hosted by")
Part = Literal["host", "convener", "initiator", "partner", "participant", "observer", "signatory", "party",
               "sent-message"]
# What the source says of an event's taking place ("will be held on Monday" is announced, not held)
Status = Literal["held", "announced", "planned", "under-way", "postponed", "cancelled"]
# Whose words a quote or a stance are: the source says so (stated), leaves it unclear (uncertain),
# or gives them to a group the actor is one of, such as "the participants" (collective)
Attribution = Literal["stated", "uncertain", "collective"]
DocumentKind = Literal["press-release", "chairs-statement", "news-report", "speech",
                       "video-message", "statement", "interview", "report", "transcript", "fact-sheet",
                       "declaration", "other"]
# How a seed is cut into paragraphs (corpus/paragraphs.py)
ParagraphRule = Literal["blank-lines", "hard-wrapped", "lines", "numbered"]


# ---------------------------------------------------------------- registries

class SourceCite(Strict):
    """Paragraphs of one source: where the sources support a registry text."""

    source: Id = Field(description="the document's id (its briefing's file name without .yaml)")
    cite: Cite = Field(min_length=1, description=CITE)


DESCRIPTION_CITE = ("where the sources support the description: a list of {source: <document id>, "
                    "cite: [paragraphs]}; without it the description is shown as the analyst's")


class ActorEntry(Strict):
    """One actor in the registry: who they are, independent of any one source."""

    name: Line = Field(description="the name to show, as the sources most fully give it")
    kind: ActorKind = Field(description="person, state, organisation, armed group, negotiating format, ...")
    aliases: list[Line] = Field(default_factory=list,
                                description="every other spelling or short form found in the sources")
    abbreviation: Annotated[str, StringConstraints(pattern=ABBREVIATION_PATTERN)] | None = Field(
        None, description="acronym such as UNRCCA (letters and digits), expanded on hover across the site")
    affiliation: Refs = Field(default_factory=list, description="actor ids this actor belongs to")
    description: Line = Field(description="one line: who or what this is")
    description_cite: list[SourceCite] = Field(default_factory=list, description=DESCRIPTION_CITE)
    name_languages: dict[Line, Language] = Field(default_factory=dict, description=NAME_LANGUAGES)

    @field_validator("name_languages")
    @classmethod
    def _known_names(cls, value: dict[str, str], info) -> dict[str, str]:
        _names_known(value, (info.data.get("name"), *info.data.get("aliases", ())))
        return value


ASSESSMENT_FIELD = ("the disagreement assessed, as the page names it: date, place, format, host, status, or "
                    "\"number of\" and what is counted (number of countries and organizations)")


class Assessment(Strict):
    """The analyst's assessment of a disagreement between sources: which value the book goes by, and why."""

    field: Line = Field(description=ASSESSMENT_FIELD)
    goes_by: Line = Field(description="the value the book goes by, in words (\"February 2020\")")
    reason: Text = Field(description="why: what makes one source's value the better one, in your words")
    cite: list[SourceCite] = Field(min_length=1, description="the paragraphs the reason rests on: a list of "
                                   "{source: <document id>, cite: [paragraphs]}, at least one")


class EventEntry(Strict):
    """One event in the registry: the analyst's best account of when and where."""

    title: Line = Field(description="a descriptive title")
    kind: EventKind = Field(description="what kind of event")
    date: DateSpec | None = Field(None, description="the best-supported date, at its true precision")
    place: Place | None = Field(None, description="where it took place")
    format: Format = Field("unknown", description="in person, video, hybrid, written")
    host: Refs = Field(default_factory=list, description="actor ids or aliases of the host(s)")
    part_of: Line | None = Field(None, description="event or negotiating-format actor this belongs to")
    related: list[Line] = Field(default_factory=list, description="ids of related events")
    follows: list[Line] = Field(default_factory=list,
                                description="ids of events a source says this one came after or was carried out "
                                            "under (a release under an agreement); orders events the dates leave open")
    aliases: list[Line] = Field(default_factory=list, description="other names of the event")
    description: Line = Field(description="one line: what happened")
    description_cite: list[SourceCite] = Field(default_factory=list, description=DESCRIPTION_CITE)
    assessments: list[Assessment] = Field(default_factory=list,
                                          description="where sources disagree on this event: which value the book "
                                                      "goes by and why, cited (one per disagreement)")


class PlaceEntry(Strict):
    """One place in the registry: its names in every script the sources use, so that accounts that name it
    differently (Doha, الدوحة, Доха) are known to name one place."""

    name: Line = Field(description="the name to show, in the book's language")
    aliases: list[Line] = Field(default_factory=list,
                                description="every other name and spelling the sources use, in any script")


class Registry(Strict):
    """A registry file: `briefings/registry/*.yaml`, keyed by id."""

    actors: dict[Id, ActorEntry] = Field(default_factory=dict, description="actors, keyed by id")
    events: dict[Id, EventEntry] = Field(default_factory=dict, description="events, keyed by id")
    places: dict[Id, PlaceEntry] = Field(default_factory=dict,
                                         description="places, keyed by id: once any is given, every place and "
                                                     "dateline must name one of them")
    not_actors: list[Line] = Field(
        default_factory=list,
        description="names in the sources that are not actors (places, titles, documents), "
                    "so the health check stops asking about them")


# ---------------------------------------------------------------- documents

class Publisher(Inferable):
    """Who published the document."""

    name: Line = Field(description="the publisher's name")
    actor: Line | None = Field(None, description="actor id, when the publisher is a registered actor")


class KeyPoint(Strict):
    text: Text = Field(description="the point, in your words")
    cite: Cite = Field(description=CITE)


class ActorMention(Strict):
    """An actor as this document presents it: with the role it gives them at the time."""

    actor: Line = Field(description="actor id or registered alias")
    role: Line | None = Field(None, description="the title or role this document gives, in its words")
    cite: Cite = Field(default_factory=list,
                       description="paragraphs; names found by the aliases are added automatically")


class Participant(Strict):
    """An actor at an event as this document presents them: their part in it, and the role it gives them there."""

    actor: Line = Field(description="actor id or alias")
    part: Part = Field("participant", description="what the document says they did: host, convener, initiator, "
                                                  "partner, participant, observer, signatory, party, or "
                                                  "sent-message (sent a message to it)")
    role: Line | None = Field(None, description="the title or role this document gives them at the event, "
                                                "in its words")
    cite: Cite = Field(default_factory=list,
                       description="paragraphs that name them at the event; by default the account's "
                                   "paragraphs that name them (or else the document's)")


class Count(Strict):
    """A number the document gives: `27` `countries and organizations`."""

    value: Annotated[int, Field(ge=0)] = Field(description="the number")
    of: Line = Field(description="what is counted, in the document's words")
    cite: Cite = Field(description=CITE)


class EventAccount(Strict):
    """What this document says of one event; disagreements are found between accounts."""

    event: Line = Field(description="event id or alias")
    says: Text = Field(description="what the document says of it, briefly, in your words")
    date: DateSpec | None = Field(None, description="the date this document gives the event")
    place: Place | None = Field(None, description="the place this document gives")
    format: Format | None = Field(None, description="in person, video, ... as this document says")
    status: Status = Field("held", description="what the document says of the event taking place: held (the "
                                               "default: it reports the event as having taken place), "
                                               "announced, planned, under-way, postponed or cancelled")
    host: Refs = Field(default_factory=list, description="actor id(s) or aliases of the host(s), per this document "
                                                         "(short for participants with part: host)")
    participants: list[Participant] = Field(default_factory=list,
                                            description="who took part and how, with the role this document "
                                                        "gives them")
    counts: list[Count] = Field(default_factory=list, description="numbers the document gives")
    outcome: Text | None = Field(None, description="what came of it, per this document")
    cite: Cite = Field(min_length=1, description=CITE)


ATTRIBUTION = ("stated (the default: the document gives them to this actor), uncertain (it leaves the "
               "speaker unclear) or collective (it gives them to a group the actor is one of, such as the "
               "participants)")
ATTRIBUTION_BASIS = "why the speaker is uncertain, or whom the document credits (required unless stated)"


def _attribution_basis(item):
    if item.attribution != "stated" and not item.attribution_basis:
        raise _problem("missing_basis", f"an attribution that is {item.attribution} needs an "
                                        "`attribution_basis` saying why")
    return item




class Quote(Strict):
    """Words of an actor, as the document gives them."""

    speaker: Line = Field(description="actor id or alias")
    text: Text = Field(description="exact words from the source, in its language (whitespace may differ)")
    language: Language | None = Field(None, description="language code of the quote's words, when not the "
                                                        "document's language")
    translation: Text | None = Field(None, description="your translation of the quote into the book's language: "
                                                       "shown beside the original and marked as a translation, "
                                                       "never checked against the source")
    speech: Literal["verbatim", "reported"] = Field(
        "verbatim", description="verbatim (the default): the speaker's own words, shown in quotation marks; "
                                "reported: the document's report of what they said (\"X said that ...\"), "
                                "shown without quotation marks")
    unclosed: bool = Field(False, description="true when the document opens the quotation and never closes it: "
                                              "shown without a closing mark")
    cite: Cite = Field(min_length=1, description=CITE)
    event: Line | None = Field(None, description="event id or alias, when said at or about an event")
    attribution: Attribution = Field("stated", description=ATTRIBUTION)
    attribution_basis: Text | None = Field(None, description=ATTRIBUTION_BASIS)

    _basis = model_validator(mode="after")(_attribution_basis)


class Position(Strict):
    """A stance an actor takes, in your words."""

    actor: Line = Field(description="actor id or alias: who takes the stance")
    on_behalf_of: Line | None = Field(None, description="actor id or alias the actor speaks for (a minister "
                                                        "for their state): the stance is shown on both pages")
    issue: Id = Field(description="topic id, e.g. ceasefire, negotiations, prisoner-releases")
    stance: Text = Field(description="the stance, in your words")
    cite: Cite = Field(min_length=1, description=CITE)
    event: Line | None = Field(None, description="event id or alias, when said at or about an event")
    attribution: Attribution = Field("stated", description=ATTRIBUTION)
    attribution_basis: Text | None = Field(None, description=ATTRIBUTION_BASIS)

    _basis = model_validator(mode="after")(_attribution_basis)


class Note(Strict):
    """Something about the source itself: its own errors, or text that is not part of it."""

    kind: Literal["error", "typo", "boilerplate", "ambiguity", "formatting"] = Field(description="what sort of note")
    text: Text = Field(description="what is wrong or odd, and what other sources say")
    cite: Cite = Field(min_length=1, description=CITE)


class Pin(Strict):
    """Written by `briefbook pin`, never by hand: the seed text the briefing was checked against."""

    seed_sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] = Field(
        description="sha256 of the seed file's bytes")
    paragraphs: dict[Annotated[int, Field(ge=1)], Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]] = Field(
        description="paragraph number → fingerprint of its text (the first 12 hex digits of its sha256)")
    rule: ParagraphRule = Field("blank-lines", description="the paragraph rule the fingerprints were taken by")


class Briefing(Strict):
    """The structured summary of one source document: `briefings/<document-id>.yaml`."""

    draft: bool = Field(False, description="true while the briefing is being written: `briefbook serve` "
                                           "shows it, `briefbook build` leaves it out")
    seed: Line = Field(description="file name of the source text in seeds/")
    title: Line = Field(description="the document's own title, as it gives it")
    publisher: Publisher | None = Field(None, description="who published it; leave out when nothing supports one")
    kind: DocumentKind = Field(description="what kind of document it is")
    published: DateSpec | None = Field(None, description="date of publication, at the precision the text supports")
    dateline: Place | None = Field(None, description="the dateline place, if the document has one")
    language: Language = Field(description="language code of the document, e.g. en, ru, ar, fa-AF")
    paragraphs: ParagraphRule = Field("blank-lines", description=(
        "how the seed is cut into numbered paragraphs: blank-lines (runs of lines), hard-wrapped (the same, "
        "shown reflowed), lines (every line), numbered (also at each line starting (1), 1., a)...)"))
    summary: Text = Field(description="one paragraph in your words")
    key_points: list[KeyPoint] = Field(min_length=1, description="the main points, each cited")
    actors: list[ActorMention] = Field(default_factory=list,
                                       description="every actor the document mentions, with the role it gives them")
    events: list[EventAccount] = Field(default_factory=list,
                                       description="what the document says of each event it reports or refers to")
    quotes: list[Quote] = Field(default_factory=list, description="exact words the document attributes to an actor")
    positions: list[Position] = Field(default_factory=list, description="stances taken, by issue")
    notes: list[Note] = Field(default_factory=list,
                              description="the source's own errors and oddities, and scraped page furniture")
    boilerplate: Cite = Field(default_factory=list,
                              description="paragraphs scraped from the web page that are not the document")
    pinned: Pin | None = Field(None, description="written by `briefbook pin`: the seed's hash and each "
                                                 "paragraph's fingerprint, so that drift is caught")
