"""The footnotes of one print document: full title at a source's first note, short after, repeats collapsed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from markupsafe import Markup, escape

from ..corpus.dates import format_date
from ..corpus.records import Corpus

# A short title ends on a word that carries meaning, not on "of", "on", "the"...
_WEAK = frozenset("a an and at by for from in into of on or the to with".split())
SHORT_WORDS = 5  # a title's first words, enough to tell the sources apart and to carry a name


def short_titles(corpus: Corpus) -> dict[str, str]:
    """A short title per source (its first words, to a word that carries meaning), unique in the corpus:
    two sources whose short titles would be the same keep their full titles."""
    short = {source_id: _shorten(source.briefing.title) for source_id, source in corpus.sources.items()}
    seen: dict[str, int] = {}
    for value in short.values():
        seen[value] = seen.get(value, 0) + 1
    return {source_id: value if seen[value] == 1 else corpus.sources[source_id].briefing.title
            for source_id, value in short.items()}


def _shorten(title: str) -> str:
    words = title.split()
    if len(words) <= SHORT_WORDS + 1:
        return title
    cut = words[:SHORT_WORDS]
    while len(cut) > 1 and cut[-1].casefold().strip(",;:") in _WEAK:
        cut.pop()
    return " ".join(cut).rstrip(",;:") + "…"


def paragraph_runs(numbers) -> list[tuple[int, int]]:
    """[2, 3, 4, 5, 9] → [(2, 5), (9, 9)]: three or more consecutive paragraphs read as a range."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    out: list[tuple[int, int]] = []
    for lo, hi in runs:
        out += [(lo, hi)] if hi - lo >= 2 else [(n, n) for n in range(lo, hi + 1)]
    return out


@dataclass
class Notes:
    """Numbers the notes of one document in the order they are written, as WeasyPrint lays them out.

    Each note carries its own number (`data-n`), so a call that repeats the note just before it can
    point at that number instead of printing the same note twice.
    """

    corpus: Corpus
    para_anchor: Callable[[str, int], str]
    lang_attrs: Callable[..., Markup]
    short: dict[str, str] = field(default_factory=dict)
    count: int = 0
    _last: tuple | None = None
    _cited: set = field(default_factory=set)
    _bases: dict = field(default_factory=dict)
    _calls: int = 0

    def _note(self, key: tuple, body: Markup) -> Markup:
        if key == self._last:  # the same note twice in a row: one note, called twice
            self._calls += 1
            return Markup('<a class="fnref" id="fnref-{1}" href="#fn-{0}" aria-label="note {0}">{0}</a>').format(
                self.count, self._calls)
        self.count += 1
        self._last = key
        return Markup('<span class="fn" id="fn-{0}" data-n="{0}">{1}</span>').format(self.count, body)

    def paragraphs(self, source_id: str, numbers) -> Markup:
        """'¶ 3, 5' or '¶ 2–7', kept on one line, each number a link to the paragraph in this PDF."""
        links = []
        for lo, hi in paragraph_runs(numbers):
            first = Markup('<a href="#{0}">{1}</a>').format(self.para_anchor(source_id, lo), lo)
            if hi != lo:
                first += Markup('–<a href="#{0}">{1}</a>').format(self.para_anchor(source_id, hi), hi)
            links.append(first)
        return Markup('<span class="pn">¶\u00a0{0}</span>').format(Markup(", ").join(links))

    def title(self, source_id: str, short: bool = False) -> Markup:
        source = self.corpus.sources[source_id]
        text = self.short.get(source_id, source.briefing.title) if short else source.briefing.title
        return Markup("<bdi{0}>{1}</bdi>").format(self.lang_attrs(source.briefing.language, text), text)

    def cite(self, source_id: str, numbers) -> Markup:
        """A citation as a footnote: the full title and date at the source's first note in this
        document, its short title after; the same citation twice in a row is one note."""
        numbers = tuple(sorted(set(numbers)))
        key = ("cite", source_id, numbers)
        if key == self._last:
            return self._note(key, Markup(""))
        if source_id in self._cited:
            body = Markup("{0}, {1}").format(self.title(source_id, short=True), self.paragraphs(source_id, numbers))
        else:
            self._cited.add(source_id)
            body = Markup("{0}, {1}, {2}").format(self.title(source_id), format_date(self.corpus.date_of(source_id)),
                                                  self.paragraphs(source_id, numbers))
        return self._note(key, body)

    def basis(self, text: str, fresh: bool = False) -> Markup:
        """The reasoning behind an inferred value as a note; the same reasoning later in the document
        points back to its note by number (unless `fresh`: where the reasoning belongs, a source's own date)."""
        text = re.sub(r"\s+", " ", text or "").strip()
        key = ("basis", text)
        if key == self._last:
            return self._note(key, Markup(""))
        if text in self._bases and not fresh:
            return Markup('<span class="seenote">, see <a href="#fn-{0}">note\u00a0{0}</a></span>').format(
                self._bases[text])
        note = self._note(key, Markup("Inferred: {0}").format(text))
        self._bases[text] = self.count
        return note

    def inferred(self, basis: str | None, fresh: bool = False) -> Markup:
        """' (inferred)' with its reasoning in a note: the mark once, where the value stands."""
        return Markup('<span class="inferred">(inferred{0})</span>').format(
            self.basis(basis or "no reason given", fresh))
