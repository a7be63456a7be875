"""Editions: each published build is numbered and dated, and keeps the corpus of the edition before it.

The site holds its edition's corpus (`corpus.json`, with an `edition` block) and the one before
(`editions/previous.json`), so the next build, reading both from the folder it replaces, can say what
changed. A build whose corpus is the same as the site's edition is that edition again (same number and
date, compared with the same previous one); any change makes the next number. An as-of view is not an
edition: it carries the site's edition files over untouched (`editions/latest.json` when corpus.json
is the view's).

Everything read here is untrusted (a site folder may be anybody's): a file that is not a regular file,
too large, or not a briefbook corpus is a warning, and the build goes on as a first edition.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..project import UnsafeInput, read_input

PREVIOUS = "editions/previous.json"
LATEST = "editions/latest.json"  # only beside an as-of view: the edition its corpus.json replaced
LIMIT = 1 << 30  # a corpus of 10,000 documents is about 100 MB


@dataclass(frozen=True)
class Edition:
    number: int | None  # None: a corpus from a briefbook that did not number its builds
    date: str  # ISO day the edition was built
    cutoff: str | None  # ISO day of the latest source's last possible day, None without dated sources
    content: str  # sha256 of the corpus without its edition block: equal content, same edition

    def as_dict(self) -> dict[str, Any]:
        return {"number": self.number, "date": self.date, "cutoff": self.cutoff, "content": self.content}


@dataclass(frozen=True)
class Kept:
    """What a site folder holds of its editions: its latest edition's corpus and the one before, with
    the text each was read from (written back as it was, not serialised again)."""
    latest: dict | None = None
    previous: dict | None = None
    texts: dict = field(default_factory=dict, compare=False, repr=False)  # id(corpus) → its text

    def text_of(self, corpus: dict) -> str:
        return self.texts.get(id(corpus)) or _json(corpus)


@dataclass(frozen=True)
class Plan:
    """This build's edition and the edition it is compared with (None: the first)."""
    edition: Edition
    previous: dict | None
    previous_edition: Edition | None


def today() -> date:
    """The build's day: SOURCE_DATE_EPOCH when set (reproducible builds), else today in UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return datetime.fromtimestamp(time.time(), tz=timezone.utc).date()


def content_hash(corpus: dict) -> str:
    """The corpus without its edition block, hashed in the order export writes it (read back, JSON keeps
    that order), so equal corpora hash equal without sorting a 10,000-document corpus's keys."""
    body = {k: v for k, v in corpus.items() if k not in {"edition", "as_of"}}
    return hashlib.sha256(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def edition_of(corpus: dict | None, *, hashed: bool = True) -> Edition | None:
    """The edition block of a corpus read back (checked field by field), or an unnumbered one; its content
    hashed only when it is compared (`hashed`: the site's latest edition, not the one before it)."""
    if corpus is None:
        return None
    block = corpus.get("edition")
    block = block if isinstance(block, dict) else {}
    number = block.get("number")
    day = block.get("date")
    cutoff = block.get("cutoff")
    return Edition(number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None,
                   day if _iso_day(day) else "", cutoff if _iso_day(cutoff) else None,
                   content_hash(corpus) if hashed else "")


def _iso_day(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def read_corpus(path: Path, boundary: Path, shown: str, texts: dict | None = None) -> tuple[dict | None, list[Problem]]:
    """A corpus.json written by briefbook, or None with a warning saying why it is not used (its text
    into `texts`, by the id of the corpus read from it)."""
    def warn(message: str, line: int = 0, column: int = 0) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, line, column, "previous-edition",
                              f"{message}; this build is compared with no earlier edition", "warning")]
    try:
        data = read_input(path, boundary, limit=LIMIT, what="a corpus")
    except UnsafeInput as err:
        return warn(f"{err.code}: {err.message}")
    try:
        corpus = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        return warn("not UTF-8 text")
    except json.JSONDecodeError as err:
        return warn(f"not JSON ({err.msg})", err.lineno, err.colno)
    except RecursionError:
        return warn("nested too deeply to be a corpus")
    if not isinstance(corpus, dict) or corpus.get("format") != "briefbook-corpus":
        return warn("not a briefbook corpus (its \"format\" is not \"briefbook-corpus\")")
    for key in ("actors", "events", "sources"):
        if not isinstance(corpus.get(key), dict):
            return warn(f"not a briefbook corpus (no {key!r} mapping)")
    if texts is not None:
        texts[id(corpus)] = data.decode("utf-8")
    return corpus, []


def read_kept(site_dir: Path, previous_file: Path | None = None,
              shown=lambda p: str(p)) -> tuple[Kept, list[Problem]]:
    """What the site folder about to be replaced holds of its editions (or `--previous FILE`)."""
    problems: list[Problem] = []
    texts: dict = {}

    def load(path: Path, boundary: Path) -> dict | None:
        if not path.exists() and not path.is_symlink():
            return None
        corpus, found = read_corpus(path, boundary, shown(path), texts)
        problems.extend(found)
        return corpus

    if previous_file is not None:
        corpus = load(previous_file, previous_file.parent)
        if corpus is None and not problems:
            problems.append(Problem(shown(previous_file), 0, 0, "previous-edition", "no such file; this build "
                                    "is compared with no earlier edition", "warning"))
        return Kept(latest=corpus, texts=texts), problems
    if not site_dir.is_dir():
        return Kept(), problems
    current = load(site_dir / "corpus.json", site_dir)
    if current is not None and current.get("as_of") is not None:  # an as-of view stands in for the edition
        current = load(site_dir / LATEST, site_dir)
    return Kept(latest=current, previous=load(site_dir / PREVIOUS, site_dir), texts=texts), problems


def plan(current: dict, kept: Kept, day: date, cutoff: str | None, *, as_of: bool = False) -> Plan:
    """This build's edition: the site's own again when nothing changed, else the next number."""
    content = content_hash(current)
    if as_of:  # a view of the past: numbered as nothing, compared with nothing
        return Plan(Edition(None, day.isoformat(), cutoff, content), None, None)
    latest = edition_of(kept.latest)
    if latest is not None and latest.content == content:
        previous = kept.previous
        return Plan(Edition(latest.number or 1, latest.date or day.isoformat(), cutoff, content),
                    previous, edition_of(previous, hashed=False))
    number = (latest.number or 0) + 1 if latest is not None else 1
    return Plan(Edition(number, day.isoformat(), cutoff, content), kept.latest, latest)


def files(plan_: Plan, kept: Kept, as_of: bool) -> dict[str, str]:
    """The edition files the new site keeps beside its corpus.json (site-relative path → JSON)."""
    out: dict[str, str] = {}
    if as_of:
        if kept.latest is not None:
            out[LATEST] = kept.text_of(kept.latest)
        if kept.previous is not None:
            out[PREVIOUS] = kept.text_of(kept.previous)
    elif plan_.previous is not None:
        out[PREVIOUS] = kept.text_of(plan_.previous)
    return out


def _json(corpus: dict) -> str:
    return json.dumps(corpus, ensure_ascii=False, indent=1) + "\n"


def cutoff_of(corpus) -> str | None:
    """The information cut-off: the last day the latest dated source can mean (ISO), None without one."""
    days = [s.date.bounds()[1] for s in corpus.sources.values() if s.date is not None and not s.date.yearless]
    return max(days).isoformat() if days else None
