"""Names that would fool a reader, and names that would break a path: each gets a clear error."""

from __future__ import annotations

import re

import pytest

from briefbook.corpus.lookalike import name_problem, skeleton
from conftest import ACTORS_YAML

EXTRA_ACTOR = """\
  {id}:
    name: {name}
    kind: person
    description: Someone else.
"""


def with_actor(entry_id: str, name: str) -> dict[str, str]:
    return {"actors.yaml": ACTORS_YAML + EXTRA_ACTOR.format(id=entry_id, name=name)}


# The added actor's id is at line 13, column 3 of actors.yaml, its name at line 14, column 11.
ID_AT = "briefings/registry/actors.yaml:13:3"
NAME_AT = "briefings/registry/actors.yaml:14:11"


def printed(result) -> list[str]:
    """Every problem line printed, whole."""
    return [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


@pytest.mark.parametrize("name, message", [
    ("Ada Vаnce", "'Vаnce' mixes Latin and Cyrillic letters (U+0430 CYRILLIC SMALL LETTER A)"),
    ("Αda Quill", "'Αda' mixes Greek and Latin letters (U+0391 GREEK CAPITAL LETTER ALPHA)"),
    ("Ada\u200bQuill", "'Ada\\u200bQuill' contains the invisible character U+200B (ZERO WIDTH SPACE)"),
    ("Ada\u2060Quill", "contains the invisible character U+2060 (WORD JOINER)"),
])
def test_a_name_mixing_scripts_or_hiding_characters_is_refused_where_it_is_written(make_project, validate,
                                                                                   name, message):
    result = validate(make_project(registry=with_actor("ada-quill", name)))
    assert result.exit_code == 1
    lines = [line for line in printed(result) if "look-alike-name:" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{NAME_AT}: look-alike-name: ")
    assert message in lines[0]


@pytest.mark.parametrize("name", [
    "Сергей Лавров",                      # all Cyrillic
    "Sergey Lavrov (Сергей Лавров)",      # two scripts, but never inside one word
    "محمد\u200cعلی",                       # the zero-width non-joiner Persian spelling needs
    "Νίκος Δένδιας",                      # all Greek
    "김정은",
])
def test_names_in_one_script_per_word_are_fine(make_project, validate, name):
    result = validate(make_project(registry=with_actor("someone-else", name)))
    assert "look-alike" not in result.stderr
    assert not [line for line in printed(result) if ": error" in line or "alias" in line]


@pytest.mark.parametrize("name, twin", [
    ("Ada Vance.", "ada-vance"),         # punctuation only
    ("ADA  VANCE", "ada-vance"),         # case and spacing (same key: reported as ambiguous)
    ("Republic of Norland", "norland"),
    ("Repub-lic of Nor-land", "norland"),
])
def test_two_actors_that_would_look_the_same_on_a_page_are_refused(make_project, validate, name, twin):
    result = validate(make_project(registry=with_actor("someone-else", name)))
    assert result.exit_code == 1
    line = next(line for line in printed(result) if line.startswith(NAME_AT))
    assert ("look-alike-names:" in line and f"looks the same as actor {twin!r}" in line) or \
           ("ambiguous-alias:" in line and f"already names actor {twin!r}" in line), line


def test_a_whole_name_in_cyrillic_look_alikes_of_another_actors_name_is_caught(make_project, validate):
    # 'АОС' is all Cyrillic (one script, so not "mixed"), yet it reads exactly as the Latin 'AOC'
    registry = ACTORS_YAML + EXTRA_ACTOR.format(id="aoc", name="AOC") + EXTRA_ACTOR.format(id="imposter", name="АОС")
    result = validate(make_project(registry={"actors.yaml": registry}))
    assert result.exit_code == 1
    assert [line for line in printed(result) if ": warning: " not in line] == [
        "briefings/registry/actors.yaml:18:11: look-alike-names: 'АОС' looks the same as actor 'aoc' ('AOC') once "
        "case, punctuation and look-alike letters are ignored; readers could not tell them apart: merge them, "
        "or make the names distinguishable"]


def test_a_reference_with_a_look_alike_letter_says_which_letter(make_project, validate):
    root = make_project()
    briefing = root / "briefings" / "alpha-statement.yaml"
    briefing.write_text(briefing.read_text(encoding="utf-8").replace("speaker: ada-vance", "speaker: Ada Vаnce"),
                        encoding="utf-8")
    result = validate(root)
    assert result.exit_code == 1
    line = next(line for line in printed(result) if "unknown-actor" in line)
    assert "did you mean 'ada-vance'? ('Ada Vаnce' contains Cyrillic Small Letter A 'а', U+0430)" in line


def test_skeleton_ignores_case_punctuation_and_look_alike_letters():
    assert skeleton("Al-Qaeda") == skeleton("al qaeda") == skeleton("АL QАЕDА")
    assert skeleton("Lavrov") != skeleton("Lavrova")
    assert skeleton("ｕｎ") == skeleton("UN")  # full-width letters are compatibility forms
    assert skeleton("—") == ""


def test_name_problem_is_none_for_ordinary_names():
    for name in ("Zalmay Khalilzad", "Mullah Abdul Ghani Baradar", "U.S.", "COVID-19", "Ban Ki-moon",
                 "پشتون\u200cها", "Abdullah Abdullah"):
        assert name_problem(name) is None, name


# ---------------------------------------------------------------- names and paths

@pytest.mark.parametrize("entry_id", ["index", "search", "assets", "404", "sitemap"])
def test_an_id_that_names_a_fixed_page_is_refused_at_its_key(make_project, validate, entry_id):
    result = validate(make_project(registry=with_actor(f'"{entry_id}"', "Someone Else")))
    assert result.exit_code == 1
    assert printed(result) == [f"{ID_AT}: reserved-id: {entry_id!r} names a fixed page; choose another id"]


@pytest.mark.parametrize("entry_id", ["../etc", "/abs", "Ada", "a" * 81, "ada_vance", "ада", "a--b", "-a"])
def test_ids_that_are_not_safe_path_parts_are_refused_at_the_key(make_project, validate, entry_id):
    result = validate(make_project(registry=with_actor(f'"{entry_id}"', "Someone Else")))
    assert result.exit_code == 1
    errors = [line for line in printed(result) if ": warning: " not in line]
    assert errors == [f"{ID_AT}: bad-id: actors.{entry_id}: {entry_id!r} is not an id: use lowercase letters, "
                      "digits and single hyphens (like 'kabul-process'), at most 80 characters"]


def test_an_id_written_as_a_number_is_asked_to_be_quoted(make_project, validate):
    result = validate(make_project(registry=with_actor("2020", "Someone Else")))
    assert printed(result) == [f"{ID_AT}: bad-id: actors.2020: the id 2020 is read as a number; write it in quotes"]


def test_a_briefing_file_name_that_is_no_id_is_refused(make_project, validate):
    root = make_project(briefings={"Alpha Statement.yaml": "seed: alpha.txt\n"})
    result = validate(root)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("briefings/Alpha Statement.yaml:1:1: bad-id: file name "
                                             "'Alpha Statement.yaml' must be a lowercase kebab-case id, "
                                             "e.g. 'kabul-process-2017.yaml'")


def test_a_very_long_name_is_shown_whole_and_its_page_path_stays_short(make_project, tmp_path):
    from conftest import invoke
    long_name = "Commission " + "for the Very Long Name " * 20  # about 470 characters
    root = make_project(registry=with_actor("long-named", long_name.strip()))
    briefing = root / "briefings" / "alpha-statement.yaml"
    text = briefing.read_text(encoding="utf-8")
    briefing.write_text(text.replace("actors:\n", "actors:\n  - actor: long-named\n    role: Member\n    cite: 5\n", 1),
                        encoding="utf-8")
    result = invoke("build", "--project", str(root), "--no-pdf", "--quiet")
    assert result.exit_code == 0, result.stderr
    page = root / "site" / "actors" / "long-named.html"
    assert page.is_file()
    assert long_name.strip().split(" for")[0] in page.read_text(encoding="utf-8")
    for path in (root / "site").rglob("*"):
        assert len(path.name.encode()) <= 255


def test_a_name_over_the_length_limit_is_refused(make_project, validate):
    result = validate(make_project(registry=with_actor("too-long", "x" * 501)))
    assert result.exit_code == 1
    assert any(line.startswith(f"{NAME_AT}: ") and "500" in line for line in printed(result)), result.stderr


def test_two_briefing_files_with_one_id_are_refused(make_project, validate):
    from conftest import ALPHA_BRIEFING
    root = make_project(briefings={"alpha-statement.yml": ALPHA_BRIEFING})
    result = validate(root)
    assert result.exit_code == 1
    assert "briefings/alpha-statement.yml:1:1: duplicate-document: briefings/alpha-statement.yaml has the same id " \
           "'alpha-statement'; rename or remove one of them" in result.stderr


def test_every_item_gets_its_own_page_and_every_path_stays_inside_the_output(real):
    """On the real corpus: one page per entity (none lost to a collision), no path leaves docs/ or site/."""
    from briefbook.publish.render import make_environment, render_pages
    root, corpus = real
    pages = render_pages(corpus, make_environment(root / "templates"))
    entity_pages = [p for p in pages if p.endswith(".md") and p.count("/") == 1 and not p.endswith("/index.md")]
    assert len(entity_pages) == len(corpus.actors) + len(corpus.events) + len(corpus.sources) + len(corpus.topics)
    assert len({p.casefold() for p in pages}) == len(pages)  # distinct on case-insensitive file systems too
    for path in pages:
        assert not path.startswith("/") and ".." not in path.split("/") and "\\" not in path
    site = root / "site"
    for path in site.rglob("*"):
        assert path.resolve().is_relative_to(site.resolve())


def test_affiliations_that_go_round_in_a_circle_are_refused(make_project, validate):
    registry = ACTORS_YAML.replace("    description: A state that hosts talks.\n",
                                   "    affiliation: ada-vance\n    description: A state that hosts talks.\n")
    result = validate(make_project(registry={"actors.yaml": registry}))
    assert result.exit_code == 1
    assert [line for line in printed(result) if "circular" in line] == [
        "briefings/registry/actors.yaml:12:18: circular-reference: affiliations go round in a circle: "
        "ada-vance → norland → ada-vance"]


def test_events_that_are_part_of_each_other_are_refused(make_project, validate):
    from conftest import EVENTS_YAML
    events = EVENTS_YAML.replace("    host: norland\n", "    host: norland\n    part_of: lakeside-round-two\n") + (
        "  lakeside-round-two:\n    title: Lakeside round two\n    kind: negotiations\n"
        "    part_of: lakeside-talks-2020\n    description: More talks.\n")
    result = validate(make_project(registry={"events.yaml": events}))
    assert result.exit_code == 1
    lines = [line for line in printed(result) if "circular" in line]
    assert len(lines) == 1 and lines[0].endswith(
        "circular-reference: part_of goes round in a circle: lakeside-round-two → lakeside-talks-2020 → "
        "lakeside-round-two"), printed(result)


def test_cycles_are_found_once_each_and_chains_are_not_cycles():
    from briefbook.corpus.references import cycles as _cycles
    assert _cycles({"a": ["b"], "b": ["c"], "c": []}) == []
    assert _cycles({"b": ["a"], "a": ["b"], "c": ["c"]}) == [["a", "b"], ["c"]]
    long = {str(i): [str(i + 1)] for i in range(5000)} | {"5000": ["0"]}
    assert len(_cycles(long)[0]) == 5001  # no recursion limit
