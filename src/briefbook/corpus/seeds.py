"""Find a briefing's seed in seeds/ and read its numbered paragraphs, checked as strictly as YAML.

A seed is published as it is (source page, search index, corpus.json), so it is read only
when it is a regular file inside the project, of a bounded size, UTF-8, and free of the
characters the YAML loader refuses (controls, terminal escapes, bidirectional overrides and
isolates, invisible line separators). Each problem names the seed's line and column.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from ..project import UnsafeInput, check_input, read_input
from .loading import Located, bad_characters, character_name, decode_utf8
from .paragraphs import DEFAULT_RULE, Paragraph, paragraph_line, split_paragraphs

# Limits no real document reaches (a long transcript is about 200 KB, 2,000 lines, 700
# paragraphs), measured where briefbook's cost grows: a 2 MB seed builds its site in about
# 20 s and its PDF book in about 8 minutes; 20,000 paragraphs took 21 s in Python-Markdown
# and 600,000 ran for over 10 minutes; 600,000 lines in one paragraph took 55 s.
MAX_SEED_BYTES = 2 * 1024 * 1024
MAX_PARAGRAPHS = 10_000
MAX_LINES = 50_000

# A form feed is the page break of text taken from a PDF (pdftotext): whitespace, not an error.
_ALLOWED_IN_SEEDS = "\f"
_SPLIT = "split the document into parts, one seed each"


class SeedError(OSError):
    """A seed that cannot be used, with every problem found (an OSError: the seed cannot be read)."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].message if problems else "the seed cannot be read")
        self.problems = problems


@dataclass(frozen=True)
class SeedText:
    paragraphs: tuple[Paragraph, ...]
    warnings: tuple[Problem, ...] = ()  # a byte-order mark removed
    text: str = ""  # the whole checked text (what `briefbook new` reads the layout from)


def seed_display(seed_path: Path) -> str:
    return f"{seed_path.parent.name}/{seed_path.name}"


def find_seed(seeds: Path, name: object, located: Located) -> tuple[Path | None, Problem | None]:
    """The seed file a briefing names (a plain file name inside seeds/), or why not."""
    if not isinstance(name, str):
        return None, None  # already reported by validation
    if "/" in name or "\\" in name or name.startswith(".") or name != Path(name).name or "\0" in name:
        return None, located.problem(("seed",), "bad-seed-path",
                                     f"seed must be a file name inside seeds/, not a path: {name!r}")
    try:
        check_input(seeds, seeds.parent, folder=True)
    except UnsafeInput as err:
        if err.code != "unreadable":  # seeds/ itself is a link: one problem, not one per seed
            return None, Problem(seeds.name, 0, 0, err.code, err.message)
    path = seeds / name
    if not os.path.lexists(path):
        known = sorted(p.name for p in seeds.glob("*") if not p.is_symlink() and p.is_file()) \
            if seeds.is_dir() and not seeds.is_symlink() else []
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return None, located.problem(("seed",), "missing-seed", f"no file {name!r} in seeds/{hint}")
    try:
        check_input(path, seeds.parent)
    except UnsafeInput as err:
        return None, Problem(seed_display(path), 0, 0, err.code, err.message)
    return path, None


def seed_text(raw: bytes, display: str, rule: str = DEFAULT_RULE) -> tuple[str | None, list[Problem]]:
    """A seed's bytes as checked text, or None and every problem (pure: the fuzz tests call it)."""
    warnings: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        while raw.startswith(b"\xef\xbb\xbf"):  # files joined together can carry several
            raw = raw[3:]
        warnings.append(Problem(display, 1, 1, "byte-order-mark", "the file starts with a byte-order mark "
                                "(U+FEFF); it was removed from the text (save the file as UTF-8 without BOM)",
                                "warning"))
    text, problems = decode_utf8(raw, display)
    if text is None:
        return None, problems
    problems = bad_characters(text, display, _seed_character_message, allowed=_ALLOWED_IN_SEEDS)
    problems += _size_problems(text, display, rule)
    if problems:
        return None, problems
    return text, warnings


def _seed_character_message(ch: str) -> str:
    return (f"character {character_name(ch)} is not allowed in a seed: it is invisible or changes how "
            "the text around it reads; remove it from the copy in seeds/ and say so in the briefing's notes")


def _size_problems(text: str, display: str, rule: str) -> list[Problem]:
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if lines > MAX_LINES:
        return [Problem(display, MAX_LINES + 1, 1, "too-many-lines",
                        f"a seed may have at most {MAX_LINES:,} lines: {_SPLIT}")]
    paragraphs = split_paragraphs(text, rule)
    if len(paragraphs) > MAX_PARAGRAPHS:
        line = paragraph_line(text, MAX_PARAGRAPHS + 1, rule) or 1
        return [Problem(display, line, 1, "too-many-paragraphs",
                        f"a seed may have at most {MAX_PARAGRAPHS:,} paragraphs: {_SPLIT}")]
    return []


def read_seed(seed_path: Path, cache: dict | None = None, rule: str = DEFAULT_RULE) -> SeedText:
    """A seed's numbered paragraphs (by the briefing's paragraph rule) and warnings; with a cache (the
    preview), read again only when the file or the rule changed. Raises SeedError with every problem
    when the seed cannot be used."""
    if cache is None:
        return _read_uncached(seed_path, rule)
    try:
        info = os.lstat(seed_path)
        version = (info.st_mtime_ns, info.st_size, info.st_mode)
    except OSError:
        return _read_uncached(seed_path, rule)
    key = ("seed", str(seed_path), rule)
    cached = cache.get(key)
    if cached is None or cached[0] != version:
        try:
            cached = (version, _read_uncached(seed_path, rule))
        except SeedError as err:
            cached = (version, err)
        cache[key] = cached
    if isinstance(cached[1], SeedError):
        raise cached[1]
    return cached[1]


def _read_uncached(seed_path: Path, rule: str) -> SeedText:
    display = seed_display(seed_path)
    try:
        raw = read_input(seed_path, seed_path.parent.parent, limit=MAX_SEED_BYTES, what="a seed")
    except UnsafeInput as err:
        message = f"{err.message}: {_SPLIT}" if err.code == "file-too-large" else err.message
        line = 1 if err.code == "file-too-large" else 0
        raise SeedError([Problem(display, line, line, err.code, message)]) from None
    text, problems = seed_text(raw, display, rule)
    if text is None:
        raise SeedError(problems)
    return SeedText(split_paragraphs(text, rule), tuple(problems), text)


def read_paragraphs(seed_path: Path, cache: dict | None = None, rule: str = DEFAULT_RULE) -> tuple[Paragraph, ...]:
    """A seed's numbered paragraphs by the rule, checked as read_seed checks them.

    Raises SeedError (an OSError) when the seed cannot be used.
    """
    return read_seed(seed_path, cache, rule).paragraphs
