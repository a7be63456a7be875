"""The source's passage nearest to a quote that is not in it, and how the two differ.

A quote copied by hand differs from its source in ways the eye misses: curly for straight
quotation marks, a hyphen for a dash, a word added or dropped. The analyst is shown the
source's words and the difference, so the fix is a copy, not a search.
"""

from __future__ import annotations

import difflib
import re

from .paragraphs import Paragraph, normalise

# Characters that look alike in a quote typed by hand: folded before comparing
_FOLD = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                       "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "…": "..."})
_MARKS = re.compile(r"^[\"'()\[\]]+|[\"'()\[\].,;:!?]+$")
MIN_RATIO = 0.75  # below this the passage is another sentence, not a miscopy of this one
MAX_WORDS = 200  # a quote longer than this is not searched (a window per word would cost too much)


def _words(text: str) -> list[str]:
    return normalise(text).split()


def _key(word: str) -> str:
    return _MARKS.sub("", word.translate(_FOLD)).casefold()


def nearest(quote: str, paragraphs: tuple[Paragraph, ...], numbers: tuple[int, ...]) -> tuple[int, str, float] | None:
    """(paragraph number, its passage, similarity) nearest to the quote among the paragraphs, or None."""
    wanted = [_key(w) for w in _words(quote)]
    wanted = [w for w in wanted if w]
    if not wanted or len(wanted) > MAX_WORDS:
        return None
    best, best_score = None, -1.0
    for n in numbers:
        words = _words(paragraphs[n - 1].text)
        keys = [_key(w) for w in words]
        for size in sorted({max(1, len(wanted) + d) for d in (0, -1, 1, -2, 2)}):
            for start in range(0, max(1, len(words) - size + 1)):
                window = keys[start:start + size]
                matched = sum(b.size for b in difflib.SequenceMatcher(
                    None, wanted, window, autojunk=False).get_matching_blocks())
                # most words in common; of windows as good, the one as long as the quote
                score = matched - 0.01 * abs(len(window) - len(wanted))
                if score > best_score:
                    best_score, best = score, (n, start, size)
    if best is None:
        return None
    n = best[0]
    all_words = _words(paragraphs[n - 1].text)
    start, end = _fit(wanted, [_key(w) for w in all_words], best[1], best[2])
    words = all_words[start:end]
    matched = sum(b.size for b in difflib.SequenceMatcher(None, wanted, [_key(w) for w in words],
                                                          autojunk=False).get_matching_blocks())
    ratio = 2 * matched / (len(wanted) + len(words))
    return (n, " ".join(words), ratio) if ratio >= MIN_RATIO else None


def _fit(wanted: list[str], keys: list[str], start: int, size: int) -> tuple[int, int]:
    """The window's edges moved to the quote's: words the quote does not share trimmed off, and as many
    words taken in as the quote has unshared at that end (`a deal` where the source says `peace`)."""
    blocks = [b for b in difflib.SequenceMatcher(None, wanted, keys[start:start + size],
                                                 autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return start, start + size
    first, last = blocks[0], blocks[-1]
    lo = max(0, start + first.b - first.a)
    hi = min(len(keys), start + last.b + last.size + (len(wanted) - last.a - last.size))
    return lo, hi


def _folded(text: str) -> str:
    return normalise(text).translate(_FOLD).strip("\"' ")


def difference(quote: str, passage: str) -> str:
    """How the quote differs from the passage, in words: marks only, or which words."""
    if [_key(w) for w in _words(quote)] == [_key(w) for w in _words(passage)]:
        if _folded(quote) == _folded(passage):
            return "only the quotation marks or dashes differ (“ ” is not \", – is not -): copy them from the source"
        return "only the punctuation or the case differs"
    got, source = _words(quote), _words(passage)
    changes = []
    matcher = difflib.SequenceMatcher(None, [_key(w) for w in got], [_key(w) for w in source], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "replace":
            changes.append(f"{' '.join(got[a1:a2])!r} for the source's {' '.join(source[b1:b2])!r}")
        elif op == "delete":
            changes.append(f"{' '.join(got[a1:a2])!r} added")
        elif op == "insert":
            changes.append(f"the source's {' '.join(source[b1:b2])!r} left out")
    return "; ".join(changes[:3]) + ("; …" if len(changes) > 3 else "")
