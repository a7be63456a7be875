"""Resolve one briefing against its seed and the registries, step by step.

The steps, in order: citations, the actors it lists, its accounts of events, its
quotes, its positions, and the names found in the text. Each adds to what the
document contributes (`DocumentFacts`) and to its problems; none reads another
document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..problems import Problem
from . import models as m
from .dates_written import written_date_problem
from .files import LoadedFile
from .numbers import numbers_in, reads_number_words
from .paragraphs import Paragraph, normalise
from .records import Account, Mention, Participation, PositionRef, QuoteRef, Source
from .registry import RegistryIndex
from .scanning import NameScanner


@dataclass
class DocumentFacts:
    """What one document adds to the corpus."""

    source: Source
    accounts: list[Account] = field(default_factory=list)
    mentions: dict[str, Mention] = field(default_factory=dict)  # actor → how this document mentions it
    quotes: list[QuoteRef] = field(default_factory=list)
    positions: list[PositionRef] = field(default_factory=list)
    actor_events: list[tuple[str, str]] = field(default_factory=list)  # (actor, event) it places together
    names_used: dict[str, set[str]] = field(default_factory=dict)  # actor → forms of its names in the text


@dataclass
class _Slot:
    """An actor as this document presents it, built up step by step."""

    paragraphs: set[int] = field(default_factory=set)
    role: str | None = None
    origin: tuple[tuple, str] = (("actors",), "listed")  # where the document first names it, and how


def items(values) -> Iterable[tuple[int, Any]]:
    """(index, item) for the items that validated; salvaged lists hold None for the rest."""
    return ((i, item) for i, item in enumerate(values or ()) if item is not None)


_QUOTED = re.compile(r"“([^“”]+)”|\"([^\"]+)\"")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})


def quoted_words(text: str) -> list[str]:
    """The words a text puts in double quotation marks, curly or straight."""
    return [m.group(1) or m.group(2) for m in _QUOTED.finditer(text)]


def comparable(text: str) -> str:
    """Text as quoted words are compared: normalised, apostrophes folded, any case, no end punctuation."""
    return normalise(text).translate(_APOSTROPHES).casefold().strip().rstrip(".,;:!?").strip()


def consecutive_runs(numbers: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Sorted paragraph numbers cut into runs of consecutive ones: (2, 3, 5) → [(2, 3), (5,)]."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return [tuple(run) for run in runs]


def quote_problem(text: str, paragraphs: tuple[Paragraph, ...], cited: tuple[int, ...],
                  seed: str) -> str | None:
    """Why a quote is not in the paragraphs it cites (and where it is, if elsewhere), or None.

    A quote lies within one paragraph or runs across consecutive cited paragraphs in their
    order: joining the end of ¶4 to the start of ¶13 makes words no one wrote together.
    """
    wanted = normalise(text)
    runs = consecutive_runs(cited)
    if any(wanted in normalise(" ".join(paragraphs[n - 1].text for n in run)) for run in runs):
        return None
    where = "paragraph" + ("s " if len(cited) > 1 else " ") + ", ".join(map(str, cited))
    if len(runs) > 1 and wanted in normalise(" ".join(paragraphs[n - 1].text for n in cited)):
        gaps = [f"{a[-1]} and {b[0]}" for a, b in zip(runs, runs[1:])]
        return (f"quote not found in {seed} {where}: it joins separate paragraphs "
                f"(paragraphs {'; '.join(gaps)} are not consecutive); quote each part on its own")
    hint = ""
    if wanted in normalise(" ".join(p.text for p in paragraphs)):
        found = [p.number for p in paragraphs if wanted in normalise(p.text)]
        hint = f"; it is in paragraph {found[0]}" if found else ""
    return f"quote not found in {seed} {where}{hint or _nearest_hint(text, paragraphs, cited)}"


def _nearest_hint(text: str, paragraphs: tuple[Paragraph, ...], cited: tuple[int, ...]) -> str:
    """'; nearest, in paragraph 3: "…" (what differs)', from the cited paragraphs or else any."""
    from .loading import excerpt
    from .quote_match import difference, nearest
    found = nearest(text, paragraphs, cited) or nearest(text, paragraphs, tuple(p.number for p in paragraphs))
    if found is None:
        return ""
    number, passage, _ = found
    return f"; nearest, in paragraph {number}: {excerpt(passage, 120)} ({difference(text, passage)})"


class DocumentResolver:
    """One briefing, resolved: call the steps in order, or `resolve()` for all of them."""

    def __init__(self, doc_id: str, loaded: LoadedFile, seed_path: Path, paragraphs: tuple[Paragraph, ...],
                 index: RegistryIndex, scanner: NameScanner):
        self.doc_id = doc_id
        self.doc: m.Briefing = loaded.model
        self.located = loaded.located
        self.seed_path = seed_path
        self.paragraphs = paragraphs
        self.index = index
        self.scanner = scanner
        self.problems: list[Problem] = []
        self.actors: dict[str, _Slot] = {}
        self.event_ids: list[str] = []
        self.accounts: list[Account] = []
        self.quotes: list[QuoteRef] = []
        self.positions: list[PositionRef] = []
        self.actor_events: list[tuple[str, str]] = []
        self._named: dict[int, set[str]] | None = None
        self._comparable: str | None = None

    def resolve(self) -> tuple[DocumentFacts, list[Problem]]:
        self.check_citations()
        self.check_quotations()
        self.check_written_dates()
        self.collect_actors()
        self.resolve_accounts()
        self.resolve_quotes()
        self.resolve_positions()
        mentions = self.find_mentions()
        source = Source(self.doc_id, self.doc, self.seed_path, self.paragraphs, tuple(sorted(self.actors)),
                        tuple(self.event_ids), tuple(sorted(mentions.items())),
                        self.place(self.doc.dateline, ("dateline",)))
        names_used = self.scanner.names_used(self.paragraphs, set(self.doc.boilerplate or ()))
        return DocumentFacts(source, self.accounts, mentions, self.quotes, self.positions,
                             self.actor_events, names_used), self.problems

    # -- helpers
    def _err(self, loc: tuple, code: str, message: str, severity: str = "error") -> None:
        self.problems.append(self.located.problem(loc, code, message, severity))

    def _ref(self, kind: str, ref: str, loc: tuple) -> str | None:
        return self.index.ref(self.index.names(kind), ref, self.located, loc, self.problems)

    def place(self, spec: m.PlaceSpec | None, loc: tuple) -> str | None:
        """The place id a place names, when the registry has places (then an unknown one is an error)."""
        if spec is None or not self.index.places.ids:
            return None
        return self.index.place(spec.name, self.located, loc + ("name",) if spec.inferred else loc, self.problems)

    def cites(self, values, loc: tuple) -> tuple[int, ...]:
        """The paragraph numbers that exist, sorted; each one that does not is reported."""
        count = len(self.paragraphs)
        for i, number in enumerate(values):
            if number > count:
                self._err(loc + (i,) if len(values) > 1 else loc, "citation-out-of-range",
                          f"paragraph {number} does not exist; {self.doc.seed} has {count} paragraphs")
        return tuple(sorted(set(n for n in values if n <= count)))

    def named(self) -> dict[int, set[str]]:
        """Paragraph → the actors its text names (outside boilerplate), scanned once."""
        if self._named is None:
            self._named = self.scanner.actors_by_paragraph(self.paragraphs, set(self.doc.boilerplate or ()))
        return self._named

    def naming(self, actor_id: str, account_paras: tuple[int, ...], loc: tuple) -> tuple[int, ...]:
        """The paragraphs that name an actor at an event: the account's paragraphs that name it, else
        the document's; when none does, a warning (at loc) and the account's paragraphs."""
        named = self.named()
        found = tuple(n for n in account_paras if actor_id in named.get(n, ()))
        if not found:
            slot = self.actors.get(actor_id)
            found = tuple(sorted({n for n, ids in named.items() if actor_id in ids}
                                 | (slot.paragraphs if slot else set())))
        if not found:
            self._err(loc, "participant-not-named",
                      f"no paragraph of {self.doc.seed} names {actor_id!r}; add `cite:` paragraphs "
                      "to this participant", severity="warning")
            return account_paras
        return found

    def note_actor(self, actor_id: str | None, paras=(), role: str | None = None,
                   origin: tuple[tuple, str] = (("actors",), "listed")) -> None:
        if actor_id is None:
            return
        slot = self.actors.setdefault(actor_id, _Slot(origin=origin))
        slot.paragraphs.update(paras)
        if role and not slot.role:
            slot.role = role

    # -- the steps
    def check_citations(self) -> None:
        """Boilerplate, key points and notes cite paragraphs that exist."""
        self.cites(self.doc.boilerplate or [], ("boilerplate",))
        for i, point in items(self.doc.key_points):
            self.cites(point.cite, ("key_points", i, "cite"))
        for i, note in items(self.doc.notes):
            self.cites(note.cite, ("notes", i, "cite"))

    def check_quotations(self) -> None:
        """Words your prose puts in quotation marks are the source's own (a warning otherwise):
        only verbatim text is ever in quotation marks."""
        doc = self.doc
        prose = [(("summary",), doc.summary)]
        prose += [(("key_points", i, "text"), p.text) for i, p in items(doc.key_points)]
        for i, account in items(doc.events):
            prose += [(("events", i, "says"), account.says), (("events", i, "outcome"), account.outcome)]
        prose += [(("positions", i, "stance"), p.stance) for i, p in items(doc.positions)]
        for loc, value in prose:
            for words in quoted_words(value or ""):
                if comparable(words) not in self.comparable_text():
                    self._err(loc, "quotation-not-in-source",
                              f"the words in quotation marks, {words!r}, are not in {doc.seed}: quote only "
                              "the source's own words, or drop the quotation marks", severity="warning")

    def comparable_text(self) -> str:
        if self._comparable is None:
            self._comparable = comparable(" ".join(p.text for p in self.paragraphs))
        return self._comparable

    def check_written_dates(self) -> None:
        """Each date's `as_written` (the source's own form) agrees with its value where it can be read."""
        dated = [(("published",), self.doc.published)]
        dated += [(("events", i, "date"), a.date) for i, a in items(self.doc.events)]
        for loc, spec in dated:
            if spec is not None and spec.as_written is not None:
                problem = written_date_problem(spec.value, spec.as_written, self.doc.language)
                if problem:
                    self._err(loc + ("as_written",), problem[0], problem[1], severity=problem[2])

    def collect_actors(self) -> None:
        """The publisher and every listed actor, with the role the document gives them."""
        doc = self.doc
        if doc.publisher and doc.publisher.actor:
            self.note_actor(self._ref("actor", doc.publisher.actor, ("publisher", "actor")),
                            origin=(("publisher", "actor"), "named as the publisher"))
        for i, mention in items(doc.actors):
            actor_id = self._ref("actor", mention.actor, ("actors", i, "actor"))
            if actor_id in self.actors and self.actors[actor_id].role and mention.role:
                self._err(("actors", i, "actor"), "duplicate-mention",
                          f"actor {actor_id!r} is listed twice in this document", severity="warning")
            self.note_actor(actor_id, self.cites(mention.cite, ("actors", i, "cite")), mention.role,
                            (("actors", i, "actor"), "listed"))

    def resolve_accounts(self) -> None:
        """Each account of an event: the event, hosts, participants and counts, all resolved."""
        for i, account in items(self.doc.events):
            self._account(i, account)

    def _account(self, i: int, account: m.EventAccount) -> None:
        loc = ("events", i)
        event_id = self._ref("event", account.event, loc + ("event",))
        paras = self.cites(account.cite, loc + ("cite",))
        for j, count in enumerate(account.counts):
            self.check_count(count, loc + ("counts", j))
        participants = self._participants(account, paras, loc)
        if event_id is None:
            return
        if event_id in self.event_ids:
            self._err(loc + ("event",), "duplicate-account",
                      f"event {event_id!r} has two accounts in this document; merge them")
            return
        self.event_ids.append(event_id)
        hosts = tuple(dict.fromkeys(p.actor for p in participants if p.part == "host"))
        self.accounts.append(Account(self.doc_id, event_id, account, hosts, participants,
                                     self.place(account.place, loc + ("place",))))
        for actor_id in dict.fromkeys(p.actor for p in participants):
            self.actor_events.append((actor_id, event_id))

    def _participants(self, account: m.EventAccount, paras: tuple[int, ...],
                      loc: tuple) -> tuple[Participation, ...]:
        """The hosts (`host:`) and participants, each with its part and the paragraphs that name it."""
        entries = [(loc + ("host", j), h, "host", None, (), loc + ("host", j)) for j, h in enumerate(account.host)]
        entries += [(loc + ("participants", j, "actor"), part.actor, part.part, part.role, part.cite,
                     loc + ("participants", j, "cite")) for j, part in enumerate(account.participants)]
        found: dict[tuple[str, str], Participation] = {}
        for ref_loc, ref, part, role, cite, cite_loc in entries:
            actor_id = self._ref("actor", ref, ref_loc)
            if not actor_id:
                continue
            own = self.cites(cite, cite_loc) if cite else ()
            # a role at one event is not the document's title for them
            self.note_actor(actor_id, own, origin=(ref_loc, f"named as {'a host' if part == 'host' else 'taking part'} "
                                                            "in an account of an event"))
            named = own or self.naming(actor_id, paras, ref_loc)
            key = (actor_id, part)
            if key not in found or (role and not found[key].role):
                found[key] = Participation(actor_id, role, self.doc_id, named, part=part,
                                           role_from="event" if role else None)
        return tuple(found.values())

    def check_count(self, count: m.Count, loc: tuple) -> None:
        """A count is checked like a quote: its number is given in the paragraphs it cites."""
        paras = self.cites(count.cite, loc + ("cite",))
        if not paras:
            return
        text = " ".join(self.paragraphs[n - 1].text for n in paras)
        if count.value in numbers_in(text, self.doc.language):
            return
        where = "paragraph" + ("s " if len(paras) > 1 else " ") + ", ".join(map(str, paras))
        if reads_number_words(self.doc.language):
            self._err(loc + ("value",), "count-not-in-source",
                      f"the number {count.value} ({count.of!r}) is not given in {self.doc.seed} {where}, "
                      "in digits or in words")
        else:
            self._err(loc + ("value",), "count-not-checked",
                      f"the number {count.value} ({count.of!r}) is not in {self.doc.seed} {where} as digits, "
                      f"and number words in {self.doc.language!r} are not read yet: check it by eye",
                      severity="warning")

    def resolve_quotes(self) -> None:
        """Each quote: its speaker and event resolved, its words found in the cited paragraphs."""
        for i, quote in items(self.doc.quotes):
            loc = ("quotes", i)
            speaker = self._ref("actor", quote.speaker, loc + ("speaker",))
            event_id = self._ref("event", quote.event, loc + ("event",)) if quote.event else None
            paras = self.cites(quote.cite, loc + ("cite",))
            if paras:
                problem = quote_problem(quote.text, self.paragraphs, paras, self.doc.seed)
                if problem:
                    self._err(loc + ("text",), "quote-not-in-source", problem)
            if speaker:
                self.note_actor(speaker, paras, origin=(loc + ("speaker",), "named as a quote's speaker"))
                self.quotes.append(QuoteRef(self.doc_id, speaker, quote.text, paras, event_id, quote.speech,
                                            quote.unclosed, quote.attribution, quote.attribution_basis,
                                            quote.language or self.doc.language, quote.translation))

    def resolve_positions(self) -> None:
        """Each position: its actor and event resolved, its issue a usable page name."""
        for i, pos in items(self.doc.positions):
            loc = ("positions", i)
            actor_id = self._ref("actor", pos.actor, loc + ("actor",))
            event_id = self._ref("event", pos.event, loc + ("event",)) if pos.event else None
            for_id = self._ref("actor", pos.on_behalf_of, loc + ("on_behalf_of",)) if pos.on_behalf_of else None
            paras = self.cites(pos.cite, loc + ("cite",))
            if pos.issue in m.RESERVED_IDS:
                self._err(loc + ("issue",), "reserved-id",
                          f"{pos.issue!r} names a fixed page; choose another issue id")
            if for_id == actor_id and for_id is not None:
                self._err(loc + ("on_behalf_of",), "self-reference", "an actor cannot speak on behalf of itself")
                for_id = None
            if actor_id:
                self.note_actor(actor_id, origin=(loc + ("actor",), "named in a position"))
                self.note_actor(for_id, origin=(loc + ("on_behalf_of",), "named in a position (on behalf of)"))
                self.positions.append(PositionRef(self.doc_id, actor_id, pos.issue, pos.stance, paras, event_id,
                                                  for_id, pos.attribution, pos.attribution_basis))

    def find_mentions(self) -> dict[str, Mention]:
        """Names found in the text count as mentions too (outside scraped boilerplate)."""
        named = self.named()
        mentions: dict[str, Mention] = {}
        for actor_id, slot in self.actors.items():
            slot.paragraphs.update(n for n, ids in named.items() if actor_id in ids)
            if not slot.paragraphs:
                where, how = slot.origin
                self._err(where, "mention-not-found",
                          f"actor {actor_id!r} is {how} but none of its names occurs in {self.doc.seed}; "
                          "add `cite:` paragraphs", severity="warning")
            mentions[actor_id] = Mention(self.doc_id, tuple(sorted(slot.paragraphs)), slot.role)
        return mentions
