"""Find a briefing's seed in seeds/ and read its numbered paragraphs."""

from __future__ import annotations

import difflib
from pathlib import Path

from ..problems import Problem
from .loading import Located
from .paragraphs import Paragraph, split_paragraphs


def find_seed(seeds: Path, name: object, located: Located) -> tuple[Path | None, Problem | None]:
    """The seed file a briefing names (a plain file name inside seeds/), or why not."""
    if not isinstance(name, str):
        return None, None  # already reported by validation
    if "/" in name or "\\" in name or name.startswith(".") or name != Path(name).name:
        return None, located.problem(("seed",), "bad-seed-path",
                                     f"seed must be a file name inside seeds/, not a path: {name!r}")
    path = seeds / name
    if not path.is_file():
        known = sorted(p.name for p in seeds.glob("*") if p.is_file())
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return None, located.problem(("seed",), "missing-seed", f"no file {name!r} in seeds/{hint}")
    return path, None


def read_paragraphs(seed_path: Path, cache: dict | None = None) -> tuple[Paragraph, ...]:
    """A seed's numbered paragraphs; with a cache (the preview), split again only when the file changed.

    Raises OSError or UnicodeDecodeError when the file cannot be read as UTF-8.
    """
    if cache is None:
        return split_paragraphs(seed_path.read_text(encoding="utf-8"))
    stat = seed_path.stat()
    key = ("seed", str(seed_path))
    cached = cache.get(key)
    if cached is None or cached[0] != (stat.st_mtime_ns, stat.st_size):
        cached = ((stat.st_mtime_ns, stat.st_size), split_paragraphs(seed_path.read_text(encoding="utf-8")))
        cache[key] = cached
    return cached[1]
