"""What the sources support of the registries: descriptions' citations, names used in the text, shared accounts."""

from __future__ import annotations

from typing import Iterable, Mapping

from ..problems import Problem
from .documents import comparable, quoted_words
from .loading import excerpt
from .paragraphs import normalise
from .records import Account, Source
from .registry import RegistryIndex
from .scanning import name_form

Cited = tuple[tuple[str, tuple[int, ...]], ...]  # (source id, paragraphs)


def registry_citations(index: RegistryIndex, sources: Mapping[str, Source], left_out: set[str] = frozenset(),
                       unread: set[str] = frozenset()) -> tuple[dict[tuple[str, str], Cited], list[Problem]]:
    """(kind, id) → the checked `description_cite` of each registry entry, and the problems found.

    A citation of a document that does not exist, or of a paragraph it does not have, is an
    error; one of a draft left out of this build is a warning, and is not shown. An event's
    `assessments` are checked the same way, under ("assessment", "<event id>#<index>"). A citation of a
    briefing that could not be read (`unread`) is left out silently: that briefing's own errors are the ones
    to fix. A text's words in quotation marks are checked only when every source it cites is there.
    """
    cited: dict[tuple[str, str], Cited] = {}
    problems: list[Problem] = []
    for kind in ("actor", "event"):
        for entity_id, entry in index.names(kind).ids.items():
            located, loc = index.where[(kind, entity_id)]
            found, bad = _checked_refs(entry.description_cite, loc + ("description_cite",), located, sources,
                                       left_out, unread)
            cited[(kind, entity_id)], problems = found, problems + bad
            if all(ref.source in sources for ref in entry.description_cite):
                problems += _quotations(entry.description, list(found), sources, located, loc)
            for i, assessment in enumerate(getattr(entry, "assessments", ())):
                found, bad = _checked_refs(assessment.cite, loc + ("assessments", i, "cite"), located, sources,
                                           left_out, unread)
                cited[("assessment", f"{entity_id}#{i}")], problems = found, problems + bad
                if all(ref.source in sources for ref in assessment.cite):
                    problems += _quotations(assessment.reason, list(found), sources, located,
                                            loc + ("assessments", i), "reason")
    return cited, problems


def _checked_refs(refs, where: tuple, located, sources: Mapping[str, Source],
                  left_out: set[str], unread: set[str]) -> tuple[Cited, list[Problem]]:
    """The citations of a registry text that exist, and a problem for each that does not."""
    found, problems = [], []
    for i, ref in enumerate(refs):
        at = where + (i,)
        source = sources.get(ref.source)
        if source is None and ref.source in unread:
            continue
        if source is None:
            draft = ref.source in left_out
            problems.append(located.problem(
                at + ("source",), "unknown-source",
                f"document {ref.source!r} is a draft left out of this build; its citation is not shown"
                if draft else f"no document {ref.source!r}: give a briefing's file name without .yaml",
                "warning" if draft else "error"))
            continue
        count = len(source.paragraphs)
        for j, number in enumerate(ref.cite):
            if number > count:
                problems.append(located.problem(
                    at + ("cite",) + ((j,) if len(ref.cite) > 1 else ()), "citation-out-of-range",
                    f"paragraph {number} does not exist; {source.briefing.seed} has {count} paragraphs"))
        numbers = tuple(sorted({n for n in ref.cite if n <= count}))
        if numbers:
            found.append((ref.source, numbers))
    return tuple(found), problems


def unmatched_assessments(index: RegistryIndex, disagreements: Mapping[str, set[str]]) -> list[Problem]:
    """An assessment of a disagreement the sources do not have (a field misspelt, or the sources since
    agreed) is a warning: it is not shown. `disagreements` is event id → the fields found disputed."""
    problems = []
    for event_id, entry in index.events.ids.items():
        located, loc = index.where[("event", event_id)]
        seen: set[str] = set()
        for i, assessment in enumerate(entry.assessments):
            key = assessment_key(assessment.field)
            if key in seen:
                problems.append(located.problem(loc + ("assessments", i, "field"), "duplicate-assessment",
                                                f"{excerpt(assessment.field)} is assessed twice for this event"))
            elif key not in disagreements.get(event_id, set()):
                fields = ", ".join(sorted(disagreements.get(event_id, set()))) or "none"
                problems.append(located.problem(
                    loc + ("assessments", i, "field"), "assessment-without-disagreement",
                    f"the sources do not disagree on {excerpt(assessment.field)} for this event "
                    f"(disputed here: {fields}); the assessment is not shown", "warning"))
            seen.add(key)
    return problems


def assessment_key(field_name: str) -> str:
    """How an assessment's field is matched with a disagreement's: spacing and case ignored."""
    return normalise(field_name).casefold()


def _quotations(description: str, found: list, sources: Mapping[str, Source], located, loc,
                key: str = "description") -> list[Problem]:
    """Words a cited description (or reason) puts in quotation marks must be in one of the sources it cites."""
    if not found:
        return []
    texts = [comparable(" ".join(p.text for p in sources[source_id].paragraphs)) for source_id, _ in found]
    return [located.problem(loc + (key,), "quotation-not-in-source",
                            f"the words in quotation marks, {words!r}, are in none of the sources the "
                            f"{key} cites: quote only their own words, or drop the quotation marks",
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
