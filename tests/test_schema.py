"""The JSON Schemas and the field reference describe the models, and the real data fits them."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from briefbook.corpus import models
from briefbook.authoring import schema
from briefbook.publish import reference
from briefbook.corpus.loading import load_yaml_file, load_yaml_text
from briefbook.corpus.models import Briefing, Registry

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = ROOT / "briefings"
SCHEMA_DIR = BRIEFINGS / "schema"
REGENERATE = ('python -c "from briefbook.authoring.schema import write_schemas; write_schemas()" '
              "(or `briefbook schema`) from the project root")

YAML_FILES = sorted(p for p in BRIEFINGS.rglob("*.y*ml")
                    if SCHEMA_DIR not in p.parents and p.suffix in {".yaml", ".yml"})
REGISTRY_FILES = [p for p in YAML_FILES if p.parent.name == "registry"]
BRIEFING_FILES = [p for p in YAML_FILES if p.parent == BRIEFINGS]


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _kind(path: Path) -> str:
    return "registry" if path in REGISTRY_FILES else "briefing"


def _all_models() -> list[type[BaseModel]]:
    """Every model reachable from Briefing and Registry, found independently of schema.py."""
    found: list[type[BaseModel]] = []

    def visit(model):
        if model in found:
            return
        found.append(model)
        for field in model.model_fields.values():
            for name in re.findall(r"\b[A-Z][A-Za-z]+\b", repr(field.annotation) + repr(field.metadata)):
                nested = getattr(models, name, None)
                if isinstance(nested, type) and issubclass(nested, BaseModel):
                    visit(nested)

    visit(Briefing)
    visit(Registry)
    return found


# ---------------------------------------------------------------- committed schema files

@pytest.mark.parametrize("name", ["briefing.schema.json", "registry.schema.json"])
def test_committed_schema_is_up_to_date(name):
    path = SCHEMA_DIR / name
    assert path.is_file(), f"{_rel(path)} is missing: run {REGENERATE}"
    assert path.read_text(encoding="utf-8") == schema.schema_text(name), (
        f"{_rel(path)} does not match the models: run {REGENERATE}")


def test_schemas_are_draft_2020_12_without_id():
    for name, document in schema.json_schemas().items():
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert "$id" not in json.dumps(document), name
        assert document["title"] and document["description"]
        assert json.loads(schema.schema_text(name)) == document
    assert schema.schema_text("briefing.schema.json") == schema.schema_text("briefing.schema.json")
    assert schema.schema_text("registry.schema.json").endswith("}\n")


def test_write_schemas_rewrites_only_changed_files(tmp_path):
    written = schema.write_schemas(tmp_path)
    assert sorted(p.name for p in written) == ["briefing.schema.json", "registry.schema.json"]
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert schema.write_schemas(tmp_path) == []
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    (tmp_path / "registry.schema.json").write_text("{}\n", encoding="utf-8")
    assert schema.write_schemas(tmp_path) == [tmp_path / "registry.schema.json"]
    assert (tmp_path / "registry.schema.json").read_text(encoding="utf-8") == \
        schema.schema_text("registry.schema.json")


# ---------------------------------------------------------------- yaml-language-server lines

def test_the_corpus_has_both_kinds_of_yaml():
    assert BRIEFING_FILES and REGISTRY_FILES
    assert set(BRIEFING_FILES) | set(REGISTRY_FILES) == set(YAML_FILES), \
        "a YAML file in briefings/ that is neither a briefing nor a registry file"


@pytest.mark.parametrize("path", YAML_FILES, ids=_rel)
def test_yaml_starts_with_its_schema_line(path):
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    expected = schema.SCHEMA_COMMENT[_kind(path)]
    assert first == expected, f"{_rel(path)}: the first line must be {expected!r}"
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file(), f"{_rel(path)} points to a missing schema {target}"
    assert target.parent == SCHEMA_DIR.resolve()


# ---------------------------------------------------------------- validating with jsonschema

def _validator(name: str):
    jsonschema = pytest.importorskip("jsonschema")
    document = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document)


def _load(path: Path):
    located, problems = load_yaml_file(path, _rel(path))
    assert located is not None and not [p for p in problems if p.severity == "error"], problems
    return located.data


def _errors(validator, data) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("path", BRIEFING_FILES, ids=_rel)
def test_real_briefing_fits_the_schema(path):
    validator = _validator("briefing.schema.json")
    assert _errors(validator, _load(path)) == []


@pytest.mark.parametrize("path", REGISTRY_FILES, ids=_rel)
def test_real_registry_fits_the_schema(path):
    validator = _validator("registry.schema.json")
    assert _errors(validator, _load(path)) == []


def _example() -> dict:
    located, problems = load_yaml_text(reference.EXAMPLE_BRIEFING, "example")
    assert located is not None and not problems, problems
    return located.data


def test_schema_admits_the_short_forms():
    validator = _validator("briefing.schema.json")
    data = _example()
    account = data["events"][0]
    for cite in (3, [3, 4]):
        for host in ("norland", ["norland", "ada-vance"]):
            for place in ("Kabul", {"name": "Kabul", "inferred": True, "basis": "why"}):
                variant = copy.deepcopy(data)
                variant["events"][0] = {**account, "cite": cite, "host": host, "place": place}
                variant["dateline"] = place
                assert _errors(validator, variant) == []
                Briefing.model_validate(variant)  # the model agrees
    registry = _validator("registry.schema.json")
    entry = {"name": "Ada Vance", "kind": "person", "description": "A minister.", "affiliation": "norland"}
    event = {"title": "Talks", "kind": "meeting", "description": "Talks.", "host": "norland", "place": "Geneva"}
    assert _errors(registry, {"actors": {"ada-vance": entry}, "events": {"talks": event}}) == []


@pytest.mark.parametrize("change, where", [
    (lambda d: d.update(colour="red"), "unknown field"),
    (lambda d: d.update(kind="memo"), "wrong document kind"),
    (lambda d: d["notes"][0].update(kind="rumour"), "wrong note kind"),
    (lambda d: d["events"][0].update(format="by-post"), "wrong format"),
    (lambda d: d["events"][0].update(cite=[]), "empty citation list where one is required"),
    (lambda d: d["events"][0].update(cite=0), "paragraph 0"),
    (lambda d: d["key_points"][0].update(cite="3"), "citation as text"),
    (lambda d: d.update(key_points=[]), "no key points"),
    (lambda d: d.pop("summary"), "missing required field"),
    (lambda d: d["published"].update(value="July 2020"), "date that is not YYYY[-MM[-DD]]"),
    (lambda d: d["publisher"].update(colour="red"), "unknown field in a nested model"),
    (lambda d: d.update(draft="yes"), "true/false as text"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_schema_rejects_invalid_briefings(change, where):
    validator = _validator("briefing.schema.json")
    data = _example()
    change(data)
    assert _errors(validator, data), f"the schema admits {where}"
    with pytest.raises(Exception):  # and so does the model: the schema is no stricter
        Briefing.model_validate(data)


@pytest.mark.parametrize("data, where", [
    ({"actors": {"ada-vance": {"name": "A", "kind": "minister", "description": "d"}}}, "wrong actor kind"),
    ({"actors": {"Ada_Vance": {"name": "A", "kind": "person", "description": "d"}}}, "key that is not an id"),
    ({"actors": {"ada-vance": {"name": "A", "kind": "person", "description": "d", "born": "1970"}}},
     "unknown field"),
    ({"events": {"talks": {"title": "T", "kind": "party", "description": "d"}}}, "wrong event kind"),
    ({"people": {}}, "unknown top-level field"),
])
def test_schema_rejects_invalid_registries(data, where):
    validator = _validator("registry.schema.json")
    assert _errors(validator, data), f"the schema admits a {where}"
    with pytest.raises(Exception):
        Registry.model_validate(data)


# ---------------------------------------------------------------- field reference

def test_field_reference_mentions_every_field_of_every_model():
    text = reference.field_reference()
    assert text.startswith("# Field reference\n")
    expected = _all_models()
    assert len(expected) >= 14, [m.__name__ for m in expected]
    assert set(reference.documented_models()) == set(expected)
    for model in expected:
        section = text.split(f"\n## {reference.model_label(model)}\n", 1)
        assert len(section) == 2, f"no section for {model.__name__}"
        body = section[1].split("\n## ", 1)[0]
        for name in model.model_fields:
            assert f"| `{name}` |" in body, f"{model.__name__}.{name} is not in the field reference"


def test_field_reference_is_deterministic_and_links_resolve():
    text = reference.field_reference()
    assert text == reference.field_reference()
    anchors = {re.sub(r"\s+", "-", h.strip().lower()) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, f"link to #{target}, which is no heading"


def test_field_reference_describes_types_in_words():
    text = reference.field_reference()
    assert "| `draft` | true/false | optional, default `false` |" in text
    assert "| `summary` | text | required |" in text
    assert "number ≥ 1, or a list of them" in text
    assert "date (see [Date](#date))" in text
    assert "one of: `error`, `typo`, `boilerplate`, `ambiguity`, `formatting`" in text
    assert "list of key point (see [Key point](#key-point))" in text
    assert "| `key_points` | list of key point (see [Key point](#key-point)) | required, at least 1 |" in text


def test_table_cells_are_escaped():
    assert reference._cell("a | b <i>\nc") == "a \\| b &lt;i&gt; c"
    # inside a code span Python-Markdown keeps `|` as it is
    assert reference._cell("`x|y` or z|w") == "`x|y` or z\\|w"
    for line in reference.field_reference().split("\n"):
        if line.startswith("| `"):
            cells = re.split(r"(?<!\\)\|", re.sub(r"`[^`]*`", "code", line))
            assert len(cells) == 6, f"table row with a stray |: {line}"


def test_annotated_example_is_a_valid_briefing_with_a_comment_on_every_field():
    located, problems = load_yaml_text(reference.EXAMPLE_BRIEFING, "example")
    assert located is not None and not problems, problems
    briefing = Briefing.model_validate(located.data)
    assert reference.EXAMPLE_BRIEFING.startswith(schema.SCHEMA_COMMENT["briefing"] + "\n")
    assert f"```yaml\n{reference.EXAMPLE_BRIEFING}```" in reference.field_reference()
    # every field of Briefing is set explicitly, and every model is used at least once
    assert set(located.data) == set(Briefing.model_fields)
    assert briefing.publisher and briefing.published and briefing.dateline and briefing.notes
    for model in _all_models():
        if model is not Registry and model.__name__ not in ("ActorEntry", "EventEntry", "PlaceEntry", "SourceCite",
                                                              "Assessment"):
            assert any(isinstance(v, model) for v in _walk(briefing)), f"the example has no {model.__name__}"
    # every line that sets a field carries a comment
    for line in reference.EXAMPLE_BRIEFING.split("\n"):
        if re.match(r"^\s*(?:- )?[a-z_]+:", line):
            assert " # " in line, f"no comment on {line!r}"


def _walk(value):
    yield value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _walk(item)
