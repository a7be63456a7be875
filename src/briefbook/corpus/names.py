"""Find registered names in text: leftmost-longest, indexed by first word, fast at any registry size."""

from __future__ import annotations

import re
from collections import defaultdict

_WORD = re.compile(r"\w+")


class NameIndex:
    """Names → ids. A name of several words matches in any case ('Afghan Government' finds
    'Afghan government'); a single word or acronym only as written ('US' is not 'us').
    At each word the longest name wins, so 'Kabul Process' is not read as 'Kabul'.
    """

    def __init__(self, names: dict[str, str] | None = None):
        # first word (casefolded) → name length → (form, any_case) → target; and the lengths, longest first.
        # Each distinct length is tried once with a dict lookup, however many names share a first
        # word (a registry's event titles often do: "Meeting of ...", "Conference on ...").
        self._by_first: dict[str, dict[int, dict[tuple[str, bool], str]]] = defaultdict(dict)
        self._lengths: dict[str, list[int]] = {}
        for name, target in (names or {}).items():
            self.add(name, target)

    def add(self, name: str, target: str, any_case: bool | None = None) -> None:
        first = _WORD.match(name)
        if not first:  # a name must start with a letter or digit to be found in text
            return
        if any_case is None:
            any_case = " " in name.strip()
        key = first.group(0).casefold()
        forms = self._by_first[key].setdefault(len(name), {})
        forms.setdefault((name.casefold() if any_case else name, any_case), target)
        self._lengths[key] = sorted(self._by_first[key], reverse=True)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def finditer(self, text: str):
        """(start, end, target) for every name found, without overlaps."""
        end_of_last = 0
        size = len(text)
        for word in _WORD.finditer(text):
            start = word.start()
            if start < end_of_last or (start and text[start - 1].isalnum()):
                continue
            first = word.group(0).casefold()
            lengths = self._lengths.get(first)
            if not lengths:
                continue
            by_length = self._by_first[first]
            for length in lengths:
                end = start + length
                if end > size or (end < size and (text[end].isalnum() or text[end] == "_")):
                    continue
                piece = text[start:end]
                forms = by_length[length]
                target = forms.get((piece, False))
                if target is None:
                    target = forms.get((piece.casefold(), True))
                if target is None:
                    continue
                yield start, end, target
                end_of_last = end
                break
