"""Load YAML safely, keeping the line and column of every value."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from ..problems import Problem
from ..project import UnsafeInput, read_input

try:  # libyaml parses; we only walk the node tree it builds
    from yaml import CBaseLoader as _BaseLoader
except ImportError:  # pragma: no cover - pure-Python fallback, same behaviour
    from yaml import BaseLoader as _BaseLoader  # type: ignore[assignment]

_PLAIN = "tag:briefbook:plain"  # an untagged, unquoted scalar: typed by _plain_scalar


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Marks untagged plain scalars, so an explicit `!!str 123` stays distinguishable."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            return _PLAIN
        return super().resolve(kind, value, implicit)

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

# YAML 1.2 core schema for plain (unquoted) scalars; everything else is a string.
# So `NO`, `on`, `yes`, `0777`, `1:20` and `2020-07-09` all stay strings.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
# No leading zeros: `0777` or `007` stays text, never an octal or a silently shortened number.
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")

Path_ = tuple  # a path into the loaded data: keys and list indices


@dataclass
class Located:
    """Data loaded from one YAML file, with where each value came from."""

    path: str
    data: Any
    # (line, column), 1-based, of the value at each data path; and of the key naming it
    positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[tuple, tuple[int, int]] = field(default_factory=dict)
    load_problems: list[Problem] = field(default_factory=list)

    def where(self, loc: tuple, prefer_key: bool = False) -> tuple[int, int]:
        """The position of `loc`, or of its nearest ancestor that has one."""
        loc = tuple(loc)
        while True:
            if prefer_key and loc in self.key_positions:
                return self.key_positions[loc]
            if loc in self.positions:
                return self.positions[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def problem(self, loc: tuple, code: str, message: str, severity: str = "error",
                prefer_key: bool = False) -> Problem:
        line, col = self.where(loc, prefer_key)
        return Problem(self.path, line, col, code, message, severity)


class _LoadError(Exception):
    def __init__(self, mark, code: str, message: str):
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else 1
        self.column = mark.column + 1 if mark is not None else 1
        self.code = code
        self.message = message


# Control characters (tab and line ends aside), the Unicode line and paragraph separators
# (invisible line breaks that shift every line number after them), bidirectional embeddings,
# overrides and isolates (which can make text read differently from what it is: "Trojan Source"),
# and lone surrogates. What real Arabic-script and Hebrew text uses is allowed: the zero-width
# non-joiner (U+200C) of Dari, Persian and Pashto spelling, the joiner (U+200D), and the
# left-to-right, right-to-left and Arabic letter marks (U+200E, U+200F, U+061C).
BAD_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BAD_CHAR = BAD_CHAR  # the name the property tests know

_CHARACTER_NAMES = {"\x00": "NUL", "\x1b": "ESCAPE, which starts terminal control sequences", "\x7f": "DELETE",
                    "\x9b": "CONTROL SEQUENCE INTRODUCER", "\u2028": "LINE SEPARATOR",
                    "\u2029": "PARAGRAPH SEPARATOR"}


def character_name(ch: str) -> str:
    """A bad character as a reader can look it up: U+202E (RIGHT-TO-LEFT OVERRIDE)."""
    name = _CHARACTER_NAMES.get(ch) or unicodedata.name(ch, "") or \
        ("a control character" if ord(ch) < 0xA0 else "a lone surrogate")
    return f"U+{ord(ch):04X} ({name})"


def _bad_character_message(ch: str) -> str:
    return f"character U+{ord(ch):04X} is not allowed in briefing data"


def bad_characters(text: str, display: str, message=_bad_character_message, allowed: str = "") -> list[Problem]:
    """Characters that have no business in hand-written data or a source text, each at line:column."""
    if not BAD_CHAR.search(text.translate({ord(c): " " for c in allowed}) if allowed else text):
        return []  # the usual case, in one pass of the regex engine
    problems = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        for found in BAD_CHAR.finditer(line):
            if found.group() not in allowed:
                problems.append(Problem(display, lineno, found.start() + 1, "bad-character", message(found.group())))
    return problems


def _check_text(text: str, display: str) -> list[Problem]:
    return bad_characters(text, display)


def excerpt(value: object, limit: int = 40) -> str:
    """A value quoted in a message, cut short: a file that is not briefing data (a key file, a
    password list) must not have its lines echoed into a terminal or a CI log."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


_BRACKETS = re.compile(r"[\[\]{}]")


def _depth_ok(text: str) -> bool:
    """Cheap guard run before libyaml, which can crash on extreme nesting."""
    depth = 0
    for bracket in _BRACKETS.findall(text):  # only the brackets, not every character
        if bracket in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return False
        else:
            depth = max(0, depth - 1)
    indents = {len(line) - len(line.lstrip(" -")) for line in text.split("\n")}
    return len(indents) <= MAX_DEPTH * 2


def load_yaml_text(text: str, display: str) -> tuple[Located | None, list[Problem]]:
    """Parse YAML text into plain data and positions, or report why not."""
    problems = _check_text(text, display)
    if problems:
        return None, problems
    if not _depth_ok(text):
        return None, [Problem(display, 1, 1, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")]
    located = Located(display, None)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
        if node is None:
            return None, [Problem(display, 1, 1, "empty-file", "the file holds no data")]
        located.data = _construct(node, (), located, set(), text.split("\n"))
        if located.data is None:
            return None, [Problem(display, 1, 1, "empty-file", "the file holds no data")]
    except _LoadError as err:
        return None, [Problem(display, err.line, err.column, err.code, err.message)]
    except yaml.MarkedYAMLError as err:
        from .yaml_errors import explain
        line, col, reason = explain(err, text)
        return None, [Problem(display, line, col, "yaml-syntax", reason)]
    except yaml.YAMLError as err:
        return None, [Problem(display, 1, 1, "yaml-syntax", str(err).splitlines()[0])]
    # Duplicate keys are reported but the data (first value kept) is still checked,
    # so one run shows every other problem in the file too.
    return located, list(located.load_problems)


def load_yaml_file(path: Path, display: str, boundary: Path | None = None) -> tuple[Located | None, list[Problem]]:
    """Read and parse one YAML file (UTF-8, size-capped): a regular file, inside `boundary`
    (the project) when given, reached through no symbolic link."""
    try:
        raw = read_input(path, boundary if boundary is not None else path.parent, limit=MAX_FILE_BYTES,
                         what="a YAML file")
    except UnsafeInput as err:
        line = 1 if err.code == "file-too-large" else 0
        return None, [Problem(display, line, line, err.code, err.message)]
    text, problems = decode_utf8(raw, display)
    if text is None:
        return None, problems
    return load_yaml_text(text.removeprefix("\ufeff"), display)


def decode_utf8(raw: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """The text of a file that must be UTF-8, or a not-utf8 problem saying what it is and where."""
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return None, [Problem(display, 1, 1, "not-utf8", "the file is UTF-32; save it as UTF-8")]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        return None, [Problem(display, 1, 1, "not-utf8", "the file is UTF-16; save it as UTF-8")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [Problem(display, line, col, "not-utf8",
                              f"byte 0x{raw[err.start]:02x} is not UTF-8; save the file as UTF-8")]


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: text in Latin script has a zero in every other byte."""
    sample = raw[:4096]
    if len(sample) < 8 or b"\x00" not in sample:
        return False
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return (odd >= 0.4 * half and even <= 0.05 * half) or (even >= 0.4 * half and odd <= 0.05 * half)


def located_problem(located: Located, mark, code: str, message: str) -> Problem:
    return Problem(located.path, mark.line + 1, mark.column + 1, code, message)


def _check_cut_short(node, lines: list[str]) -> None:
    """`title: Meeting #3 in Doha` is the title 'Meeting' and a comment: refuse it.

    A comment after a value is fine when `#` is followed by a space (`kind: person  # note`);
    `#` glued to the next word is almost always text that was meant to be part of the value.
    """
    end = node.end_mark
    if end.line >= len(lines):
        return
    rest = lines[end.line][end.column:]
    cut = _CUT_SHORT.match(rest)
    if cut:
        at = SimpleNamespace(line=end.line, column=end.column + cut.start(1))
        raise _LoadError(at, "value-cut-short",
                         f"the value stops at {node.value[-30:]!r}: the text from ' #' on is read as a YAML comment; "
                         f"put the whole value in quotes to keep {rest[cut.start(1):].strip()[:30]!r}")


_CUT_SHORT = re.compile(r"^[ \t]+(#[^\s#])")


def _construct(node, path: tuple, located: Located, seen: set[int], lines: list[str] | None = None) -> Any:
    if id(node) in seen:
        raise _LoadError(node.start_mark, "yaml-alias", "anchors and aliases (&name, *name) are not allowed")
    seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise _LoadError(node.start_mark, "too-deep", f"nesting deeper than {MAX_DEPTH} levels")
    mark = node.start_mark
    located.positions[path] = (mark.line + 1, mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.tag not in (_STR, _PLAIN):
            raise _LoadError(mark, "yaml-tag", f"explicit tag {node.tag!r} is not allowed")
        value = node.value
        if node.style == '"':  # only a "double-quoted" value has escapes; the raw text was checked already
            bad = _BAD_CHAR.search(value)
            if bad:
                raise _LoadError(mark, "bad-character", _bad_character_message(bad.group()) + " (written as an escape)")
        if not value.isascii():  # ASCII is always NFC
            value = unicodedata.normalize("NFC", value)
        if node.tag == _PLAIN:
            if lines is not None and value:
                _check_cut_short(node, lines)
            return _plain_scalar(value)
        return value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _LoadError(mark, "yaml-tag", f"explicit tag {node.tag!r} is not allowed")
        return [_construct(item, path + (i,), located, seen, lines) for i, item in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP:
            raise _LoadError(mark, "yaml-tag", f"explicit tag {node.tag!r} is not allowed")
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _LoadError(key_node.start_mark, "bad-key", "a key must be a plain name")
            key = _construct(key_node, path + ("<key>",), located, seen, lines)
            located.positions.pop(path + ("<key>",), None)
            if not isinstance(key, (str, int)):
                key = key_node.value
            if key in result:
                # Reported, not fatal: the rest of the file is still checked.
                prev = first_seen[key]
                located.load_problems.append(located_problem(
                    located, key_node.start_mark, "duplicate-key",
                    f"key {key!r} appears twice (first at line {prev.line + 1}); "
                    "YAML would silently keep only the last"))
                continue
            first_seen[key] = key_node.start_mark
            located.key_positions[path + (key,)] = (key_node.start_mark.line + 1,
                                                    key_node.start_mark.column + 1)
            result[key] = _construct(value_node, path + (key,), located, seen, lines)
        return result
    raise _LoadError(mark, "yaml-node", "unsupported YAML node")  # pragma: no cover


def _plain_scalar(value: str) -> Any:
    if _NULL.match(value):
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT.match(value):
        return int(value)
    if _FLOAT.match(value) and any(c.isdigit() for c in value):
        return float(value)
    return value
