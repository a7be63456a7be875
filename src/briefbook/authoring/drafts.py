"""Guided authoring: a draft briefing from a seed, and new registry entries with safe ids."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from ..corpus.paragraphs import Paragraph, normalise, split_paragraphs
from ..problems import BriefbookError
from ..project import Project

MAX_ID = 60
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


def slugify(name: str, taken: set[str] = frozenset()) -> str:
    """A stable kebab-case id for any name, Latin or not; never empty, never one already taken.

    Non-Latin names are transliterated (Сергей Лавров → sergey-lavrov, 김영채 →
    gimyeongchae); a name with nothing to transliterate gets a hash-based id.
    """
    from anyascii import anyascii
    text = anyascii(normalise(name)).lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:MAX_ID].strip("-")
    if not slug:
        slug = "id-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
    from ..corpus.models import RESERVED_IDS
    if slug in RESERVED_IDS:
        slug += "-1"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug[:MAX_ID - len(str(n)) - 1].rstrip('-')}-{n}"
        n += 1
    return candidate


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


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
    from ..corpus.health import ACRONYM, CAPITALISED_NAME
    from ..corpus import registry_scanner
    seed = seed if seed.is_absolute() else (Path.cwd() / seed)
    if not seed.is_file():
        raise BriefbookError(f"{seed}: no such seed file")
    if seed.resolve().parent != project.seeds.resolve():
        raise BriefbookError(f"{seed}: copy the document into {project.display(project.seeds)}/ first; "
                             "a briefing names its seed by file name")
    try:
        text = seed.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise BriefbookError(f"{seed.name}: not UTF-8 text; convert it (e.g. iconv) before drafting") from None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        raise BriefbookError(f"{seed.name}: the file is empty")
    title = guess_title(paragraphs)
    existing = {p.stem for p in project.briefings.glob("*.yaml")}
    doc_id = doc_id or slugify(title or seed.stem, existing)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", doc_id):
        raise BriefbookError(f"--id {doc_id!r} is not a lowercase kebab-case id")
    target = project.briefings / f"{doc_id}.yaml"
    if target.exists():
        raise BriefbookError(f"{project.display(target)} exists already; briefbook never overwrites a briefing")

    scanner = registry_scanner(project)
    boiler = [p.number for p in paragraphs if _BOILERPLATE.search(" ".join(p.text.split()))]
    registered: dict[str, list[int]] = {}
    for number, ids in scanner.actors_by_paragraph(paragraphs, set(boiler)).items():
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
    dates = find_dates(paragraphs)
    dateline = None
    for p in paragraphs[:6]:
        if m := _DATELINE.match(p.text):
            dateline = m.group(1).strip().title()
            break
    full = [d for d in dates if "?" not in d[2] and len(d[2]) == 10]
    kind = "press-release" if re.search(r"(?i)press release", text) else "news-report"

    out = [SCHEMA_LINE,
           f"# Draft briefing of seeds/{seed.name}: see docs/guide/writing-a-briefing.md.",
           "# Replace every TODO, check every guess, then delete `draft: true` to publish.",
           "#", "# Paragraphs of the seed (cite them by number):"]
    for p in paragraphs:
        flat = " ".join(p.text.split())
        mark = "  [boilerplate?]" if p.number in boiler else ""
        out.append(f"#  ¶{p.number}: {flat[:110]}{'…' if len(flat) > 110 else ''}{mark}")
    if dates:
        out += ["#", "# Dates found in the text (¶, words, value at the precision they give):"]
        out += [f"#  ¶{n}: {words!r} → {value}" for n, words, value in dates]
    if candidates:
        out += ["#", "# Names that match no registered actor: register them (briefbook add-actor),",
                "# add them as aliases, or list them under not_actors in a registry file:"]
        out += [f"#  {name} (¶ {', '.join(map(str, sorted(set(nums))))})" for name, nums in sorted(candidates.items())]
    title_line = (f"title: {_q(title)}  # guessed: check it" if title else
                  'title: "TODO: a title (the text has no headline; say so in notes)"')
    out += ["", "draft: true", f"seed: {_q(seed.name)}", title_line,
            f"kind: {kind}  # guessed: press-release, chairs-statement, news-report, speech, video-message, ..."]
    if full:
        n, words, value = full[0]
        out += ["published:", f"  value: {_q(value)}  # guessed from ¶{n}: {words!r}: is this the publication date?"]
    else:
        out += ["# published: {value: \"YYYY-MM-DD\"}  # TODO: no full date found; infer and give a basis"]
    if dateline:
        out.append(f"dateline: {_q(dateline)}  # guessed")
    out += ["language: en  # guessed", "summary: \"TODO: one paragraph in your words\"",
            "key_points:", "  - text: \"TODO: the first key point\"", "    cite: 1"]
    if registered:
        out.append("actors:  # registered names found in the text; add each one's role as the document gives it")
        for actor_id, numbers in sorted(registered.items()):
            out += [f"  - actor: {actor_id}", f"    cite: [{', '.join(map(str, numbers))}]"]
    else:
        out.append("actors: []  # TODO: no registered actor found in the text")
    out += ["events: []  # TODO: what the document says of each event (see the guide)",
            "quotes: []", "positions: []", "notes: []",
            f"boilerplate: [{', '.join(map(str, boiler))}]  # guessed: check the paragraphs marked above"]
    text_out = "\n".join(out) + "\n"
    project.briefings.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:  # "x": refuse to overwrite, even in a race
        fh.write(text_out)
    return target


def add_entry(project: Project, section: str, name: str, fields: dict[str, object],
              entry_id: str | None = None) -> tuple[str, Path]:
    """Append an actor or event to the registry, with an id derived safely from its name."""
    from ..corpus.loading import load_yaml_file
    registry = project.registry
    registry.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    for path in sorted(registry.glob("*.yaml")):
        located, _ = load_yaml_file(path, path.name)
        if located and isinstance(located.data, dict):
            for key in ("actors", "events"):
                if isinstance(located.data.get(key), dict):
                    taken |= set(located.data[key])
    if entry_id is None:
        base = slugify(name)
        if base in taken:  # likely the same actor in another spelling or script
            raise BriefbookError(
                f"{section[:-1]} {base!r} exists already; if {name!r} is the same, add it to that entry's "
                f"aliases; if not, give this one its own id with --id")
        entry_id = slugify(name, taken)
    if entry_id in taken:
        raise BriefbookError(f"id {entry_id!r} is taken already")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", entry_id) or len(entry_id) > 80:
        raise BriefbookError(f"--id {entry_id!r} is not a lowercase kebab-case id")
    target = registry / f"{section}.yaml"
    # Append to <section>.yaml when its last top-level key is the section; else to added-<section>.yaml.
    if target.is_file():
        lines = target.read_text(encoding="utf-8").rstrip("\n").split("\n")
        top = [ln for ln in lines if ln and not ln.startswith((" ", "#", "\t"))]
        if not top or not top[-1].startswith(f"{section}:") or top[-1].strip() != f"{section}:":
            target = registry / f"added-{section}.yaml"
    block = [f"  {entry_id}:"] + [f"    {k}: {_yaml_value(v)}" for k, v in fields.items() if v not in (None, [], "")]
    if target.is_file():
        text = target.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + "\n".join(block) + "\n"
    else:
        schema = "# yaml-language-server: $schema=../schema/registry.schema.json\n"
        text = schema + f"{section}:\n" + "\n".join(block) + "\n"
    previous = target.read_text(encoding="utf-8") if target.is_file() else None
    target.write_text(text, encoding="utf-8")
    from ..corpus import build_corpus
    corpus, problems = build_corpus(project)
    mine = [p for p in problems if p.is_error and p.path.endswith(target.name)]
    if mine:  # leave the registry as it was
        if previous is None:
            target.unlink()
        else:
            target.write_text(previous, encoding="utf-8")
        raise BriefbookError("the new entry was not added", mine)
    return entry_id, target


def _yaml_value(value: object) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_q(str(v)) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_q(str(v))}" for k, v in value.items()) + "}"
    return _q(str(value))
