"""The "Field reference" page: every field of the data model in words, and an annotated example."""

from __future__ import annotations

import html
import re
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from ..corpus import models
from ..corpus.introspect import docstring, documented_models, min_length


def field_reference() -> str:
    """The "Field reference" page (Markdown), generated from the models."""
    out = [
        "# Field reference",
        "",
        "Every field briefbook reads, generated from its data model (`src/briefbook/corpus/models.py`), "
        "so this page is always up to date. How to use them is explained in "
        "[Writing a briefing](guide/writing-a-briefing.md). A field that is not listed here is "
        "an error (`unknown-field`).",
        "",
        "Editors that use the YAML language server (VS Code with the YAML extension, and others) "
        "check the same fields as you type: every YAML file in `briefings/` starts with a "
        "`# yaml-language-server: $schema=...` line pointing to the JSON Schemas in "
        "`briefings/schema/`.",
        "",
    ]
    for model in documented_models():
        out += _model_section(model)
    out += [
        "## Annotated example",
        "",
        "A complete briefing using every field (the document, actors and event are made up).",
        "",
        "```yaml",
        EXAMPLE_BRIEFING.rstrip("\n"),
        "```",
        "",
    ]
    return "\n".join(out)


def model_label(model: type[BaseModel]) -> str:
    """DateSpec → "Date", ActorMention → "Actor mention"."""
    words = re.findall(r"[A-Z][a-z0-9]*", model.__name__.removesuffix("Spec"))
    return " ".join([words[0], *(w.lower() for w in words[1:])])


def model_anchor(model: type[BaseModel]) -> str:
    """The heading id MkDocs gives the model's section."""
    return model_label(model).lower().replace(" ", "-")


def _model_section(model: type[BaseModel]) -> list[str]:
    out = [f"## {model_label(model)}", ""]
    doc = docstring(model)
    if doc:
        out += [" ".join(part.split()) + "\n" for part in doc.split("\n\n")]
    out += ["| field | type | required | description |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        out.append("| " + " | ".join([
            f"`{name}`",
            _cell(_field_type(field)),
            _cell(_required(field)),
            _cell(field.description or ""),
        ]) + " |")
    out.append("")
    return out


def _field_type(field: FieldInfo) -> str:
    return _describe(field.annotation, list(field.metadata))


def _describe(tp: Any, metadata: list | None = None) -> str:
    """A type in words: text, number, true/false, list of ..., one of: ..."""
    metadata = list(metadata or [])
    for item in metadata:
        # `cite: 3` / `host: x` / `place: Kabul`: describe what may be written
        if isinstance(item, BeforeValidator) and item.json_schema_input_type not in (Any, PydanticUndefined):
            return _describe(item.json_schema_input_type)
    origin = get_origin(tp)
    if origin is Annotated:
        base, *extra = get_args(tp)
        return _describe(base, extra + metadata)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) == 2:
            one, many = options
            if get_origin(many) is list and get_args(many) and _same(get_args(many)[0], one):
                return f"{_describe(one)}, or a list of them"
        return " or ".join(_describe(a) for a in options)
    if origin is Literal:
        return "one of: " + ", ".join(f"`{v}`" for v in get_args(tp))
    if origin is list:
        (item,) = get_args(tp)
        return f"list of {_describe(item)}"
    if origin is dict:
        key, value = get_args(tp)
        return f"mapping of {_describe(key)} to {_describe(value)}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        label = model_label(tp)
        return f"{label.lower()} (see [{label}](#{model_anchor(tp)}))"
    constraints = _constraints(metadata)
    if tp is bool:
        return "true/false"
    if tp is int:
        if "ge" in constraints:
            return f"number ≥ {constraints['ge']}"
        return "number"
    if tp is str:
        pattern = constraints.get("pattern")
        if pattern == models.ID_PATTERN:
            return "id (lowercase letters and digits joined by hyphens)"
        if pattern:
            return f"text matching `{pattern}`"
        return "text"
    return getattr(tp, "__name__", str(tp))  # pragma: no cover - no other types in the models


def _same(a: Any, b: Any) -> bool:
    return _describe(a) == _describe(b)


def _constraints(metadata: list) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in metadata:
        if isinstance(item, FieldInfo):
            found.update(_constraints(list(item.metadata)))
        elif isinstance(item, annotated_types.Ge):
            found["ge"] = item.ge
        elif getattr(item, "pattern", None):
            found["pattern"] = item.pattern
    return found


def _required(field: FieldInfo) -> str:
    at_least = min_length(field.metadata)
    if field.is_required():
        return f"required, at least {at_least}" if at_least else "required"
    if field.default_factory is not None:
        default = field.default_factory()
    else:
        default = field.default
    if default is None:
        return "optional"
    if default in ([], {}):
        return "optional, default empty"
    if isinstance(default, bool):
        default = "true" if default else "false"
    return f"optional, default `{default}`"


def _cell(text: str) -> str:
    """Model text made safe for a Markdown table cell.

    Newlines fold to spaces; outside `code spans` HTML is escaped, `|` becomes `\\|` and braces references
    (inside a code span Python-Markdown's tables keep `|` as it is, and a backslash
    would show).
    """
    text = " ".join(text.split())
    parts = re.split(r"(`[^`]+`)", text)
    for i, part in enumerate(parts):
        if i % 2 == 0:
            # `{...}` at a cell's end would be read as attributes (attr_list): braces as references
            parts[i] = html.escape(part, quote=False).replace("|", "\\|").replace("{", "&#123;").replace("}", "&#125;")
    return "".join(parts)


EXAMPLE_BRIEFING = """\
# yaml-language-server: $schema=schema/briefing.schema.json
# briefings/harbour-communique-2020.yaml: the summary of seeds/harbour-communique.txt
draft: false                  # true while you are writing it: `serve` shows it, `build` leaves it out
seed: harbour-communique.txt  # the source text in seeds/ (a file name, not a path)
title: Joint communiqué of the Harbour conference  # the document's own title
publisher:                    # who published it; leave out when nothing supports one
  name: Ministry of Foreign Affairs of Norland  # as the document gives it
  actor: norland              # optional: a registered actor id
  inferred: true              # the document does not say so outright...
  basis: The communiqué is on the ministry's website and signed by its press office.  # ...so say why
kind: statement               # press-release, chairs-statement, news-report, speech, ...
published:                    # a date at the precision the source supports
  value: "2020-11-24"         # YYYY, YYYY-MM or YYYY-MM-DD (quote it)
  qualifier: after            # before, after or about, when the text only bounds the date
  inferred: true              # not printed on the document
  basis: It reports the conference of 23-24 November 2020 as over.  # why the date follows
dateline: Harbour City        # the dateline place: a name, or {name, inferred, basis}
language: en                  # language code of the document
paragraphs: blank-lines       # how the seed is cut: blank-lines, hard-wrapped, lines or numbered
summary: >-                   # one paragraph, in your words
  Communiqué of the two-day Harbour conference hosted by Norland, at which twelve
  states backed a ceasefire and agreed to meet again.
key_points:                   # at least one: a claim and the paragraph(s) it rests on
  - text: Twelve states met in Harbour City and backed a ceasefire.  # in your words
    cite: [2, 4]              # paragraph numbers: one (cite: 2) or a list
actors:                       # every actor the document mentions
  - actor: ada-vance          # actor id or registered alias
    role: Foreign Minister    # the title the document gives, in its words, at that time
    cite: 3                   # paragraphs; those naming the actor by alias are found anyway
events:                       # what this document says of each event
  - event: harbour-conference-2020  # event id or alias
    says: Hosted by Norland over two days; twelve states took part.  # briefly, in your words
    date:                     # the date this document gives
      value: "2020-11-23"     # first day
      end: "2020-11-24"       # a range: the last day, same precision as value
    place:                    # the place this document gives
      name: Harbour City      # as the document gives it
      inferred: true          # not stated outright...
      basis: Datelined Harbour City, it calls the venue "here".  # ...so say why
    format: in-person         # in-person, video, hybrid, written or unknown
    status: held              # held (the default), announced, planned, under-way, postponed, cancelled
    host: norland             # actor id(s) or aliases: one, or a list (short for part: host)
    participants:             # who took part and how, with the role given at the event
      - actor: ada-vance      # actor id or alias
        part: convener        # host, convener, initiator, partner, participant, observer, signatory, ...
        role: chair of the conference  # the role this document gives them at the event
        cite: 3               # optional: the paragraphs naming them there (found by name otherwise)
    counts:                   # numbers the document gives
      - value: 12             # the number
        of: states            # what is counted, in the document's words
        cite: 2               # where it is given
    outcome: The participants agreed to meet again in spring.  # what came of it, per this document
    cite: [2, 5]              # paragraphs (at least one)
quotes:                       # exact words from the source
  - speaker: ada-vance        # actor id or alias
    text: We will keep talking until there is peace.  # character for character (whitespace may differ)
    speech: verbatim          # verbatim (in quotation marks) or reported ("she said that ...": no marks)
    unclosed: false           # true when the source opens the quotation and never closes it
    cite: 3                   # the paragraph(s) holding the words
    event: harbour-conference-2020  # optional: where it was said
    attribution: stated       # stated, uncertain (speaker unclear) or collective ("the participants")
    attribution_basis: The communiqué gives the words to the Minister by name.  # required unless stated
positions:                    # what an actor stands for on an issue
  - actor: ada-vance          # actor id or alias: who takes the stance
    on_behalf_of: norland     # optional: whom they speak for (shown on both pages)
    issue: ceasefire          # a topic id: ceasefire, negotiations, prisoner-releases, ...
    stance: Calls for an immediate, nationwide ceasefire.  # in your words
    cite: 4                   # paragraphs
    event: harbour-conference-2020  # optional: the event it was stated at
    attribution: collective   # the communiqué gives the call to "the participants"...
    attribution_basis: The communiqué says "the participants called for" it.  # ...so say whom it credits
notes:                        # the source's own errors and oddities
  - kind: typo                # error, typo, boilerplate, ambiguity or formatting
    text: '"Harbor" in paragraph 5, "Harbour" everywhere else.'  # what is wrong, what others say
    cite: 5                   # where
boilerplate: [1, 7]           # scraped page furniture that is not the document
pinned:                       # written by `briefbook pin`, never by hand: the seed text checked against
  seed_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"  # the seed file's bytes
  paragraphs:                 # paragraph number → fingerprint of its text
    1: "2c26b46b68ff"
    2: "fcde2b2edba5"
"""
