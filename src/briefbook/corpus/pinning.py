"""Pins: the seed text a briefing was written against, and how the seed has drifted from it since."""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from .loading import Located
from .paragraphs import DEFAULT_RULE, Paragraph, normalise

FINGERPRINT_LENGTH = 12  # hex digits of a paragraph's sha256: 48 bits, plenty for one seed's paragraphs


def fingerprint(text: str) -> str:
    """A paragraph's fingerprint: its compared text (NFC, single spaces), hashed."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def seed_sha256(seed_path: Path) -> str:
    return hashlib.sha256(seed_path.read_bytes()).hexdigest()


def pin_of(seed: bytes, paragraphs: tuple[Paragraph, ...], rule: str = DEFAULT_RULE) -> dict:
    """The pin a briefing carries: the seed's hash (of its bytes), every paragraph's fingerprint by number,
    and the paragraph rule they were cut by (left out when it is the default)."""
    pin = {"seed_sha256": hashlib.sha256(seed).hexdigest(),
           "paragraphs": {p.number: fingerprint(p.text) for p in paragraphs}}
    return pin | ({"rule": rule} if rule != DEFAULT_RULE else {})


def pinned_rule(pin: dict) -> str:
    return pin.get("rule") or DEFAULT_RULE


def same_paragraphs(pin: dict, paragraphs: tuple[Paragraph, ...]) -> bool:
    """Whether the pinned fingerprints are the paragraphs' now (the same text cut the same way)."""
    prints = pin.get("paragraphs")
    return isinstance(prints, dict) and prints == {p.number: fingerprint(p.text) for p in paragraphs}


@dataclass(frozen=True)
class Change:
    """One way the seed differs from the pinned text: `kind` of old paragraphs → new paragraphs."""

    kind: str  # inserted, removed, split, merged, changed
    old: tuple[int, ...]
    new: tuple[int, ...]

    def describe(self) -> str:
        old, new = _numbers(self.old), _numbers(self.new)
        return {"inserted": f"new paragraph{'s' if len(self.new) > 1 else ''} {new} inserted",
                "removed": f"paragraph{'s' if len(self.old) > 1 else ''} {old} removed",
                "split": f"paragraph {old} split into {new}",
                "merged": f"paragraphs {old} merged into {new}",
                "changed": f"paragraph {old} text changed (now {new})"}[self.kind]


@dataclass(frozen=True)
class Drift:
    """How a seed differs from its pin: what changed, and where each unchanged old paragraph now is."""

    changes: tuple[Change, ...] = ()
    moved: dict[int, int] = field(default_factory=dict)  # old number → new number, same text

    def text_changed(self) -> tuple[int, ...]:
        """Old paragraphs whose text is gone (changed, split, merged or removed): to re-check."""
        return tuple(sorted(n for c in self.changes if c.kind != "inserted" for n in c.old))

    def renumbered(self) -> dict[int, int]:
        return {old: new for old, new in self.moved.items() if old != new}

    def describe_moves(self) -> str:
        """'1–10 → 2–11, 14 → 13': the renumbering, in runs of the same shift."""
        runs: list[list[tuple[int, int]]] = []
        for old, new in sorted(self.renumbered().items()):
            if runs and old == runs[-1][-1][0] + 1 and new == runs[-1][-1][1] + 1:
                runs[-1].append((old, new))
            else:
                runs.append([(old, new)])
        return ", ".join(f"{r[0][0]} → {r[0][1]}" if len(r) == 1 else f"{r[0][0]}–{r[-1][0]} → {r[0][1]}–{r[-1][1]}"
                         for r in runs)


def _numbers(numbers: tuple[int, ...]) -> str:
    if len(numbers) > 2 and list(numbers) == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return " and ".join(map(str, numbers)) if len(numbers) <= 2 else ", ".join(map(str, numbers))


def compare(pinned: dict[int, str], paragraphs: tuple[Paragraph, ...]) -> Drift:
    """Align the pinned fingerprints with the seed's paragraphs now."""
    old_numbers = sorted(pinned)
    old = [pinned[n] for n in old_numbers]
    new = [fingerprint(p.text) for p in paragraphs]
    moved: dict[int, int] = {}
    changes: list[Change] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = tuple(old_numbers[i1:i2]), tuple(range(j1 + 1, j2 + 1))
        if op == "equal":
            moved.update(zip(olds, news))
        elif op == "insert":
            changes.append(Change("inserted", (), news))
        elif op == "delete":
            changes.append(Change("removed", olds, ()))
        else:
            changes += _replaced(olds, old[i1:i2], news, paragraphs)
    return Drift(tuple(changes), moved)


def _replaced(olds: tuple[int, ...], old_prints: list[str], news: tuple[int, ...],
              paragraphs: tuple[Paragraph, ...]) -> list[Change]:
    """Old paragraphs replaced by new ones: told apart as splits, merges and changed text."""
    changes: list[Change] = []
    i = j = 0
    while i < len(olds) and j < len(news):
        split = _split_of(old_prints[i], news[j:], paragraphs)
        merged = 0 if split else _merge_of(old_prints[i:], paragraphs[news[j] - 1].text)
        if split:
            changes.append(Change("split", (olds[i],), news[j:j + split]))
            i, j = i + 1, j + split
        elif merged:
            changes.append(Change("merged", olds[i:i + merged], (news[j],)))
            i, j = i + merged, j + 1
        else:
            changes.append(Change("changed", (olds[i],), (news[j],)))
            i, j = i + 1, j + 1
    if i < len(olds):
        changes.append(Change("removed", olds[i:], ()))
    if j < len(news):
        changes.append(Change("inserted", (), news[j:]))
    return changes


def _split_of(old_print: str, news: tuple[int, ...], paragraphs: tuple[Paragraph, ...]) -> int:
    """How many of the next new paragraphs, joined, are the old one (0 if none: no split)."""
    joined = ""
    for k, number in enumerate(news, start=1):
        joined = normalise(f"{joined} {paragraphs[number - 1].text}")
        if k > 1 and fingerprint(joined) == old_print:
            return k
    return 0


def _merge_of(old_prints: list[str], text: str) -> int:
    """How many of the next old paragraphs make up this new one (0 if not at least two)."""
    rest, count = normalise(text), 0
    while rest and count < len(old_prints):
        cut = next((k for k in range(1, len(rest) + 1)
                    if (k == len(rest) or rest[k] == " ") and fingerprint(rest[:k]) == old_prints[count]), None)
        if cut is None:
            return 0
        rest, count = rest[cut + 1:], count + 1
    return count if not rest and count > 1 else 0


def cited_paragraphs(data) -> dict[int, list[str]]:
    """Paragraph number → the fields citing it (every `cite`, at any depth, and `boilerplate`)."""
    found: dict[int, list[str]] = {}
    for path, number in citation_values(data):
        found.setdefault(number, []).append(field_name(path))
    return found


def citation_values(data, path: tuple = ()):
    """(data path, paragraph number) of every citation in a briefing's data, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("cite", "boilerplate") and path[:1] != ("pinned",):
                values = value if isinstance(value, list) else [value]
                for k, number in enumerate(values):
                    if isinstance(number, int) and not isinstance(number, bool):
                        yield (path + (key, k) if isinstance(value, list) else path + (key,)), number
            else:
                yield from citation_values(value, path + (key,))
    elif isinstance(data, list):
        for k, value in enumerate(data):
            yield from citation_values(value, path + (k,))


def field_name(path: tuple) -> str:
    """('key_points', 0, 'cite', 1) → 'key_points[0].cite'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            if out.endswith(("cite", "boilerplate")) and part is path[-1]:
                break
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def drift_problems(doc_id: str, located: Located, seed_name: str, seed_path: Path,
                   paragraphs: tuple[Paragraph, ...], rule: str = DEFAULT_RULE) -> list[Problem]:
    """Unpinned (a warning) or drifted (an error naming what changed and how), or nothing.

    A seed whose bytes are unchanged drifts too when the briefing's paragraph rule is no longer the one
    pinned and cuts the text into other paragraphs: its citations would point elsewhere."""
    pinned = located.data.get("pinned") if isinstance(located.data, dict) else None
    if not isinstance(pinned, dict):
        return [located.problem(("seed",), "unpinned", f"the briefing is not pinned to the text of {seed_name}; "
                                f"run `briefbook pin {doc_id}` once it is checked against it", "warning")]
    prints = pinned.get("paragraphs")
    if not isinstance(prints, dict):
        return []  # a malformed pin is reported by validation
    if pinned.get("seed_sha256") == seed_sha256(seed_path) and (
            pinned_rule(pinned) == rule or same_paragraphs(pinned, paragraphs)):
        return []
    drift = compare(prints, paragraphs)
    return [located.problem(("pinned",), "seed-drift", drift_message(drift, cited_paragraphs(located.data),
                                                                     seed_name, doc_id, (pinned_rule(pinned), rule)),
                            prefer_key=True)]


def drift_message(drift: Drift, cited: dict[int, list[str]], seed_name: str, doc_id: str,
                  rules: tuple[str, str] = (DEFAULT_RULE, DEFAULT_RULE)) -> str:
    """What changed in the seed (or its paragraph rule) since the pin, which citations it touches, and what to do."""
    told = [c.describe() + _cited_by(c.old, cited) for c in drift.changes]
    renumbered = drift.renumbered()
    if renumbered:
        told.append("same text, new numbers: " + drift.describe_moves())
    gone = [n for n in drift.text_changed() if n in cited]
    if gone:
        todo = (f"re-check what cites paragraph{'s' if len(gone) > 1 else ''} {_numbers(tuple(gone))} against "
                f"the new text, correct it, then `briefbook pin --accept {doc_id}`")
    elif renumbered:
        todo = f"run `briefbook remap {doc_id}` to renumber the citations"
    else:
        todo = f"no citation is touched; run `briefbook pin --accept {doc_id}` once you have read the change"
    if rules[0] != rules[1]:
        return (f"the paragraph rule of {seed_name} changed since the briefing was pinned ({rules[0]} → "
                f"paragraphs: {rules[1]}): {'; '.join(told) or 'the same paragraphs'}; {todo}")
    return (f"{seed_name} changed since the briefing was pinned: {'; '.join(told) or 'white space only'}; {todo}")


def _cited_by(numbers: tuple[int, ...], cited: dict[int, list[str]]) -> str:
    fields = sorted({f for n in numbers for f in cited.get(n, ())})
    return f" (cited by {', '.join(fields)})" if fields else ""
