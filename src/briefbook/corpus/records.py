"""The corpus records: what every later stage reads, immutable once built."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..problems import Problem
from . import models as m
from .ordering import date_order_key
from .paragraphs import Paragraph


@dataclass(frozen=True)
class Mention:
    source: str
    paragraphs: tuple[int, ...]
    role: str | None


@dataclass(frozen=True)
class Participation:
    """One source placing one actor at an event: their part, and a role only with where it comes from."""

    actor: str
    role: str | None
    source: str
    paragraphs: tuple[int, ...]  # the paragraphs of `source` that name the actor at the event
    # where the role comes from when the account itself gives none: another source's paragraphs
    role_source: str | None = None
    role_paragraphs: tuple[int, ...] = ()
    part: str = "participant"
    # "event": the account gives it; "source": the same source's title for the actor;
    # "date": carried over from the source nearest the event in date (labelled as such); None: no role
    role_from: str | None = None


@dataclass(frozen=True)
class Account:
    """One source's account of one event, references resolved to ids."""

    source: str
    event: str
    data: m.EventAccount
    hosts: tuple[str, ...]
    participants: tuple[Participation, ...]
    place: str | None = None  # the place id the account's place names (with a places registry)


@dataclass(frozen=True)
class QuoteRef:
    source: str
    speaker: str
    text: str
    paragraphs: tuple[int, ...]
    event: str | None
    speech: str = "verbatim"  # or "reported": never shown in quotation marks
    unclosed: bool = False  # the source never closes the quotation: no closing mark is shown
    attribution: str = "stated"  # or "uncertain", "collective": said wherever the quote appears
    attribution_basis: str | None = None
    language: str = "en"  # the quote's own language, else its source's
    translation: str | None = None  # the analyst's, never checked against the source


@dataclass(frozen=True)
class PositionRef:
    source: str
    actor: str
    issue: str
    stance: str
    paragraphs: tuple[int, ...]
    event: str | None
    on_behalf_of: str | None = None  # the actor the speaker speaks for
    attribution: str = "stated"
    attribution_basis: str | None = None


@dataclass(frozen=True)
class Claim:
    source: str
    value: str
    paragraphs: tuple[int, ...]


@dataclass(frozen=True)
class Assessed:
    """The analyst's assessment of a disagreement: the value the book goes by, why, and the checked citations."""
    goes_by: str
    reason: str
    cited: tuple[tuple[str, tuple[int, ...]], ...]  # (source, paragraphs)


@dataclass(frozen=True)
class Disagreement:
    event: str
    field: str
    claims: tuple[Claim, ...]
    assessment: Assessed | None = None  # the registry's `assessments` entry for this field, if any


@dataclass(frozen=True)
class Source:
    id: str
    briefing: m.Briefing
    seed_path: Path
    paragraphs: tuple[Paragraph, ...]
    actors: tuple[str, ...]
    events: tuple[str, ...]
    # (actor id, how this source mentions it), in the order of `actors`
    mentions: tuple[tuple[str, "Mention"], ...] = ()
    dateline: str | None = None  # the place id of the dateline (with a places registry)

    @property
    def boilerplate(self) -> frozenset[int]:
        return frozenset(self.briefing.boilerplate)

    @property
    def date(self) -> m.DateSpec | None:
        return self.briefing.published


@dataclass(frozen=True)
class Actor:
    id: str
    entry: m.ActorEntry
    mentions: tuple[Mention, ...]
    events: tuple[str, ...]
    quotes: tuple[QuoteRef, ...]
    positions: tuple[PositionRef, ...]
    affiliation: tuple[str, ...]  # resolved ids of the actors this one belongs to
    affiliates: tuple[str, ...]  # actors whose affiliation names this one
    # the registered names (name, aliases, abbreviation) the sources use, each with the sources using it,
    # and those no source uses (the analyst's); found in the text, never labelled by hand
    names_found: tuple[tuple[str, tuple[str, ...]], ...] = ()
    names_added: tuple[str, ...] = ()
    description_cite: tuple[tuple[str, tuple[int, ...]], ...] = ()  # (source, paragraphs); empty: the analyst's

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(mention.source for mention in self.mentions))


@dataclass(frozen=True)
class Event:
    id: str
    entry: m.EventEntry
    hosts: tuple[str, ...]
    part_of: str | None
    related: tuple[str, ...]  # both ways
    accounts: tuple[Account, ...]
    participants: tuple[Participation, ...]
    quotes: tuple[QuoteRef, ...]
    disagreements: tuple[Disagreement, ...]
    sort_key: tuple
    # related events the dates (or a declared `follows`) put before / after this one; the rest are unordered
    earlier: tuple[str, ...] = ()
    later: tuple[str, ...] = ()
    # what the sources say became of it: "held" when any account reports it held, else the latest
    # source's status (announced, planned, under-way, postponed, cancelled); None without accounts
    status: str | None = None
    # each related event with the sources that give accounts of both; none: a link of the analyst's
    related_sources: tuple[tuple[str, tuple[str, ...]], ...] = ()
    description_cite: tuple[tuple[str, tuple[int, ...]], ...] = ()
    place: str | None = None  # the place id the registry's `place` names (with a places registry)

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def source_hosts(self) -> tuple[str, ...]:
        """The hosts the sources name (the registry's `host` is the analyst's)."""
        return tuple(dict.fromkeys(p.actor for p in self.participants if p.part == "host"))

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(account.source for account in self.accounts))

    @property
    def date(self) -> m.DateSpec | None:
        if self.entry.date is not None:
            return self.entry.date
        dated = [a.data.date for a in self.accounts if a.data.date is not None and not a.data.date.yearless]
        return min(dated, key=lambda d: d.bounds()) if dated else None


@dataclass(frozen=True)
class LeftOut:
    """A source an as-of view leaves out, and why: "later" (published after the date), "imprecise" (its date
    may reach past it), "undated", "yearless" (a date without a year)."""
    id: str
    reason: str
    title: str
    published: m.DateSpec | None
    language: str = "en"  # the source's, for its title


@dataclass(frozen=True)
class AsOf:
    """The corpus as the sources stood on a date: the sources left out, and the registry entries only they
    support (kind, id), left out with them."""
    date: date
    left_out: tuple[LeftOut, ...] = ()
    dropped: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Corpus:
    actors: Mapping[str, Actor]
    events: Mapping[str, Event]
    sources: Mapping[str, Source]
    disagreements: tuple[Disagreement, ...]
    warnings: tuple[Problem, ...]
    # issue id → every position taken on it, in the order of the sources' dates
    topics: Mapping[str, tuple[PositionRef, ...]] = field(default_factory=lambda: MappingProxyType({}))
    # place id → its registry entry (name and aliases in every script), when the registry has places
    places: Mapping[str, m.PlaceEntry] = field(default_factory=lambda: MappingProxyType({}))
    as_of: AsOf | None = None  # an as-of view (`build --as-of`); None: every source

    def place_name(self, place_id: str | None, written: str) -> str:
        """The registered name of a place, or the name as written when it has no id."""
        entry = self.places.get(place_id) if place_id else None
        return entry.name if entry is not None else written

    def date_of(self, source_id: str) -> m.DateSpec | None:
        return self.sources[source_id].date

    def events_in_time_order(self) -> list[Event]:
        return sorted(self.events.values(), key=lambda e: e.sort_key)

    def sources_in_time_order(self) -> list[Source]:
        return sorted(self.sources.values(), key=lambda s: (date_key(s.date), s.id))


def date_key(spec: m.DateSpec | None) -> tuple:
    """Sort key across mixed precisions and qualifiers: "before X" just ahead of X, "after X" just behind."""
    return date_order_key(spec)
