"""Corpus health: what is valid but probably not what the analyst meant (warnings only)."""

from __future__ import annotations

import re
from typing import Mapping

from ..problems import Problem
from .attribution import attribution_lines
from .inflection import cyrillic_name_word, is_cyrillic, nominative
from .loading import Located
from .name_candidates import (ACRONYM, CAPITALISED_RUN, CAPITALISED_WORD, arabic_script_names, hangul_names,
                              not_a_name_run, single_name, split_run)
from .paragraphs import Paragraph, normalise
from .records import Corpus, Source
from .registry import RegistryIndex
from .scanning import NameScanner

# Words that start sentences or titles without being part of a name
_LEADING = {"The", "A", "An", "On", "In", "At", "As", "By", "For", "From", "To", "With", "And", "But",
            "Although", "However", "Under", "Upon", "While", "Let", "We", "It", "He", "She", "They",
            "This", "That", "These", "Those", "Our", "Their", "His", "Her", "Its", "Hours", "Three",
            "Other", "Ladies", "Thank", "Meeting", "All", "No", "Too", "Joint", "Citing", "According",
            "Speaking", "Addressing", "Following", "Welcoming", "Noting", "Recalling", "Reaffirming", "Stressing",
            "Urging", "Calling", "During", "After", "Before", "Since", "Despite", "Meanwhile", "Today",
            "Yesterday", "Earlier", "Later", "Also", "Both", "Each", "Every", "Many", "Several", "Some", "If",
            "When", "Where", "Why", "How", "What", "Who", "Dear", "Please", "Read", "Photo", "Watch", "See"}
# An all-capital word in a transcript's speaker label (PRESIDENT GHANI:) is the speaker, written in capitals
_SPEAKER_LABEL = re.compile(r"(?:\s+[A-ZА-ЯЁ.'-]+){0,3}:")
# An all-capital word at a paragraph's start before a dash or comma is a dateline (MOSCOW –), not an acronym
_DATELINE_WORD = re.compile(r"\W*[A-ZА-ЯЁ][A-ZА-ЯЁ .'-]*,?[^–—:\n]{0,40}?[–—:-]")

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
    for run_start, run_end, first in _run_pieces(text, lower_words, registered, known):
        start, words = run_start, text[run_start:run_end].split()
        # "Secretary Pompeo" → Pompeo; "Special Representative of the UN" → UN (the "of the" left too)
        while len(words) > 1 and (words[0] in _LEADING or not_a_name_run(words[:1]) or words[0][:1].islower()
                                  or (is_cyrillic(words[0]) and not cyrillic_name_word(words[0]))):
            start += len(words[0]) + 1
            words = words[1:]
        if len(words) > 1 and not not_a_name_run(words):
            yield start, run_end, " ".join(words)
        elif len(words) == 1 and single_name(text, start, words[0], lower_words, registered, first and start == run_start):
            yield start, run_end, words[0].removesuffix("’s").removesuffix("'s")
    for hit in CAPITALISED_WORD.finditer(text):
        if single_name(text, hit.start(), hit.group(0), lower_words, registered):
            yield hit.start(), hit.end(), hit.group(0).removesuffix("’s").removesuffix("'s")
    for hit in ACRONYM.finditer(text):
        word = hit.group(0).casefold()
        if word not in lower_words and not not_a_name_run([word]) and not _SPEAKER_LABEL.match(text, hit.end()) \
                and not (hit.start() < 4 and _DATELINE_WORD.match(text, hit.start()) and len(word) >= 4):
            yield hit.start(), hit.end(), hit.group(0)
    for start, end in (*arabic_script_names(text, known), *hangul_names(text, known)):
        yield start, end, text[start:end]


def _run_pieces(text: str, lower_words: set[str], registered: set[str], known: list[tuple[int, int]]):
    """(start, end, whether it may start a sentence) of each part of each capitalised run cut at 'and': the
    first part may when the next part is a name too, registered or not ('Ахмедов и Эрдоган', 'Turkey and
    Pakistan' with Pakistan registered; not 'Afghan and Russian officials')."""
    for hit in CAPITALISED_RUN.finditer(text):
        pieces = split_run(text, hit)
        second = pieces[1] if len(pieces) > 1 else None
        next_is_name = second is not None and (
            " " in text[second[0]:second[1]].strip()
            or any(s <= second[0] and second[1] <= e for s, e in known)
            or single_name(text, second[0], text[second[0]:second[1]], lower_words, registered))
        for k, (start, end) in enumerate(pieces):
            yield start, end, k == 0 and next_is_name


def _places(corpus: Corpus, scanner: NameScanner) -> set[str]:
    """Every place the registry and the briefings name (casefolded): a place is not an unregistered actor."""
    places = []
    for source in corpus.sources.values():
        places += [source.briefing.dateline, *(a.place for a in source.briefing.events if a is not None)]
    return registry_places(scanner) | {normalise(p.name).casefold() for p in places if p is not None}


def _headline_case(text: str) -> bool:
    """A line in Title Case ('United States Support for the Afghanistan Peace Negotiations')."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return "\n" not in text and len(words) >= 4 and not text.rstrip().endswith(".") \
        and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _longer_name(words: list[str]) -> bool:
    """Whether a run of capitalised words holding a registered name is a longer name, not a phrase that
    starts with a day, a title or a small word ('Friday the Taliban', 'of the Tashkent Conference')."""
    return bool(words) and words[0][:1].isupper() and words[0] not in _LEADING and not not_a_name_run(words[:1])


def registry_places(scanner: NameScanner) -> set[str]:
    """The places the registries name (casefolded): events' places and the places registry."""
    registered = scanner.index.places
    return ({normalise(e.place.name).casefold() for e in scanner.index.events.ids.values() if e.place is not None}
            | set(registered.by_alias) | set(registered.by_form))


def _unregistered_names(source: Source, located: Located, scanner: NameScanner, places: set[str]) -> list[Problem]:
    """The scan's names (`unregistered_names`) as warnings at the briefing's seed."""
    found = unregistered_names(source.paragraphs, source.boilerplate, scanner, places)
    problems = []
    for name, (paragraphs, held, written) in sorted(found.items()):
        where = ", ".join(map(str, paragraphs))
        inside = (f" (it holds a name of {held!r}, which is not counted as a mention inside a longer "
                  "name)") if held else ""
        forms = f", written {', '.join(written)}" if written else ""
        problems.append(located.problem(("seed",), "unregistered-name",
                                        f"{name!r} (¶ {where} of {source.briefing.seed}{forms}) is no registered "
                                        f"actor name or alias{inside}; register it, add it as an alias, or list "
                                        "it under not_actors", "warning"))
    return problems


def unregistered_names(paragraphs: tuple[Paragraph, ...], boilerplate, scanner: NameScanner,
                       places: set[str]) -> dict[str, tuple[tuple[int, ...], str | None]]:
    """Names in the text (name_candidates.py: capitalised runs and single words, acronyms, names beside a
    title in Arabic script and Hangul) that no registered name covers, and the longer names that registered names
    were found inside ('Abdul Ghani Baradar'): name → (its paragraphs, the actor whose name it holds or None).
    `briefbook check` and `briefbook new` both ask this."""
    seen: dict[str, list[int]] = {}
    holds: dict[str, str] = {}  # a longer name → the actor whose registered name it holds
    skip = set(scanner.not_actors) | places
    texts = [(p.number, normalise(p.text)) for p in paragraphs if p.number not in boilerplate]
    lower_words = {w.casefold() for _, t in texts for w in re.findall(r"(?<![\w-])[^\W\d_][\w’'-]*", t)
                   if w[:1].islower()}
    registered = _registered_words(scanner)
    for number, text in texts:
        if _headline_case(text):
            continue  # a headline in Title Case capitalises every word: its runs are no names
        known = scanner.known_name_spans(text)
        runs = [r for r in scanner.actor_names_in(text)[1] if _longer_name(text[r[0]:r[1]].split())]
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
    return _as_registered(seen, holds)


def _as_registered(seen: dict[str, list[int]], holds: dict[str, str]) -> dict[str, tuple]:
    """name → (paragraphs, the actor whose name it holds or None, the forms the text writes it in when not as
    it is to be registered): a Russian name in the nominative (Китая, Китаем → Китай), its forms together."""
    found: dict[str, tuple[set[int], str | None, set[str]]] = {}
    for name, numbers in seen.items():
        registered = nominative(name)
        paragraphs, held, written = found.setdefault(registered, (set(), holds.get(name), set()))
        paragraphs.update(numbers)
        if registered != name:
            written.add(name)
    return {name: (tuple(sorted(numbers)), held, tuple(sorted(written))) for name, (numbers, held, written) in found.items()}


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
