"""A draft briefing for a new seed: its paragraphs numbered by the rule its layout asks for, the registered
actors it names, the unregistered names `briefbook check` would ask about, dates found, guesses marked."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..corpus import registry_scanner
from ..corpus.files import yaml_files
from ..corpus.health import registry_places, unregistered_names
from ..corpus.inflection import forms
from ..corpus.loading import load_yaml_file
from ..corpus.names import TITLE_WORDS
from ..corpus.paragraphs import Paragraph
from ..problems import BriefbookError
from ..project import Project
from .draft_dates import FoundDate, find_dates, first_year
from .ids import slugify, yaml_quote
from .layout import Layout, read_layout

SCHEMA_LINE = "# yaml-language-server: $schema=schema/briefing.schema.json"
# "NUR-SULTAN –", "KABUL:", "KABUL, 3 March 2021 –", "МОСКВА, 19 сентября –" (a wire-style dateline)
_DATELINE = re.compile(r"^\W*(?:date \S+ )?([A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{2,30}[A-ZА-ЯЁ])\s*(?:,[^–—:\n]{1,40}?)?"
                       r"\s*(?:\([^)\n]{1,20}\))?\s*[–—:-]")  # "DOHA (Reuters) -": an agency in brackets
# "МОСКВА, 9 ноября 2018 года." (a Russian agency's dateline ends at the date)
_DATELINE_CYRILLIC = re.compile(r"^\W*([А-ЯЁ][А-ЯЁ -]{2,30}[А-ЯЁ]),\s")
# "الدوحة (رويترز) -", "کابل -": a place word, an agency in brackets, a dash
_DATELINE_ARABIC = re.compile(r"^\W*([\u0621-\u06FF]{3,15})\s*(?:[،,][^-–—:\n(]{1,30}?)?\s*(?:\([^)\n]{1,20}\))?\s*[-–—:]")
_NOT_PLACES = frozenset("press release fact sheet immediate statement transcript update breaking news video photo "
                        "read more q a".split())


def new_draft(project: Project, seed: Path, doc_id: str | None = None) -> Path:
    """Write briefings/<id>.yaml as a draft for a seed; never overwrite a file, never draft a seed twice."""
    seed = seed if seed.is_absolute() else (Path.cwd() / seed)
    text = _read_seed(project, seed)
    _refuse_second_briefing(project, seed.name)
    layout, paragraphs = read_layout(text, lambda rule: _paragraphs(project, seed.name, rule))
    existing = {p.stem for p in project.briefings.glob("*.yaml")}
    doc_id = doc_id or slugify(layout.title or seed.stem, existing)
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", doc_id):
        raise BriefbookError(f"--id {doc_id!r} is not a lowercase kebab-case id")
    target = project.briefings / f"{doc_id}.yaml"
    if target.exists():
        raise BriefbookError(f"{project.display(target)} exists already; briefbook never overwrites a briefing")
    scanner = registry_scanner(project)
    body = tuple(p for p in paragraphs if p.number not in layout.front_paragraphs)
    dateline = _dateline(body)
    places = registry_places(scanner) | ({f.casefold() for f in (dateline, *forms(dateline))} if dateline else set())
    registered = {}
    for number, ids in scanner.actors_by_paragraph(paragraphs, set(layout.boilerplate)).items():
        for actor_id in ids:
            registered.setdefault(actor_id, []).append(number)
    candidates = unregistered_names(paragraphs, set(layout.boilerplate), scanner, places)
    language = layout.language[0]
    published = _front_date(layout)
    year = int(published.value[:4]) if published and not published.value.startswith("-") else first_year(body, language)
    dates = find_dates(body, language, year)
    guesses = _Guesses(seed.name, paragraphs, layout, registered, candidates, dates,
                       published or next((d for d in dates if d.full), None), dateline)
    project.briefings.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as fh:  # "x": refuse to overwrite, even in a race
        fh.write(_draft_text(guesses))
    return target


def _read_seed(project: Project, seed: Path) -> str:
    """The seed's checked text (as a build checks it), or a one-line error."""
    if not seed.is_file():
        raise BriefbookError(f"{seed}: no such seed file")
    if Path(os.path.abspath(seed)).parent not in (Path(os.path.abspath(project.seeds)), project.seeds.resolve()):
        raise BriefbookError(f"{seed}: copy the document into {project.display(project.seeds)}/ first; "
                             "a briefing names its seed by file name")
    from ..corpus.seeds import SeedError, read_seed
    try:  # checked as a build checks it: no link, UTF-8, no control or bidi characters, bounded
        read = read_seed(project.seeds / seed.name)
    except SeedError as err:
        raise BriefbookError(f"{seed.name} cannot be drafted", err.problems) from None
    if not read.paragraphs:
        raise BriefbookError(f"{seed.name}: the file is empty")
    return read.text


def _paragraphs(project: Project, name: str, rule: str) -> tuple[Paragraph, ...]:
    from ..corpus.seeds import SeedError, read_seed
    try:
        return read_seed(project.seeds / name, rule=rule).paragraphs
    except SeedError as err:
        raise BriefbookError(f"{name} cannot be drafted by the paragraph rule {rule}", err.problems) from None


def _refuse_second_briefing(project: Project, seed_name: str) -> None:
    """One briefing per seed: a briefing or draft whose `seed:` names it already is the one to edit."""
    for path in yaml_files(project.briefings):
        located, _ = load_yaml_file(path, project.display(path))
        if located is not None and isinstance(located.data, dict) and located.data.get("seed") == seed_name:
            raise BriefbookError(f"{project.display(path)} already summarises seeds/{seed_name} (its seed: field); "
                                 "edit that briefing, or delete it to draft the seed anew")


def _front_date(layout: Layout) -> FoundDate | None:
    for key in ("date", "published", "publish_date", "pubDate", "created"):
        value = layout.front_matter.get(key)
        if value is not None:
            found = find_dates((Paragraph(0, str(value)[:40]),))
            if found:
                return FoundDate(0, f"front matter {key}: {str(value)[:40]}", found[0].value, found[0].end)
    return None


def _dateline(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """The place of a wire-style dateline near the top; a speaker's label (THE PRESIDENT:) is none."""
    labels = [m.group(1) for p in paragraphs for line in p.text.split("\n")
              if (m := re.match(r"^\s*([A-ZА-ЯЁ][A-ZА-ЯЁ .'-]{2,30}):", line))]
    for p in paragraphs[:6]:
        m = _DATELINE.match(p.text) or _DATELINE_CYRILLIC.match(p.text) or _DATELINE_ARABIC.match(p.text)
        if not m or (len(labels) >= 3 and m.group(0).rstrip().endswith(":")):
            continue  # in a transcript, "PRESIDENT GHANI:" is a speaker
        words = m.group(1).strip()
        folded = words.casefold().split()
        if labels.count(words) >= 2 or all(w in TITLE_WORDS or w in _NOT_PLACES for w in folded):
            continue
        return words.title() if words.upper() == words and words.lower() != words else words
    return None


@dataclass(frozen=True)
class _Guesses:
    """What the draft proposes, each guess marked as one in the file."""

    seed: str
    paragraphs: tuple[Paragraph, ...]
    layout: Layout
    registered: dict[str, list[int]]
    candidates: dict[str, tuple[tuple[int, ...], str | None]]
    dates: list[FoundDate]
    published: FoundDate | None
    dateline: str | None


def _draft_text(g: _Guesses) -> str:
    return "\n".join(_draft_comments(g) + _draft_fields(g)) + "\n"


def _draft_comments(g: _Guesses) -> list[str]:
    """The draft's opening comments: how to finish it, the numbered paragraphs, dates and names found."""
    rule, why = g.layout.rule
    out = [SCHEMA_LINE,
           f"# Draft briefing of seeds/{g.seed}: see docs/guide/writing-a-briefing.md.",
           "# Replace every TODO, check every guess, then delete `draft: true` to publish.",
           "#", f"# Paragraphs of the seed (cite them by number), cut by the rule `paragraphs: {rule}` ({why}):"]
    for p in g.paragraphs:
        flat = " ".join(p.text.split())
        mark = ("  [front matter: boilerplate]" if p.number in g.layout.front_paragraphs else
                "  [boilerplate?]" if p.number in g.layout.boilerplate else "")
        out.append(f"#  ¶{p.number}: {flat[:110]}{'…' if len(flat) > 110 else ''}{mark}")
    if g.dates:
        out += ["#", "# Dates found in the text (¶, words, value at the precision they give):"]
        out += [f"#  ¶{d.paragraph}: {d.words!r} → {d.value}{f' to {d.end}' if d.end else ''}"
                + (" (no year written: the document's year)" if d.yearless and d.value[0] != "-" else "")
                for d in g.dates]
    if g.candidates:
        out += ["#", "# Names that match no registered actor: register them (briefbook add-actor),",
                "# add them as aliases, or list them under not_actors in a registry file:"]
        out += [f"#  {name} (¶ {', '.join(map(str, nums))}{', written ' + ', '.join(written) if written else ''})"
                + (f" (holds a name of {held!r})" if held else "")
                for name, (nums, held, written) in sorted(g.candidates.items())]
    return out


def _draft_fields(g: _Guesses) -> list[str]:
    """The draft's fields: guesses marked as such, TODOs where nothing could be guessed."""
    title = g.layout.title
    title_line = (f"title: {yaml_quote(title)}  # guessed: check it" if title else
                  'title: "TODO: a title (the text has no headline; say so in notes)"')
    (kind, kind_why), (language, language_why), (rule, rule_why) = g.layout.kind, g.layout.language, g.layout.rule
    out = ["", "draft: true", f"seed: {yaml_quote(g.seed)}", title_line,
           f"kind: {kind}  # guessed ({kind_why}): press-release, statement, transcript, fact-sheet, declaration, "
           "news-report, speech, video-message, ...",
           f"paragraphs: {rule}  # guessed ({rule_why}): blank-lines, hard-wrapped, lines or numbered"]
    if g.published:
        d = g.published
        where = f"¶{d.paragraph}: " if d.paragraph else ""
        end = f", end: {yaml_quote(d.end)}" if d.end else ""
        out += ["published:", f"  value: {yaml_quote(d.value)}  # guessed from {where}{d.words!r}: is this the "
                "publication date?"] + ([f"  end: {yaml_quote(d.end)}"] if end else [])
    else:
        out += ["# published: {value: \"YYYY-MM-DD\"}  # TODO: no full date found; infer and give a basis"]
    if g.dateline:
        out.append(f"dateline: {yaml_quote(g.dateline)}  # guessed")
    out += [f"language: {language}  # guessed ({language_why})", "summary: \"TODO: one paragraph in your words\"",
            "key_points:", "  - text: \"TODO: the first key point\"", f"    cite: {_first_cited(g)}"]
    out += _actor_fields(g)
    out += ["events: []  # TODO: what the document says of each event (see the guide)",
            "quotes: []", "positions: []", "notes: []",
            f"boilerplate: [{', '.join(map(str, g.layout.boilerplate))}]  # guessed: check the paragraphs marked above"]
    return out


def _first_cited(g: _Guesses) -> int:
    return next((p.number for p in g.paragraphs if p.number not in g.layout.boilerplate), 1)


def _actor_fields(g: _Guesses) -> list[str]:
    if not g.registered:
        return ["actors: []  # TODO: no registered actor found in the text"]
    out = ["actors:  # registered names found in the text; add each one's title as the document gives "
           "it (a part in an event, such as host or initiator, goes under events: participants)"]
    for actor_id, numbers in sorted(g.registered.items()):
        out += [f"  - actor: {actor_id}", f"    cite: [{', '.join(map(str, numbers))}]"]
    return out
