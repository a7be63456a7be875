"""A draft briefing for a new seed: its paragraphs numbered, the registered actors it names, guesses marked."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..corpus import registry_scanner
from ..corpus.name_candidates import ACRONYM, CAPITALISED_RUN as CAPITALISED_NAME
from ..corpus.paragraphs import Paragraph, normalise
from ..corpus.scanning import NameScanner
from ..problems import BriefbookError
from ..project import Project
from .ids import slugify, yaml_quote

SCHEMA_LINE = "# yaml-language-server: $schema=schema/briefing.schema.json"
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
_DATES = [
    (re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?: of)? ({_MONTHS}),? (\d{{4}})\b"), "dmy"),
    (re.compile(rf"\b({_MONTHS}) (\d{{1,2}}),? (\d{{4}})\b"), "mdy"),
    (re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"), "iso"),
    (re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"), "dotted"),
    (re.compile(rf"\b({_MONTHS}) (\d{{4}})\b"), "my"),
    (re.compile(rf"\b({_MONTHS}) (\d{{1,2}})\b(?!,? \d{{4}})"), "md"),
]
_BOILERPLATE = re.compile(r"(?i)^(home\s*/|about admin|check also|read more|please enter your|"
                          r"share this|related posts|leave a (comment|reply)|subscribe)")
# "NUR-SULTAN –", "KABUL:", "KABUL, 3 March 2021 –" (a wire-style dateline with its date)
_DATELINE = re.compile(r"^\W*(?:date \S+ )?([A-Z][A-Z .'-]{2,30}[A-Z])\s*(?:,[^–—:\n]{1,40}?)?\s*[–—:-]")


def guess_title(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """A short line near the top that reads like a headline, or None."""
    for p in paragraphs[:8]:
        line = " ".join(p.text.split())
        words = line.split()
        if 3 <= len(words) <= 25 and not line.endswith(".") and not _BOILERPLATE.search(line) \
                and sum(c.isascii() for c in line) > 0.8 * len(line):
            return line
    return None

def find_dates(paragraphs: tuple[Paragraph, ...]) -> list[tuple[int, str, str]]:
    """(paragraph, text found, value at the precision the text gives) for every date-like phrase."""
    months = {m: i + 1 for i, m in enumerate(_MONTHS.split("|"))}
    found = []
    for p in paragraphs:
        text = " ".join(p.text.split())
        for pattern, kind in _DATES:
            for hit in pattern.finditer(text):
                g = hit.groups()
                try:
                    if kind == "dmy":
                        value = f"{int(g[2]):04d}-{months[g[1]]:02d}-{int(g[0]):02d}"
                    elif kind == "mdy":
                        value = f"{int(g[2]):04d}-{months[g[0]]:02d}-{int(g[1]):02d}"
                    elif kind == "iso":
                        value = f"{g[0]}-{g[1]}-{g[2]}"
                    elif kind == "dotted":
                        value = f"{g[2]}-{int(g[1]):02d}-{int(g[0]):02d}"
                    elif kind == "my":
                        value = f"{g[1]}-{months[g[0]]:02d}"
                    else:
                        value = f"????-{months[g[0]]:02d}-{int(g[1]):02d}"
                except (KeyError, ValueError):
                    continue
                found.append((p.number, hit.group(0), value))
    seen, unique = set(), []
    for item in found:
        if (item[0], item[1]) not in seen and not any(item[1] in other[1] and item[1] != other[1]
                                                      and item[0] == other[0] for other in found):
            seen.add((item[0], item[1]))
            unique.append(item)
    return unique

def new_draft(project: Project, seed: Path, doc_id: str | None = None) -> Path:
    """Write briefings/<id>.yaml as a draft for a seed; never overwrite an existing file."""
    seed = seed if seed.is_absolute() else (Path.cwd() / seed)
    text, paragraphs = _read_seed(project, seed)
    title = guess_title(paragraphs)
    existing = {p.stem for p in project.briefings.glob("*.yaml")}
    doc_id = doc_id or slugify(title or seed.stem, existing)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", doc_id):
        raise BriefbookError(f"--id {doc_id!r} is not a lowercase kebab-case id")
    target = project.briefings / f"{doc_id}.yaml"
    if target.exists():
        raise BriefbookError(f"{project.display(target)} exists already; briefbook never overwrites a briefing")
    boiler = [p.number for p in paragraphs if _BOILERPLATE.search(" ".join(p.text.split()))]
    registered, candidates = _names(paragraphs, set(boiler), registry_scanner(project))
    guesses = _Guesses(seed.name, paragraphs, title, boiler, registered, candidates, find_dates(paragraphs),
                       _dateline(paragraphs), "press-release" if re.search(r"(?i)press release", text)
                       else "news-report")
    project.briefings.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:  # "x": refuse to overwrite, even in a race
        fh.write(_draft_text(guesses))
    return target


def _read_seed(project: Project, seed: Path) -> tuple[str, tuple[Paragraph, ...]]:
    if not seed.is_file():
        raise BriefbookError(f"{seed}: no such seed file")
    if Path(os.path.abspath(seed)).parent not in (Path(os.path.abspath(project.seeds)), project.seeds.resolve()):
        raise BriefbookError(f"{seed}: copy the document into {project.display(project.seeds)}/ first; "
                             "a briefing names its seed by file name")
    from ..corpus.seeds import SeedError, read_seed
    try:  # checked as a build checks it: no link, UTF-8, no control or bidi characters, bounded
        paragraphs = read_seed(project.seeds / seed.name).paragraphs
    except SeedError as err:
        raise BriefbookError(f"{seed.name} cannot be drafted", err.problems) from None
    text = "\n\n".join(p.text for p in paragraphs)
    if not paragraphs:
        raise BriefbookError(f"{seed.name}: the file is empty")
    return text, paragraphs


def _names(paragraphs: tuple[Paragraph, ...], boiler: set[int],
           scanner: NameScanner) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """The registered actors the text names, and the names in it that match no registered one."""
    registered: dict[str, list[int]] = {}
    for number, ids in scanner.actors_by_paragraph(paragraphs, boiler).items():
        for actor_id in ids:
            registered.setdefault(actor_id, []).append(number)
    candidates: dict[str, list[int]] = {}
    for p in paragraphs:
        if p.number in boiler:
            continue
        flat = normalise(p.text)
        known = scanner.known_name_spans(flat)
        for hit in (*CAPITALISED_NAME.finditer(flat), *ACRONYM.finditer(flat)):
            if not any(s < hit.end() and hit.start() < e for s, e in known) \
                    and normalise(hit.group(0)).casefold() not in scanner.not_actors:
                candidates.setdefault(hit.group(0), []).append(p.number)
    return registered, candidates


def _dateline(paragraphs: tuple[Paragraph, ...]) -> str | None:
    for p in paragraphs[:6]:
        if m := _DATELINE.match(p.text):
            return m.group(1).strip().title()
    return None


@dataclass(frozen=True)
class _Guesses:
    """What the draft proposes, each guess marked as one in the file."""

    seed: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None
    boilerplate: list[int]
    registered: dict[str, list[int]]
    candidates: dict[str, list[int]]
    dates: list[tuple[int, str, str]]
    dateline: str | None
    kind: str


def _draft_text(g: _Guesses) -> str:
    return "\n".join(_draft_comments(g) + _draft_fields(g)) + "\n"


def _draft_comments(g: _Guesses) -> list[str]:
    """The draft's opening comments: how to finish it, the numbered paragraphs, dates and names found."""
    out = [SCHEMA_LINE,
           f"# Draft briefing of seeds/{g.seed}: see docs/guide/writing-a-briefing.md.",
           "# Replace every TODO, check every guess, then delete `draft: true` to publish.",
           "#", "# Paragraphs of the seed (cite them by number):"]
    for p in g.paragraphs:
        flat = " ".join(p.text.split())
        mark = "  [boilerplate?]" if p.number in g.boilerplate else ""
        out.append(f"#  ¶{p.number}: {flat[:110]}{'…' if len(flat) > 110 else ''}{mark}")
    if g.dates:
        out += ["#", "# Dates found in the text (¶, words, value at the precision they give):"]
        out += [f"#  ¶{n}: {words!r} → {value}" for n, words, value in g.dates]
    if g.candidates:
        out += ["#", "# Names that match no registered actor: register them (briefbook add-actor),",
                "# add them as aliases, or list them under not_actors in a registry file:"]
        out += [f"#  {name} (¶ {', '.join(map(str, sorted(set(nums))))})"
                for name, nums in sorted(g.candidates.items())]
    return out


def _draft_fields(g: _Guesses) -> list[str]:
    """The draft's fields: guesses marked as such, TODOs where nothing could be guessed."""
    title_line = (f"title: {yaml_quote(g.title)}  # guessed: check it" if g.title else
                  'title: "TODO: a title (the text has no headline; say so in notes)"')
    out = ["", "draft: true", f"seed: {yaml_quote(g.seed)}", title_line,
           f"kind: {g.kind}  # guessed: press-release, chairs-statement, news-report, speech, video-message, ..."]
    full = [d for d in g.dates if "?" not in d[2] and len(d[2]) == 10]
    if full:
        n, words, value = full[0]
        out += ["published:",
                f"  value: {yaml_quote(value)}  # guessed from ¶{n}: {words!r}: is this the publication date?"]
    else:
        out += ["# published: {value: \"YYYY-MM-DD\"}  # TODO: no full date found; infer and give a basis"]
    if g.dateline:
        out.append(f"dateline: {yaml_quote(g.dateline)}  # guessed")
    out += ["language: en  # guessed", "summary: \"TODO: one paragraph in your words\"",
            "key_points:", "  - text: \"TODO: the first key point\"", "    cite: 1"]
    if g.registered:
        out.append("actors:  # registered names found in the text; add each one's title as the document gives "
                   "it (a part in an event, such as host or initiator, goes under events: participants)")
        for actor_id, numbers in sorted(g.registered.items()):
            out += [f"  - actor: {actor_id}", f"    cite: [{', '.join(map(str, numbers))}]"]
    else:
        out.append("actors: []  # TODO: no registered actor found in the text")
    out += ["events: []  # TODO: what the document says of each event (see the guide)",
            "quotes: []", "positions: []", "notes: []",
            f"boilerplate: [{', '.join(map(str, g.boilerplate))}]  # guessed: check the paragraphs marked above"]
    return out
