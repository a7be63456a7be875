"""Validate loaded YAML against the models; pydantic's errors become problems in the analyst's terms."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from ..problems import Problem
from . import models as m
from .loading import Located, excerpt


def validate_model(located: Located, model_cls) -> tuple[Any, list[Problem]]:
    try:
        return model_cls.model_validate(located.data), []
    except ValidationError as err:
        problems, seen = [], set()
        for error in err.errors(include_url=False):
            loc = tuple(error["loc"])
            # Pydantic adds union/validator tags to the loc; keep only real data keys.
            data_loc = _data_loc(located.data, loc)
            code, message = _in_analyst_terms(error, loc, located.data) or _describe(error, loc, model_cls)
            on_key = data_loc[-1:] == ("[key]",)
            if (code, message) in seen:  # one mistake read as two fields (1,234,567) is said once
                continue
            seen.add((code, message))
            problems.append(located.problem(data_loc[:-1] if on_key else data_loc, code, message,
                                            prefer_key=on_key or error["type"] == "extra_forbidden"))
        return None, problems


def _data_loc(data: Any, loc: tuple) -> tuple:
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            out.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            out.append(part)
        elif part == "[key]":  # the key itself is wrong (a number where an id is meant)
            out.append(part)
            break
        elif isinstance(node, dict) and isinstance(part, str) and part not in node and not out[-1:] == [part]:
            # a missing required key, or a model tag such as 'function-after[...]'
            if not part.startswith(("function-", "list[", "str", "int", "PlaceSpec", "DateSpec")):
                out.append(part)
                break
    return tuple(out)


# Field names an analyst may reach for, and the field that holds it (synonyms, not spellings)
SYNONYMS = {"venue": "place", "location": "place", "city": "place", "where": "place", "when": "date",
            "day": "date", "dated": "date", "speaker_id": "speaker", "said_by": "speaker", "who": "actor",
            "quote": "text", "words": "text", "paragraph": "cite", "paragraphs": "cite", "para": "cite",
            "cites": "cite", "topic": "issue", "subject": "issue", "hosts": "host", "hosted_by": "host",
            "medium": "format", "mode": "format", "count": "counts", "number": "counts", "numbers": "counts",
            "alias": "aliases", "other_names": "aliases", "type": "kind", "role_title": "role", "title_role": "role",
            "lang": "language", "source": "seed", "date_published": "published", "publication_date": "published",
            "position": "stance", "view": "stance", "result": "outcome", "belongs_to": "part_of",
            "parent": "part_of", "member_of": "affiliation"}


def _in_analyst_terms(error: dict, loc: tuple, data: Any) -> tuple[str, str] | None:
    """The mistakes pydantic's own words do not explain: YAML reading a comma as a field separator,
    an id written as a title, paragraph 0, a field named by a synonym."""
    field_name = ".".join(_part(p) for p in loc if not str(p).startswith(("function-", "list[")))
    kind, got = error["type"], error.get("input")
    if kind in ("extra_forbidden", "invalid_key"):
        return _comma_number(loc, data, field_name)
    if loc[-1:] == ("[key]",):  # an id as a mapping key: _describe says what an id is
        return None
    if kind == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == m.ID_PATTERN:
        from anyascii import anyascii  # Прекращение огня → prekrashchenie-ognia
        suggestion = re.sub(r"[^a-z0-9]+", "-", anyascii(str(got)).casefold()).strip("-")[:80].strip("-")
        fix = f": write {suggestion!r}" if re.fullmatch(m.ID_PATTERN, suggestion) else ""
        return "bad-id", (f"{field_name}: {excerpt(got)} is not an id: ids are lowercase words joined by "
                          f"hyphens (like 'kabul-process'){fix}")
    if kind == "string_pattern_mismatch":
        what = {m.LANGUAGE_PATTERN: "a language code such as en, ru, ar or fa-AF",
                m.ABBREVIATION_PATTERN: "letters and digits only, 2 to 20 of them, like UNRCCA"}
        pattern = error.get("ctx", {}).get("pattern")
        if pattern in what:
            return "bad-value", f"{field_name}: {excerpt(got)} is not {what[pattern]}"
    if kind == "greater_than_equal" and "cite" in loc and got == 0:
        return "citation-out-of-range", (f"{field_name}: paragraphs are numbered from 1 (the seed's first "
                                         "paragraph is 1): there is no paragraph 0")
    if kind == "int_type" and isinstance(got, str) and re.fullmatch(r"\d{1,3}(?:[,.' ]\d{3})+", got):
        return "bad-number", (f"{field_name}: write the number without separators: "
                              f"{re.sub(r'[^0-9]', '', got)} (not {excerpt(got)})")
    return None


def _comma_number(loc: tuple, data: Any, field_name: str) -> tuple[str, str] | None:
    """`{value: 5,000}` is read as `value: 5` and a field '000': say so, not 'unknown field 000'."""
    key, parent = loc[-1], _at(data, loc[:-1])
    if not (_group(key) and isinstance(parent, dict) and parent.get(key, 0) is None):
        return None
    keys = list(parent)
    at = keys.index(key) if key in keys else 0
    start = at
    while start > 0 and _group(keys[start - 1]) and parent[keys[start - 1]] is None:
        start -= 1  # 1,234,567: the fields '234' and '567' both
    before = keys[start - 1] if start > 0 else None
    if before is None or not isinstance(parent[before], int) or isinstance(parent[before], bool):
        return None
    groups = []
    for k in keys[start:]:
        if not (_group(k) and parent[k] is None):
            break
        groups.append(f"{k:03d}" if isinstance(k, int) else k)
    written, number = ",".join([str(parent[before]), *groups]), f"{parent[before]}{''.join(groups)}"
    where = field_name.rsplit(".", 1)[0] + "." if "." in field_name else ""
    return "comma-in-number", (f"{where}{before}: {before}: {written} was read as {parent[before]} and "
                               f"field(s) {', '.join(map(repr, groups))} (in {{...}} a comma separates fields): "
                               f"write the number without commas ({before}: {number})")


def _group(key: Any) -> bool:
    """A key that is three digits: the rest of a number after a comma (`000`, or 234 read as a number)."""
    return (isinstance(key, str) and re.fullmatch(r"[0-9]{3}", key) is not None) or \
        (isinstance(key, int) and not isinstance(key, bool) and 0 <= key <= 999)


def _at(data: Any, loc: tuple) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif not str(part).startswith(("function-", "list[")):
            return None
    return data


def _describe(error: dict, loc: tuple, model_cls) -> tuple[str, str]:
    field_name = ".".join(_part(p) for p in loc if not str(p).startswith(("function-", "list[")))
    kind = error["type"]
    if loc[-1:] == ("[key]",):  # a mapping key of the wrong kind, e.g. an id written as a number
        field_name = field_name.removesuffix(".[key]")
        key = loc[-2]
        if not isinstance(key, str):
            return "bad-id", f"{field_name}: the id {excerpt(key)} is read as a number; write it in quotes"
        return "bad-id", (f"{field_name}: {_key(key)} is not an id: use lowercase letters, digits and single "
                          "hyphens (like 'kabul-process'), at most 80 characters")
    if kind == "extra_forbidden":
        key = loc[-1]
        known = _known_fields(model_cls, loc[:-1])
        hint = [SYNONYMS[key]] if SYNONYMS.get(key) in known else difflib.get_close_matches(str(key), known, n=1)
        suggestion = f"; did you mean {hint[0]!r}?" if hint else (f"; known fields: {', '.join(known)}" if known else "")
        return "unknown-field", f"{field_name}: unknown field {_key(key)}{suggestion}"
    if kind == "missing":
        return "missing-field", f"{field_name}: required field is missing"
    if kind in {"bad_date", "missing_basis", "unknown_name"}:  # raised by the models themselves
        return kind.replace("_", "-"), f"{field_name}: {error['msg']}"
    if kind == "value_error":
        return "bad-value", f"{field_name}: {error.get('ctx', {}).get('error', error['msg'])}"
    if kind == "literal_error":
        allowed = re.findall(r"'([^']+)'", str(error.get("ctx", {}).get("expected", "")))
        got = error.get("input")
        close = difflib.get_close_matches(str(got), allowed, n=1) if isinstance(got, str) else []
        hint = f"; did you mean {close[0]!r}?" if close else f"; one of: {', '.join(allowed)}"
        return "bad-value", f"{field_name}: {excerpt(got)} is not allowed{hint}"
    if kind in {"string_type", "int_type", "bool_type", "list_type", "dict_type", "model_type",
                "model_attributes_type"}:
        got = type(error.get("input")).__name__
        got = {"NoneType": "nothing", "str": "text", "int": "a number", "bool": "true/false",
               "list": "a list", "dict": "a mapping", "float": "a number"}.get(got, got)
        if not field_name:  # the whole file has the wrong shape
            fields = ", ".join(f"{name}:" for name, f in model_cls.model_fields.items() if f.is_required())
            return "wrong-type", f"the file must be a mapping of fields ({fields} ...), got {got}"
        msg = re.sub(r"valid dictionary or instance of \w+", "mapping of fields", error["msg"])
        return "wrong-type", f"{field_name}: {msg}, got {got}"
    return "bad-value", f"{field_name or 'the file'}: {error['msg']}"


_NAME_LIKE = re.compile(r"[A-Za-z0-9_.-]{1,100}")


def _part(part) -> str:
    """A key as part of a field name: whole when it looks like a name, else cut short (a "key"
    may be a whole line of a file that is not briefing data, such as a password list)."""
    text = str(part)
    return text if _NAME_LIKE.fullmatch(text) else text[:30] + "…" * (len(text) > 30)


def _key(key) -> str:
    return repr(key) if _NAME_LIKE.fullmatch(str(key)) else excerpt(key)


def _known_fields(model_cls, loc: tuple) -> list[str]:
    """Field names valid at loc, for 'did you mean' hints."""
    current = model_cls
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        fields = getattr(current, "model_fields", {})
        if part in fields:
            current = _model_in(fields[part].annotation)
        elif fields and part not in fields and not str(part).startswith(("function-", "list[")):
            current = None
    return sorted(getattr(current, "model_fields", {}) or [])


def _model_in(annotation) -> Any:
    from typing import get_args
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _list_item_model(annotation) -> Any:
    """The model inside list[Model] or dict[str, Model], if that is what annotation is."""
    from typing import get_args, get_origin
    origin = get_origin(annotation)
    if origin in (list, dict):
        args = get_args(annotation)
        item = args[-1] if args else None
        return item if isinstance(item, type) and issubclass(item, m.Strict) else None
    return None


def salvage(data: Any, model_cls) -> Any:
    """A model built from the parts of `data` that validate; failed items become None.

    Only used to go on checking references after a validation error; list
    positions are kept so that problems still point at the right lines.
    """
    from pydantic import TypeAdapter
    from typing import Annotated
    if not isinstance(data, dict):
        return None
    fields: dict[str, Any] = {}
    for name, info in model_cls.model_fields.items():
        default = None if info.is_required() else info.get_default(call_default_factory=True)
        if name not in data:
            fields[name] = default
            continue
        value = data[name]
        item_model = _list_item_model(info.annotation)
        if item_model is not None and isinstance(value, (list, dict)):
            def check(item, _m=item_model):
                try:
                    return _m.model_validate(item)
                except ValidationError:
                    return None
            if isinstance(value, list):
                fields[name] = [check(item) for item in value]
            else:
                fields[name] = {k: v for k, v in ((k, check(v)) for k, v in value.items())
                                if v is not None and isinstance(k, str) and re.match(m.ID_PATTERN, k)}
            continue
        try:
            adapter = TypeAdapter(Annotated[(info.annotation, *info.metadata)])
            fields[name] = adapter.validate_python(value, strict=True)
        except (ValidationError, TypeError):
            fields[name] = default
    return model_cls.model_construct(**fields)
