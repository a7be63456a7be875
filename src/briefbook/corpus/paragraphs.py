"""Split a source text into numbered paragraphs, deterministically, by the seed's paragraph rule.

The rules (a briefing's `paragraphs:` field; blank-lines when it has none):
- blank-lines: a paragraph is a run of non-blank lines, shown with its line breaks;
- hard-wrapped: the same paragraphs, shown reflowed (a text wrapped at ~72 columns reads as prose);
- lines: every non-blank line is a paragraph (a web page's caption, "Read more" link, lead and quote);
- numbered: a paragraph also starts at a line that begins with an item number, (1) 1. 1) (a) a) (iv),
  so items one per line are one paragraph each (an item's wrapped lines shown reflowed); the other
  lines split at blank lines.
Quotes and pins compare normalised text (single spaces), so reflowing changes nothing they check.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

Rule = Literal["blank-lines", "hard-wrapped", "lines", "numbered"]
RULES: tuple[str, ...] = ("blank-lines", "hard-wrapped", "lines", "numbered")
DEFAULT_RULE = "blank-lines"

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_SPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")
ITEM_START = re.compile(r"^[ \t]*(?:\(\d{1,3}\)|\d{1,3}[.)]|\([a-z]\)|[a-z]\)|\((?:i|ii|iii|iv|v|vi|vii|viii|ix|x)\))[ \t]+\S")


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str  # as in the source, line breaks kept, outer whitespace stripped
    reflow: bool = False  # shown with its lines joined (the hard-wrapped rule)

    @property
    def shown(self) -> str:
        """The text as pages and print show it: reflowed into one line, or with its line breaks."""
        return " ".join(line.strip() for line in self.text.split("\n") if line.strip()) if self.reflow else self.text


def split_paragraphs(text: str, rule: str = DEFAULT_RULE) -> tuple[Paragraph, ...]:
    """The paragraphs by the rule (see the module); numbered from 1 in file order.

    Everything counts, scraped menus included: the numbering must not change
    when an analyst marks a paragraph as boilerplate.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [text[s:e].strip() for s, e in paragraph_spans(text, rule)]
    # a numbered item's lines are one sentence wrapped; the lines of other blocks are kept
    return tuple(Paragraph(i, block, rule == "hard-wrapped" or (rule == "numbered" and bool(ITEM_START.match(block))))
                 for i, block in enumerate(blocks, start=1))


def paragraph_spans(text: str, rule: str = DEFAULT_RULE) -> list[tuple[int, int]]:
    """(start, end) in the (newline-normalised) text of each paragraph the rule makes, blank ones left out."""
    spans, start = [], 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        spans += _block_spans(text, start, end, rule)
        if match:
            start = match.end()
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _block_spans(text: str, start: int, end: int, rule: str) -> list[tuple[int, int]]:
    """A blank-line block cut into paragraphs: whole, line by line, or at each numbered item."""
    if rule not in ("lines", "numbered"):
        return [(start, end)]
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        if rule == "lines" or not spans or ITEM_START.match(line.group(0)):
            spans.append((line.start(), line.end()))
        else:
            spans[-1] = (spans[-1][0], line.end())
    return spans


def normalise(text: str) -> str:
    """What a quote is compared on: NFC Unicode and single spaces, nothing more."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def paragraph_line(text: str, number: int, rule: str = DEFAULT_RULE) -> int | None:
    """The line on which paragraph `number` (as split_paragraphs numbers them) starts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    spans = paragraph_spans(text, rule)
    if not 1 <= number <= len(spans):
        return None
    start, end = spans[number - 1]
    block = text[start:end]
    return text.count("\n", 0, start + len(block) - len(block.lstrip())) + 1
