"""Corpus health: what is valid but probably not what the analyst meant (warnings only)."""

from __future__ import annotations

import re
from typing import Mapping

from ..problems import Problem
from .attribution import attribution_lines
from .inflection import cyrillic_name_word, is_cyrillic
from .loading import Located
from .name_candidates import ACRONYM, CAPITALISED_RUN, CAPITALISED_WORD, arabic_script_names, hangul_names, single_name
from .paragraphs import normalise
from .records import Corpus, Source
from .registry import RegistryIndex
from .scanning import NameScanner

# Words that start sentences or titles without being part of a name
_LEADING = {"The", "A", "An", "On", "In", "At", "As", "By", "For", "From", "To", "With", "And", "But",
            "Although", "However", "Under", "Upon", "While", "Let", "We", "It", "He", "She", "They",
            "This", "That", "These", "Those", "Our", "Their", "His", "Her", "Its", "Hours", "Three",
            "Other", "Ladies", "Thank", "Meeting", "All", "No", "Too", "Joint"}

# Errors the health report also counts (they stop a build, so the health page never shows them).
ERROR_CODES = {
    "ambiguous-alias": "aliases claimed by two actors",
    "quote-not-in-source": "quotes not found in their source",
    "citation-out-of-range": "citations to paragraphs that do not exist",
    "unknown-actor": "references to no registered actor",
    "seed-drift": "briefings whose seed changed since they were pinned",
    "count-not-in-source": "counts not given in their source",
    "date-as-written-mismatch": "dates whose value is not the date the source writes",
}

CODES = {
    "unused-actor": "actors that no document mentions",
    "unused-event": "events that no document gives an account of",
    "undated-event": "events without a date",
    "uncited-claim": "claims without a citation",
    "mention-not-found": "actors listed by a document whose names do not occur in it",
    "unregistered-name": "names in a source that resolve to no actor",
    "unpinned": "briefings not pinned to their seed yet",
    "count-not-checked": "counts in a language whose number words are not read",
    "date-as-written-unchecked": "dates as the source writes them in a form not read yet",
}


def check_health(corpus: Corpus, index: RegistryIndex, documents: Mapping[str, Located],
                 scanner: NameScanner, all_read: bool = True, registry_read: bool = True) -> list[Problem]:
    """Warnings about the corpus: unused and undated entries, uncited numbers, unregistered names.

    While a briefing cannot be read (a YAML syntax error) no entry is called unused, and while a
    registry file cannot be read no name is called unregistered: what that file names is unknown, and
    a warning for each would bury the one error that matters."""
    warnings: list[Problem] = []

    def warn(kind: str, entity_id: str, code: str, message: str, sub: tuple = ()) -> None:
        found = index.locate(kind, entity_id)
        if found:
            located, loc = found
            warnings.append(located.problem(loc + sub, code, message, "warning", prefer_key=not sub))

    for actor in corpus.actors.values() if all_read else ():
        if not actor.mentions and not actor.events:
            warn("actor", actor.id, "unused-actor", f"no document mentions actor {actor.id!r}")
    for event in corpus.events.values():
        if not event.accounts and all_read:
            warn("event", event.id, "unused-event", f"no document gives an account of event {event.id!r}")
        if event.date is None:
            warn("event", event.id, "undated-event",
                 f"event {event.id!r} has no date; give the best-supported one, inferred if need be")
    places = _places(corpus, scanner)
    for source in corpus.sources.values():
        located = documents.get(source.id)
        if located is None:
            continue
        for i, account in enumerate(source.briefing.events):
            if account is None:  # an item that failed validation (already reported)
                continue
            for j, count in enumerate(account.counts or ()):
                if count is not None and not count.cite:
                    warnings.append(located.problem(("events", i, "counts", j), "uncited-claim",
                                                    f"the number {count.value} {count.of!r} cites no paragraph",
                                                    "warning"))
        # the scan depends on the text, the registry (the memo is the registry's) and where the seed is named
        key = ("unregistered", located.path, located.where(("seed",)), source.briefing.seed, tuple(sorted(places)),
               tuple((p.number, p.text) for p in source.paragraphs), tuple(sorted(source.boilerplate)))
        memo = scanner.memo
        if not registry_read:
            continue
        if key not in memo:
            memo[key] = _unregistered_names(source, located, scanner, places)
        warnings.extend(memo[key])
    return warnings


def _registered_words(scanner: NameScanner) -> set[str]:
    """Casefolded words (4 letters or more) of every registered name, alias and not_actors entry."""
    key = ("registered-words",)
    if key not in scanner.memo:
        names = [n for e in scanner.index.actors.ids.values() for n in (e.name, *e.aliases) if n]
        names += [n for e in scanner.index.events.ids.values() for n in (e.title, *e.aliases)]
        names += [n for e in scanner.index.places.ids.values() for n in (e.name, *e.aliases)]
        names += list(scanner.not_actors)
        scanner.memo[key] = {w.casefold() for n in names for w in re.findall(r"\w+", n) if len(w) >= 4}
    return scanner.memo[key]


def _candidates(text: str, lower_words: set[str], registered: set[str], known: list[tuple[int, int]]):
    """(start, end, name) of what looks like a name in the text, per script (name_candidates.py)."""
    for hit in CAPITALISED_RUN.finditer(text):
        start, words = hit.start(), hit.group(0).split()
        while len(words) > 1 and (words[0] in _LEADING or (is_cyrillic(words[0]) and not cyrillic_name_word(words[0]))):
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) > 1:
            yield start, hit.end(), " ".join(words)
        elif single_name(text, start, words[0], lower_words, registered):
            yield start, hit.end(), words[0]
    for hit in CAPITALISED_WORD.finditer(text):
        if single_name(text, hit.start(), hit.group(0), lower_words, registered):
            yield hit.start(), hit.end(), hit.group(0).removesuffix("’s").removesuffix("'s")
    for hit in ACRONYM.finditer(text):
        yield hit.start(), hit.end(), hit.group(0)
    for start, end in (*arabic_script_names(text), *hangul_names(text, known)):
        yield start, end, text[start:end]


def _places(corpus: Corpus, scanner: NameScanner) -> set[str]:
    """Every place the registry and the briefings name (casefolded): a place is not an unregistered actor."""
    places = [e.place for e in scanner.index.events.ids.values()]
    for source in corpus.sources.values():
        places += [source.briefing.dateline, *(a.place for a in source.briefing.events if a is not None)]
    registered = scanner.index.places
    return ({normalise(p.name).casefold() for p in places if p is not None}
            | set(registered.by_alias) | set(registered.by_form))


def _unregistered_names(source: Source, located: Located, scanner: NameScanner, places: set[str]) -> list[Problem]:
    """Names in the text (name_candidates.py: capitalised runs and single words, acronyms, names beside a
    title in Arabic script and Hangul) that no registered name covers, and the longer names that registered names
    were found inside ('Abdul Ghani Baradar')."""
    seen: dict[str, list[int]] = {}
    holds: dict[str, str] = {}  # a longer name → the actor whose registered name it holds
    skip = set(scanner.not_actors) | places
    texts = [(p.number, normalise(p.text)) for p in source.paragraphs if p.number not in source.boilerplate]
    lower_words = {w.casefold() for _, t in texts for w in re.findall(r"(?<![\w-])[^\W\d_][\w’'-]*", t)
                   if w[:1].islower()}
    registered = _registered_words(scanner)
    for number, text in texts:
        known = scanner.known_name_spans(text)
        runs = scanner.actor_names_in(text)[1]
        for start, end, target in runs:
            if text[start:end].casefold() not in skip:
                seen.setdefault(text[start:end], []).append(number)
                holds[text[start:end]] = target
        taken: list[tuple[int, int]] = []
        for start, end, name in _candidates(text, lower_words, registered, known):
            if any(s < end and start < e for s, e in (*known, *((s, e) for s, e, _ in runs), *taken)):
                continue  # part of, or a title before, a known name; or a longer name already listed
            taken.append((start, end))
            if normalise(name).casefold() not in skip:
                seen.setdefault(name, []).append(number)
    problems = []
    for name, paragraphs in sorted(seen.items()):
        where = ", ".join(map(str, sorted(set(paragraphs))))
        inside = (f" (it holds a name of {holds[name]!r}, which is not counted as a mention inside a longer "
                  "name)") if name in holds else ""
        problems.append(located.problem(("seed",), "unregistered-name",
                                        f"{name!r} (¶ {where} of {source.briefing.seed}) is no registered "
                                        f"actor name or alias{inside}; register it, add it as an alias, or list "
                                        "it under not_actors", "warning"))
    return problems


def corpus_stats(corpus: Corpus) -> dict[str, int]:
    """What was checked, for the health page."""
    briefings = [s.briefing for s in corpus.sources.values()]
    citations = sum(len(p.cite) for b in briefings for p in b.key_points)
    citations += sum(len(a.cite) for b in briefings for a in b.events)
    citations += sum(len(q.cite) for b in briefings for q in b.quotes)
    citations += sum(len(p.cite) for b in briefings for p in b.positions)
    return {
        "sources": len(corpus.sources),
        "paragraphs": sum(len(s.paragraphs) for s in corpus.sources.values()),
        "actors": len(corpus.actors),
        "events": len(corpus.events),
        "quotes checked against their source": sum(len(b.quotes) for b in briefings),
        "citations checked": citations,
        "disagreements found": len(corpus.disagreements),
        "warnings": sum(1 for w in corpus.warnings if not w.is_error),
    }


def fidelity(corpus: Corpus | None, problems: list[Problem], documents: int) -> list[tuple[str, str]]:
    """The corpus's fidelity to its sources, line by line: (what, how it stands).

    Each line is one check of whether the pages stay true to the seeds. More lines (roles with
    their sources, statements of the analyst marked) are added by `FIDELITY_LINES`.
    """
    codes: dict[str, list[Problem]] = {}
    for p in problems:
        codes.setdefault(p.code, []).append(p)
    drifted = sorted({p.path for p in codes.get("seed-drift", ())})
    unpinned = len({p.path for p in codes.get("unpinned", ())})
    pinned = documents - unpinned - len(drifted)
    lines = [("seeds pinned", f"{pinned} of {documents}" + (f"; drifted: {', '.join(drifted)}" if drifted else "")
              + (f"; {unpinned} not pinned yet (`briefbook pin`)" if unpinned else ""))]
    briefings = [s.briefing for s in corpus.sources.values()] if corpus is not None else []
    quotes = sum(len(b.quotes) for b in briefings)
    bad_quotes = len(codes.get("quote-not-in-source", ()))
    lines.append(("quotes verified", f"{quotes - bad_quotes} of {quotes}" if corpus is not None
                  else f"{bad_quotes} not found in their source"))
    counts = sum(len(a.counts) for b in briefings for a in b.events)
    unchecked = len(codes.get("count-not-checked", ()))
    bad_counts = len(codes.get("count-not-in-source", ()))
    lines.append(("counts verified", (f"{counts - unchecked} of {counts}" if corpus is not None
                                      else f"{bad_counts} not given in their source")
                  + (f"; {unchecked} in a language whose number words are not read" if unchecked else "")))
    for line in FIDELITY_LINES:
        lines += line(corpus, problems)
    return lines


# Further fidelity lines, each a function (corpus or None, problems) → [(what, how it stands)].
FIDELITY_LINES: list = [attribution_lines]  # roles with their sources, statements of the analyst marked
