"""YAML written as the registry files are written: their indentation, quoting and flow style, comments kept.

New entries are rendered with ruamel.yaml (MIT) in the file's style and spliced into its text, so no other
byte of the file changes; edits of an existing entry go through ruamel.yaml's round trip, which keeps
comments, key order, flow lists and quotes. Whatever is written must still read back through briefbook's
own loader (stricter than YAML: `yes`, `1:30` and `#3` glued to a word mean something else there).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

from ..corpus.loading import load_yaml_text
from ..problems import BriefbookError

# (mapping indent, sequence indent, dash offset) tried on a file until one reproduces it byte for byte
INDENTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0), (4, 4, 0))


@dataclass(frozen=True)
class Style:
    indent: tuple[int, int, int] = (2, 4, 2)
    quote: str = '"'  # the quotation mark the file uses for values that need one
    flow_lists: bool = True  # short lists written [a, b]
    blank_between: bool = True  # a blank line between entries


def _yaml(indent: tuple[int, int, int]) -> YAML:
    yaml = YAML()  # round trip: comments, order, flow style and quotes kept
    yaml.preserve_quotes = True
    yaml.width = 1_000_000  # never fold a long line the analyst wrote on one
    yaml.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return yaml


def dump(yaml: YAML, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def round_trip(text: str) -> tuple[YAML, object, bool]:
    """The file loaded for editing, with the indentation that writes it back unchanged (and whether one does)."""
    from ruamel.yaml.error import YAMLError
    best = None
    for indent in INDENTS:
        yaml = _yaml(indent)
        try:
            data = yaml.load(text)
        except YAMLError as err:  # briefbook's loader read it (a duplicate key is its warning, ruamel's error)
            raise BriefbookError(f"the file cannot be edited as it is: {str(err).splitlines()[0]}; "
                                 "fix what `briefbook validate` reports first") from None
        if dump(yaml, data) == text:
            return yaml, data, True
        best = best or (yaml, data)
    return best[0], best[1], False


def style_of(text: str) -> Style:
    """How the file writes its values: indentation, quotation marks, flow or block lists, spacing."""
    indent = next((i for i in INDENTS if _reproduces(text, i)), (2, 4, 2))
    doubles = len(re.findall(r':\s"', text)) + len(re.findall(r'[\[,]\s*"', text))
    singles = len(re.findall(r":\s'", text)) + len(re.findall(r"[\[,]\s*'", text))
    flow = len(re.findall(r"^\s+[a-z_]+: \[", text, re.M))
    block = len(re.findall(r"^\s+[a-z_]+:\s*\n\s+- ", text, re.M))
    keys = re.findall(r"^( +)[a-z0-9][a-z0-9-]*:\s*$", text, re.M)
    blank = len(re.findall(r"\n\n +[a-z0-9][a-z0-9-]*:\s*\n", text))
    return Style(indent, "'" if singles > doubles else '"', flow >= block, blank * 2 >= max(1, len(keys) - 1))


def _reproduces(text: str, indent) -> bool:
    try:
        yaml = _yaml(indent)
        return dump(yaml, yaml.load(text)) == text
    except Exception:  # noqa: BLE001 - a file ruamel reads otherwise than briefbook: try the next
        return False


def styled(value, style: Style):
    """Plain data as ruamel nodes in the file's style: short lists and small mappings in flow style."""
    if isinstance(value, dict):
        node = CommentedMap((k, styled(v, style)) for k, v in value.items())
        if _short(value):
            node.fa.set_flow_style()
        return node
    if isinstance(value, list):
        node = CommentedSeq(styled(v, style) for v in value)
        if style.flow_lists and all(isinstance(v, (str, int)) for v in value):
            node.fa.set_flow_style()
        elif len(value) == 1 and isinstance(value[0], dict) and _short(value[0]):
            node.fa.set_flow_style()  # description_cite: [{source: x, cite: 4}]
        return node
    if isinstance(value, str):
        return scalar(value, style)
    return value


def _short(mapping: dict) -> bool:
    """A mapping written on one line, as the files write {value: "2020-07-09"} and {source: x, cite: 3}."""
    flat = all(isinstance(v, (str, int)) or (isinstance(v, list) and all(isinstance(i, int) for i in v))
               for v in mapping.values())
    return flat and len(mapping) <= 3 and len(repr(mapping)) <= 70


def scalar(text: str, style: Style):
    """The text plain when briefbook reads it back as the same text; else in the file's quotation marks."""
    if _plain_reads_back(text):
        return text
    return SingleQuotedScalarString(text) if style.quote == "'" else DoubleQuotedScalarString(text)


def _plain_reads_back(text: str) -> bool:
    yaml = _yaml((2, 4, 2))
    rendered = dump(yaml, {"k": text})
    if not rendered.startswith("k: ") or rendered[3:4] in "'\"|>":
        return False
    located, problems = load_yaml_text(rendered, "check")
    return not problems and located is not None and located.data == {"k": text}


def render_entry(entry_id: str, fields: dict, style: Style, indent: int) -> list[str]:
    """The entry `entry_id: {fields}` as lines of the file, indented as its section's keys are."""
    yaml = _yaml(style.indent)
    body = CommentedMap((k, styled(v, style)) for k, v in fields.items())  # the entry itself: one field a line
    text = dump(yaml, CommentedMap([(entry_id, body)]))
    return [" " * indent + line if line else line for line in text.rstrip("\n").split("\n")]
