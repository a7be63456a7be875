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
        self._by_first: dict[str, list[tuple[int, str, str, bool]]] = defaultdict(list)
        for name, target in (names or {}).items():
            self.add(name, target)

    def add(self, name: str, target: str, any_case: bool | None = None) -> None:
        first = _WORD.match(name)
        if not first:  # a name must start with a letter or digit to be found in text
            return
        if any_case is None:
            any_case = " " in name.strip()
        entry = (len(name), name.casefold() if any_case else name, target, any_case)
        bucket = self._by_first[first.group(0).casefold()]
        if entry not in bucket:
            bucket.append(entry)
            bucket.sort(key=lambda e: -e[0])

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def finditer(self, text: str):
        """(start, end, target) for every name found, without overlaps."""
        end_of_last = 0
        for word in _WORD.finditer(text):
            start = word.start()
            if start < end_of_last or (start and text[start - 1].isalnum()):
                continue
            for length, form, target, any_case in self._by_first.get(word.group(0).casefold(), ()):
                piece = text[start:start + length]
                if (piece.casefold() if any_case else piece) != form:
                    continue
                end = start + length
                if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                    continue
                yield start, end, target
                end_of_last = end
                break
