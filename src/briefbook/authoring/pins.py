"""`briefbook pin` and `remap`: write a briefing's pin, and renumber its citations when paragraphs only moved.

The pin is a machine-written trailing block of the briefing itself (`pinned:`), so the briefing carries
the seed text it was checked against. Both commands edit the YAML text in place, using the loader's
positions: every comment, blank line and layout of the analyst's file stays as it was.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..corpus.files import yaml_files
from ..corpus.loading import Located, load_yaml_file
from ..corpus.paragraphs import Paragraph
from ..corpus.paragraphs import RULES
from ..corpus.pinning import (Drift, citation_values, cited_paragraphs, compare, drift_message,
                              field_name, pin_of, pinned_rule)
from ..corpus.seeds import find_seed, read_paragraphs
from ..problems import BriefbookError
from ..project import Project

PIN_COMMENT = "# Written by `briefbook pin`; do not edit: the seed text this briefing was checked against."
_PROSE_CITATION = re.compile(r"(?:\bparagraphs?|¶)\s*\(?\d+", re.IGNORECASE)


@dataclass
class Briefing:
    """One briefing file as the commands need it: its text, what the loader made of it, its seed now."""

    doc_id: str
    path: Path
    text: str
    located: Located
    seed_path: Path
    paragraphs: tuple[Paragraph, ...]
    rule: str = "blank-lines"

    @property
    def pinned(self) -> dict | None:
        pin = self.located.data.get("pinned")
        return pin if isinstance(pin, dict) else None


def briefing_paths(project: Project, docs: tuple[str, ...]) -> list[Path]:
    """The briefings named (by id or path), or every briefing when none is."""
    if not docs:
        return yaml_files(project.briefings)
    paths = []
    for doc in docs:
        given = Path(doc)
        candidates = [given] if given.suffix in (".yaml", ".yml") else \
            [project.briefings / f"{doc}.yaml", project.briefings / f"{doc}.yml"]
        found = next((p for p in candidates if p.is_file()), None)
        if found is None or found.resolve().parent != project.briefings.resolve():
            raise BriefbookError(f"no briefing {doc!r} in {project.display(project.briefings)}")
        paths.append(found)
    return paths


def read_briefing(project: Project, path: Path) -> Briefing:
    """A briefing and its seed, or a BriefbookError saying why they cannot be read."""
    display = project.display(path)
    located, problems = load_yaml_file(path, display)
    if located is None or not isinstance(located.data, dict):
        raise BriefbookError(f"{display} cannot be read", problems)
    seed_path, problem = find_seed(project.seeds, located.data.get("seed"), located)
    if seed_path is None:
        raise BriefbookError(f"{display}: its seed cannot be found", [problem] if problem else [])
    rule = located.data.get("paragraphs", "blank-lines")
    if rule not in RULES:
        raise BriefbookError(f"{display}: paragraphs: {rule!r} is no paragraph rule; use one of {', '.join(RULES)}")
    try:
        paragraphs = read_paragraphs(seed_path, rule=rule)
    except (OSError, UnicodeDecodeError) as err:
        raise BriefbookError(f"{display}: cannot read {seed_path.name}: {err}") from None
    return Briefing(path.stem, path, path.read_text(encoding="utf-8"), located, seed_path, paragraphs, rule)


def pinned_block(pin: dict) -> str:
    lines = [PIN_COMMENT, "pinned:", f'  seed_sha256: "{pin["seed_sha256"]}"']
    lines += [f'  rule: {pin["rule"]}'] if pin.get("rule") else []
    lines += ["  paragraphs:"]
    lines += [f'    {number}: "{print_}"' for number, print_ in sorted(pin["paragraphs"].items())]
    return "\n".join(lines) + "\n"


def with_pin(text: str, located: Located, pin: dict) -> str:
    """The briefing's text with its pinned block written anew at the end; nothing else changes."""
    lines = text.split("\n")
    if ("pinned",) in located.key_positions:
        start = located.key_positions[("pinned",)][0] - 1
        end = start + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][:1] in (" ", "\t")):
            end += 1
        if start > 0 and lines[start - 1] == PIN_COMMENT:
            start -= 1
        lines = lines[:start] + lines[end:]
    return "\n".join(lines).rstrip("\n") + "\n" + pinned_block(pin)


def write_atomically(path: Path, text: str) -> None:
    """The new text replaces the file whole, or the file stays as it was."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def pin(project: Project, docs: tuple[str, ...] = (), accept: bool = False) -> list[str]:
    """Pin each briefing to its seed as it is now; a drifted one only with `accept` (after re-checking)."""
    done, refused = [], []
    for path in briefing_paths(project, docs):
        briefing = read_briefing(project, path)
        now = pin_of(briefing.seed_path.read_bytes(), briefing.paragraphs, briefing.rule)
        old = briefing.pinned
        display = project.display(path)
        # the same paragraphs by another rule (hard-wrapped ↔ blank-lines) need no re-check
        same = old is not None and old.get("seed_sha256") == now["seed_sha256"] and old.get("paragraphs") == now["paragraphs"]
        if same and pinned_rule(old) == briefing.rule:
            done.append(f"{display}: up to date")
            continue
        if old is not None and isinstance(old.get("paragraphs"), dict) and not (accept or same):
            drift = compare(old["paragraphs"], briefing.paragraphs)
            refused.append(f"{display}: " + drift_message(drift, cited_paragraphs(briefing.located.data),
                                                           briefing.seed_path.name, briefing.doc_id,
                                                           (pinned_rule(old), briefing.rule)))
            continue
        write_atomically(path, with_pin(briefing.text, briefing.located, now))
        done.append(f"{display}: {'re-pinned' if old is not None else 'pinned'} to {briefing.seed_path.name} "
                    f"({len(briefing.paragraphs)} paragraphs)")
    if refused:
        raise BriefbookError("not re-pinned: " + "\n".join(refused) + "\n" + "\n".join(done))
    return done


@dataclass
class Remap:
    """What `remap` would change: the new text, the renumbering, and what a reader must still look at."""

    path: Path
    old_text: str
    new_text: str
    renumbered: dict[int, int]
    moves: str
    edits: int
    by_hand: list[str]

    def diff(self, display: str) -> str:
        return "".join(difflib.unified_diff(self.old_text.splitlines(True), self.new_text.splitlines(True),
                                            f"a/{display}", f"b/{display}"))


def plan_remap(project: Project, doc: str) -> Remap:
    """The renumbered briefing, or a BriefbookError listing what changed and must be re-checked."""
    path, = briefing_paths(project, (doc,))
    briefing = read_briefing(project, path)
    display = project.display(path)
    old = briefing.pinned
    if old is None or not isinstance(old.get("paragraphs"), dict):
        raise BriefbookError(f"{display} is not pinned: there is no earlier text to renumber from; "
                             f"check it against its seed, then `briefbook pin {briefing.doc_id}`")
    drift = compare(old["paragraphs"], briefing.paragraphs)
    _refuse_changed_text(display, briefing, drift)
    mapping = drift.moved
    edits: dict[int, list[tuple[int, int, int]]] = {}  # line → (column, old number, new number)
    for loc, number in citation_values(briefing.located.data):
        if mapping[number] != number:
            line, column = briefing.located.positions[loc]
            edits.setdefault(line, []).append((column, number, mapping[number]))
    lines = briefing.text.split("\n")
    for line, changes in edits.items():
        text = lines[line - 1]
        for column, number, new in sorted(changes, reverse=True):
            token = re.match(r"\d+", text[column - 1:])
            if token is None or int(token.group(0)) != number:  # never guess: the loader and the text disagree
                raise BriefbookError(f"{display}:{line}:{column}: expected the number {number} here; nothing was changed")
            text = text[:column - 1] + str(new) + text[column - 1 + len(token.group(0)):]
        lines[line - 1] = text
    new_text = with_pin("\n".join(lines), briefing.located,
                        pin_of(briefing.seed_path.read_bytes(), briefing.paragraphs, briefing.rule))
    by_hand = [f"{field_name(loc)} mentions {hit.group(0)!r}: renumber it by hand if it names a paragraph"
               for loc, value in _strings(briefing.located.data) for hit in _PROSE_CITATION.finditer(value)]
    by_hand += [f"new paragraph {n} ({briefing.paragraphs[n - 1].text[:40]!r}): cite it, or list it under "
                "boilerplate if it is page furniture"
                for change in drift.changes if change.kind == "inserted" for n in change.new]
    return Remap(path, briefing.text, new_text, drift.renumbered(), drift.describe_moves(),
                 sum(len(v) for v in edits.values()), by_hand)


def _refuse_changed_text(display: str, briefing: Briefing, drift: Drift) -> None:
    """Renumbering is only safe when every cited paragraph and all of the text survive unchanged."""
    cited = cited_paragraphs(briefing.located.data)
    lost = {n for n in cited if n not in drift.moved}
    changed = [c for c in drift.changes if c.kind == "changed" or set(c.old) & lost]
    if not changed and lost <= {n for c in drift.changes for n in c.old}:
        return
    told = [f"  paragraph {n} is cited ({', '.join(cited[n])}) but was not in the pinned text"
            for n in sorted(lost - {n for c in drift.changes for n in c.old})]
    for change in changed:
        fields = sorted({f for n in change.old for f in cited.get(n, ())})
        told.append(f"  {change.describe()}: re-check " + (", ".join(fields) if fields else "the summary and key points"))
    raise BriefbookError(f"{display}: not renumbered, because text changed in {briefing.seed_path.name}:\n"
                         + "\n".join(told) + f"\ncorrect the briefing against the new text, then "
                         f"`briefbook pin --accept {briefing.doc_id}`")


def _strings(data, path: tuple = ()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            yield from _strings(value, path + (k,))
    elif isinstance(data, str):
        yield path, data
