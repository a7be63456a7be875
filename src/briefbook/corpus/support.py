"""What the sources support of the registries: descriptions' citations, names used in the text, shared accounts."""

from __future__ import annotations

from typing import Iterable, Mapping

from ..problems import Problem
from .documents import comparable, quoted_words
from .records import Account, Source
from .registry import RegistryIndex
from .scanning import name_form

Cited = tuple[tuple[str, tuple[int, ...]], ...]  # (source id, paragraphs)


def registry_citations(index: RegistryIndex, sources: Mapping[str, Source],
                       left_out: set[str] = frozenset()) -> tuple[dict[tuple[str, str], Cited], list[Problem]]:
    """(kind, id) → the checked `description_cite` of each registry entry, and the problems found.

    A citation of a document that does not exist, or of a paragraph it does not have, is an
    error; one of a draft left out of this build is a warning, and is not shown.
    """
    cited: dict[tuple[str, str], Cited] = {}
    problems: list[Problem] = []
    for kind in ("actor", "event"):
        for entity_id, entry in index.names(kind).ids.items():
            located, loc = index.where[(kind, entity_id)]
            found = []
            for i, ref in enumerate(entry.description_cite):
                where = loc + ("description_cite", i)
                source = sources.get(ref.source)
                if source is None:
                    draft = ref.source in left_out
                    problems.append(located.problem(
                        where + ("source",), "unknown-source",
                        f"document {ref.source!r} is a draft left out of this build; its citation is not shown"
                        if draft else f"no document {ref.source!r}: give a briefing's file name without .yaml",
                        "warning" if draft else "error"))
                    continue
                count = len(source.paragraphs)
                for j, number in enumerate(ref.cite):
                    if number > count:
                        problems.append(located.problem(
                            where + ("cite",) + ((j,) if len(ref.cite) > 1 else ()), "citation-out-of-range",
                            f"paragraph {number} does not exist; {source.briefing.seed} has {count} paragraphs"))
                numbers = tuple(sorted({n for n in ref.cite if n <= count}))
                if numbers:
                    found.append((ref.source, numbers))
            cited[(kind, entity_id)] = tuple(found)
            problems += _quotations(entry.description, found, sources, located, loc)
    return cited, problems


def _quotations(description: str, found: list, sources: Mapping[str, Source], located, loc) -> list[Problem]:
    """Words a cited description puts in quotation marks must be in one of the sources it cites."""
    if not found:
        return []
    texts = [comparable(" ".join(p.text for p in sources[source_id].paragraphs)) for source_id, _ in found]
    return [located.problem(loc + ("description",), "quotation-not-in-source",
                            f"the words in quotation marks, {words!r}, are in none of the sources the "
                            "description cites: quote only their own words, or drop the quotation marks",
                            "warning")
            for words in quoted_words(description) if not any(comparable(words) in t for t in texts)]


def names_in_sources(names: Iterable[str], used: Mapping[str, set[str]]) -> tuple[
        tuple[tuple[str, tuple[str, ...]], ...], tuple[str, ...]]:
    """(each name the sources use, with the sources using it), (the names no source uses), in registry order.

    `used` is source id → the forms of this actor's names found in that source's text.
    """
    found, added = [], []
    for name in dict.fromkeys(n for n in names if n):
        form = name_form(name)
        using = tuple(sorted(source for source, forms in used.items() if form in forms))
        if using:
            found.append((name, using))
        else:
            added.append(name)
    return tuple(found), tuple(added)


def shared_accounts(event_id: str, related: Iterable[str],
                    accounts: Mapping[str, Iterable[Account]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each related event with the sources that give accounts of both: a link no source makes has none."""
    own = {a.source for a in accounts.get(event_id, ())}
    return tuple((other, tuple(sorted(own & {a.source for a in accounts.get(other, ())}))) for other in related)
