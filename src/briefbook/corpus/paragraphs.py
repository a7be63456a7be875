"""Split a source text into numbered paragraphs, deterministically."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str  # as in the source, line breaks kept, outer whitespace stripped


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Paragraphs are runs of non-blank lines; numbered from 1 in file order.

    Everything counts, scraped menus included: the numbering must not change
    when an analyst marks a paragraph as boilerplate.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = (block.strip() for block in _BLANK_LINE.split(text))
    return tuple(Paragraph(i, block) for i, block in enumerate((b for b in blocks if b), start=1))


def normalise(text: str) -> str:
    """What a quote is compared on: NFC Unicode and single spaces, nothing more."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def paragraph_line(text: str, number: int) -> int | None:
    """The line on which paragraph `number` (as split_paragraphs numbers them) starts."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    count, start = 0, 0
    for match in [*_BLANK_LINE.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[start:end]
        if block.strip():
            count += 1
            if count == number:
                return text.count("\n", 0, start + len(block) - len(block.lstrip())) + 1
        if match:
            start = match.end()
    return None
