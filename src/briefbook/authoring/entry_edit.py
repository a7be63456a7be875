"""Add to an entry of the registry (an alias, an affiliation, a related event) or set one of its fields,
through ruamel.yaml's round trip: the file's comments, order, quotes and flow lists stay as they were."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..problems import BriefbookError
from ..project import Project
from .registry_edit import MODELS, Change, check_writable, write_checked, read_registry
from .yaml_style import dump, round_trip, scalar, style_of, styled


def edit_entry(project: Project, section: str, entry_id: str, add: dict[str, list], put: dict[str, object]) -> tuple[Path, list[str]]:
    """Add values to list fields and set single fields of one entry; returns the file and what changed."""
    registry = read_registry(project)
    target = registry.file_of.get((section, entry_id))
    if target is None:
        from difflib import get_close_matches
        close = get_close_matches(entry_id, list(registry.entries[section]), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise BriefbookError(f"no {section[:-1]} {entry_id!r} in the registry{hint}")
    check_writable(project, target)
    previous = target.read_text(encoding="utf-8")
    yaml, data, _ = round_trip(previous)
    entry, style = data[section][entry_id], style_of(previous)
    changed = [_add(entry, name, values, style, section) for name, values in add.items() if values]
    changed += [_put(entry, name, value, style, section) for name, value in put.items() if value is not None]
    changed = [c for c in changed if c]
    if not changed:
        return target, []
    text = dump(yaml, data)
    line = registry.located[target].key_positions[(section, entry_id)][0]  # its problems are cited here
    _check_model(section, entry, project.display(target), line, entry_id)
    write_checked(project, target, previous, text, Change(line, line, 0, entry_id, "edit"))
    return target, changed


def _check_model(section: str, entry, display: str, line: int, entry_id: str) -> None:
    """The changed entry checked against the model before anything is written (else every reference to
    an entry that no longer validates would be reported too)."""
    import json
    from ..corpus.loading import Located
    from ..corpus.validation import validate_model
    from ..problems import Problem
    _, problems = validate_model(Located(display, json.loads(json.dumps(entry))), MODELS[section])
    if problems:
        raise BriefbookError("the change was not made", [
            Problem(display, line, 1, p.code, f"the change to {entry_id!r} (not made): {p.message}") for p in problems])


def _add(entry, name: str, values: list, style, section: str) -> str | None:
    """Append the values the list field lacks; a single value (`host: norland`) becomes a list of both."""
    current = entry.get(name)
    if current is None:
        new = [v for i, v in enumerate(values) if v not in values[:i]]
        single = name in ("affiliation", "host") and len(new) == 1  # as the files write one: `host: qatar`
        _insert(entry, name, scalar(new[0], style) if single else styled(new, style), section)
        return f"{name}: added {', '.join(map(repr, new))}"
    if not isinstance(current, list):
        old = current
        current = CommentedSeq([old])
        current.fa.set_flow_style()
        entry[name] = current
    new = [v for i, v in enumerate(values) if v not in current and v not in values[:i]]
    for value in new:
        current.append(styled(value, style) if isinstance(value, dict) else scalar(value, style)
                       if isinstance(value, str) else value)
    return f"{name}: added {', '.join(map(repr, new))}" if new else None


def _put(entry, name: str, value, style, section: str) -> str | None:
    """Set a field; a mapping (name_languages) is merged into the one the entry has."""
    if isinstance(value, dict) and isinstance(entry.get(name), dict):
        new = {k: v for k, v in value.items() if entry[name].get(k) != v}
        for key, item in new.items():
            entry[name][key] = scalar(item, style)
        return f"{name}: {new!r}" if new else None
    if entry.get(name) == value:
        return None
    if name in entry:
        entry[name] = styled(value, style)
    else:
        _insert(entry, name, styled(value, style), section)
    return f"{name}: {value!r}"


def _insert(entry, name: str, value, section: str) -> None:
    """A new key where the model orders it among the entry's keys (aliases after name and kind); what
    followed the entry stays after it."""
    order = list(MODELS[section].model_fields)
    rank = order.index(name) if name in order else len(order)
    keys = list(entry)
    position = next((i for i, k in enumerate(keys) if k in order and order.index(k) > rank), len(keys))
    entry.insert(position, name, value)
    if position == len(keys) and keys:
        if isinstance(value, CommentedSeq) and all(isinstance(v, (str, int)) or getattr(v, "fa", None) and
                                                   v.fa.flow_style() for v in value):
            value.fa.set_flow_style()
        _move_trailing_comment(entry, keys[-1], name)


def _move_trailing_comment(entry, last: str, new: str) -> None:
    """What followed the entry's last value (a blank line, the next section's heading) follows the new last one
    (after its deepest last value, when it is a block list or mapping).

    ruamel.yaml keeps such lines with the value before them: left there, they would come between the old
    last key and the new one, and the heading of the next section would land inside this entry."""
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken
    after = _take_trailing(entry, last)
    if not after:
        return
    node, key = entry, new
    while isinstance(node[key], (CommentedMap, CommentedSeq)) and not node[key].fa.flow_style() and len(node[key]):
        node = node[key]  # a block value: the lines follow its deepest last value
        key = list(node)[-1] if isinstance(node, CommentedMap) else len(node) - 1
    token = CommentToken("\n" + after, CommentMark(0), None)
    if isinstance(node, CommentedMap):
        node.ca.items[key] = [None, None, token, None]
    else:
        node.ca.items[key] = [token, None]


def _take_trailing(node, key) -> str:
    """The lines after node[key] (not a comment on its own line), taken off it: from the deepest last
    value of a block list or mapping, or from the value itself."""
    value = node[key]
    if isinstance(value, (CommentedMap, CommentedSeq)) and not value.fa.flow_style() and len(value):
        inner = list(value)[-1] if isinstance(value, CommentedMap) else len(value) - 1
        text = _take_trailing(value, inner)
        end, value.ca.end = value.ca.end or [], []
        return text + "".join((" " * t.column if t.value.startswith("#") else "") + t.value for t in end)
    slot = node.ca.items.get(key)
    where = 2 if isinstance(node, CommentedMap) else 0
    token = slot[where] if slot and len(slot) > where else None
    if token is None or not isinstance(token.value, str):
        return ""
    own, _, rest = token.value.partition("\n") if token.value.startswith("#") else ("", "", token.value[1:])
    if own:
        token.value = own + "\n"
    else:
        slot[where] = None
    return rest


def add_not_actors(project: Project, names: list[str]) -> tuple[Path, list[str]]:
    """Add names to the registry's `not_actors` list (the file that has one, else actors.yaml), in its style."""
    registry = read_registry(project)
    holders = [p for p, loc in registry.located.items() if isinstance(loc.data, dict) and "not_actors" in loc.data]
    target = holders[0] if holders else project.registry / "actors.yaml"
    if target not in registry.located:
        raise BriefbookError(f"{project.display(target)} cannot be read as a registry file: fix it first")
    check_writable(project, target)
    previous = target.read_text(encoding="utf-8")
    yaml, data, _ = round_trip(previous)
    style = style_of(previous)
    current = data.get("not_actors")
    if current is None:
        data.insert(0, "not_actors", CommentedSeq())
        current = data["not_actors"]
    new = [n for i, n in enumerate(names) if n not in current and n not in names[:i]]
    for name in new:
        current.append(scalar(name, style))
    if not new:
        return target, []
    write_checked(project, target, previous, dump(yaml, data), Change(1, 1, 0, "not_actors", "edit"))
    return target, new
