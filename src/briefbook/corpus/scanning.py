"""Find the registered names in source text: which actors each paragraph names, and where known names are."""

from __future__ import annotations

import re
from typing import Iterable

from .inflection import forms
from .names import NameIndex, whole_names
from .paragraphs import Paragraph, normalise
from .registry import RegistryIndex

_WORD = re.compile(r"\w+")


def name_form(name: str) -> str:
    """How a name is compared with the text: a name of several words in any case, a single word as written."""
    name = normalise(name)
    return name.casefold() if " " in name else name


class NameScanner:
    """Scans text for the registry's names; results are kept in `memo` while the registry is unchanged."""

    def __init__(self, index: RegistryIndex, memo: dict | None = None):
        self.index = index
        self.memo: dict = {} if memo is None else memo
        self._actors: NameIndex | None = None
        self._events: NameIndex | None = None
        self._not_actors: NameIndex | None = None
        self._registered_form: dict[str, str] = {}  # name_form of an inflected form → of its registered name

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
            # then each name's inflected and prefixed forms (Лаврова, ولافروف), found as that name;
            # a form that is itself a registered name keeps its own actor (added first)
            for actor_id, entry in self.index.actors.ids.items():
                for name in (entry.name, *entry.aliases):
                    plain = normalise(name)
                    for form in forms(plain):
                        names.add(form, actor_id, any_case=" " in plain)
                        self._registered_form.setdefault(name_form(form), name_form(plain))
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

    def names_used(self, paragraphs: Iterable[Paragraph], boiler: set[int]) -> dict[str, set[str]]:
        """Actor → the forms (`name_form`) of its registered names that occur in the text, boilerplate left out.

        A name of several words inside a longer name counts as used ("Islamic Republic of
        Afghanistan" in "Office of the President of the Islamic Republic of Afghanistan",
        "Kabul Process" in "Kabul Process for Peace and Security Cooperation"); a single word
        inside a longer name does not (the "Ghani" of another Ghani).
        """
        used: dict[str, set[str]] = {}
        for p in paragraphs:
            if p.number in boiler:
                continue
            key = ("forms", p.text)
            if key not in self.memo:
                self.memo[key] = frozenset(self._forms(normalise(p.text)))
            for actor_id, form in self.memo[key]:
                used.setdefault(actor_id, set()).add(form)
        return used

    def _forms(self, text: str) -> Iterable[tuple[str, str]]:
        names = self._actor_names()
        for start, end, target in names.finditer(text):
            found = name_form(text[start:end])
            yield target, self._registered_form.get(found, found)
            inner = text[start:end]
            bounds = [(w.start(), w.end()) for w in _WORD.finditer(inner)]
            # every run of two or more whole words inside the match that is itself a registered name
            for i, (first, _) in enumerate(bounds):
                for j in range(i + 1, len(bounds)):
                    if i == 0 and j == len(bounds) - 1:
                        continue  # the match itself
                    piece = inner[first:bounds[j][1]]
                    found = next(iter(names.finditer(piece)), None)
                    if found and found[0] == 0 and found[1] == len(piece):
                        yield found[2], self._registered_form.get(name_form(piece), name_form(piece))
