"""Find registered names in text: leftmost-longest, indexed by first word, fast at any registry size."""

from __future__ import annotations

import re
from collections import defaultdict

from .inflection import cyrillic_name_word, is_cyrillic, same_name

_WORD = re.compile(r"\w+")
# Han and kana are written without spaces between words: there each character is a token of its own and
# a name may begin or end at any of them (拉夫罗夫 inside 外交部长拉夫罗夫表示); other scripts keep whole words.
_UNSPACED = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W{_UNSPACED}]+")
_IS_UNSPACED = re.compile(rf"[{_UNSPACED}]")


def _joined(text: str, at: int) -> bool:
    """Whether position `at` lies inside a word (a name may not start or end there)."""
    before, after = text[at - 1], text[at]
    if not (after.isalnum() or after == "_") or not before.isalnum():
        return False
    return not (_IS_UNSPACED.match(before) or _IS_UNSPACED.match(after))


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
        first = _TOKEN.match(name)
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
        for word in _TOKEN.finditer(text):
            start = word.start()
            if start < end_of_last or (start and text[start - 1].isalnum() and _joined(text, start)):
                continue
            first = word.group(0).casefold()
            lengths = self._lengths.get(first)
            if not lengths:
                continue
            by_length = self._by_first[first]
            for length in lengths:
                end = start + length
                if end > size or (end < size and (text[end].isalnum() or text[end] == "_") and _joined(text, end)):
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


# ---------------------------------------------------------------- whole names
# A mention is a whole name: "Ghani" inside "Mullah Abdul Ghani Baradar" is part of another
# person's name, not a mention of Ashraf Ghani. A name word is a word that starts with a capital
# letter (scripts without case have none, so there a match always stands); titles and the small
# words that start sentences are not name words, so "President Ashraf Ghani" still names Ghani.
# Russian words are name words only when the dictionary reads them as proper nouns (or does not know
# them), and two of them make one name only when they can stand in one case (inflection.py).
# Other languages add their titles here.
TITLE_WORDS = frozenset("""
    president vice prime minister ministers foreign deputy acting designate chairman chairwoman chair
    chief executive secretary general secretary-general ambassador envoy special representative
    spokesman spokeswoman spokesperson head director commander mullah mawlawi maulvi sheikh king queen
    prince emir amir dr mr mrs ms sir senator governor mayor colonel captain judge justice imam haji
    hajji ustad marshal affairs delegate delegation
    the a an on in at as by for from to with and but although however under upon while let we it he
    she they this that these those our their his her its all no
""".split())

_WORD_BEFORE = re.compile(r"(\w[\w’'-]*)\s+\Z")
_WORD_AFTER = re.compile(r"\s+(\w[\w’'-]*)")


def _first_word(text: str, at: int) -> str:
    found = _WORD.match(text, at)
    return found.group(0) if found else ""


def _last_word(text: str, end: int) -> str:
    found = re.search(r"(\w+)\Z", text[max(0, end - 80):end])
    return found.group(1) if found else ""


def _is_name_word(word: str) -> bool:
    if not word[:1].isupper():
        return False
    if all(part.casefold() in TITLE_WORDS for part in word.split("-") if part):
        return False
    return cyrillic_name_word(word) if is_cyrillic(word) else True


def whole_names(text: str, matches: list[tuple[int, int, str]],
                not_names: list[tuple[int, int]] = ()) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The matches that are whole names, and for each that is not, the longer run of name words it is part of.

    A word next to a match (nothing but white space between) extends it when it is a name word not
    covered by another match or by `not_names` (the registry's not_actors: "Special Representative").
    Returns (accepted, runs): a run is (start, end, target of the registered name inside it).
    """
    covered = [(s, e) for s, e, _ in matches] + list(not_names)

    def free(start: int, end: int) -> bool:
        return not any(s < end and start < e for s, e in covered)

    def extend(start: int, end: int) -> tuple[int, int]:
        while (found := _WORD_BEFORE.search(text, max(0, start - 120), start)) \
                and _is_name_word(found.group(1)) and free(found.start(1), found.end(1)) \
                and same_name(found.group(1), _first_word(text, start)):
            start = found.start(1)
        while (found := _WORD_AFTER.match(text, end)) \
                and _is_name_word(found.group(1)) and free(found.start(1), found.end(1)) \
                and same_name(_last_word(text, end), found.group(1)):
            end = found.end(1)
        return start, end

    accepted, runs = [], []
    for start, end, target in matches:
        run_start, run_end = extend(start, end)
        if (run_start, run_end) == (start, end):
            accepted.append((start, end, target))
        else:
            runs.append((run_start, run_end, target))
    return accepted, runs
