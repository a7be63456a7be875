"""Acronyms: the registry's abbreviations, found on a page and expanded on hover."""

from __future__ import annotations

import re
from typing import Mapping

from ..corpus.records import Corpus

_WHITESPACE = re.compile(r"\s+")


ANALYSTS_EXPANSION = " (the analyst's expansion, not in the sources)"


def glossary(corpus: Corpus) -> tuple[re.Pattern | None, Mapping[str, str]]:
    """The acronym pattern and each acronym's expansion: the actor's name, marked when no source uses it."""
    expansions = {a.entry.abbreviation: a.name if a.name in dict(a.names_found) else a.name + ANALYSTS_EXPANSION
                  for a in corpus.actors.values() if a.entry.abbreviation}
    if not expansions:
        return None, expansions
    alternatives = "|".join(re.escape(k) for k in sorted(expansions, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)"), expansions


def with_abbreviations(text: str, glossary: tuple[re.Pattern | None, Mapping[str, str]]) -> str:
    """Append Markdown abbreviation definitions for the acronyms this page uses.

    Per page rather than one global glossary, so pages stay small and need no
    snippet includes; the expansion lands in a title attribute, escaped by Markdown.
    """
    pattern, expansions = glossary
    if pattern is None:
        return text
    used = sorted(set(pattern.findall(text)))
    if not used:
        return text
    lines = [f"*[{abbr}]: {_WHITESPACE.sub(' ', expansions[abbr])}" for abbr in used]
    return text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
