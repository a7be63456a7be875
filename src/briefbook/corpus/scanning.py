"""Find the registered names in source text: which actors each paragraph names, and where known names are."""

from __future__ import annotations

from typing import Iterable

from .names import NameIndex, whole_names
from .paragraphs import Paragraph, normalise
from .registry import RegistryIndex


class NameScanner:
    """Scans text for the registry's names; results are kept in `memo` while the registry is unchanged."""

    def __init__(self, index: RegistryIndex, memo: dict | None = None):
        self.index = index
        self.memo: dict = {} if memo is None else memo
        self._actors: NameIndex | None = None
        self._events: NameIndex | None = None
        self._not_actors: NameIndex | None = None

    @property
    def not_actors(self) -> set[str]:
        return self.index.not_actors

    def _actor_names(self) -> NameIndex:
        if self._actors is None:
            names = NameIndex()
            for actor_id, entry in self.index.actors.ids.items():
                for name in (entry.name, *entry.aliases, entry.abbreviation):
                    if name:
                        names.add(normalise(name), actor_id)
            self._actors = names
        return self._actors

    def _event_names(self) -> NameIndex:
        if self._events is None:
            names = NameIndex()
            for event_id, entry in self.index.events.ids.items():
                for name in (entry.title, *entry.aliases):
                    # event titles match in any case, even single words
                    names.add(normalise(name), event_id, any_case=True)
            self._events = names
        return self._events

    def _not_actor_names(self) -> NameIndex:
        if self._not_actors is None:
            names = NameIndex()
            for name in self.index.not_actors:  # casefolded already: found in any case
                names.add(name, name, any_case=True)
            self._not_actors = names
        return self._not_actors

    def actor_names_in(self, text: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
        """The whole registered actor names in (normalised) text, and the longer runs of name words
        that registered names were found inside (`Abdul Ghani Baradar` holding `Ghani`): not mentions."""
        key = ("whole", text)
        if key not in self.memo:
            matches = list(self._actor_names().finditer(text))
            if matches:
                # event titles name actors ("First meeting of the Kabul Process"), so their words, like
                # those of not_actors ("Special Representative"), never make an actor's name longer
                not_names = [(s, e) for s, e, _ in self._event_names().finditer(text)]
                not_names += [(s, e) for s, e, _ in self._not_actor_names().finditer(text)]
            self.memo[key] = whole_names(text, matches, not_names if matches else [])
        return self.memo[key]

    def actors_by_paragraph(self, paragraphs: Iterable[Paragraph], boiler: set[int]) -> dict[int, set[str]]:
        """Paragraph number → the actors its text names (boilerplate paragraphs left out)."""
        found = {}
        for p in paragraphs:
            if p.number in boiler:
                continue
            key = ("actors", p.text)
            if key not in self.memo:
                self.memo[key] = {target for _, _, target in self.actor_names_in(normalise(p.text))[0]}
            found[p.number] = self.memo[key]
        return found

    def known_name_spans(self, text: str) -> list[tuple[int, int]]:
        """Where registered actor names, event titles and event aliases occur in (normalised) text."""
        key = ("spans", text)
        if key not in self.memo:
            spans = [(s, e) for s, e, _ in self.actor_names_in(text)[0]]
            self.memo[key] = spans + [(s, e) for s, e, _ in self._event_names().finditer(text)]
        return self.memo[key]
