"""Registry editing: add-actor, add-event, add-place and edit-actor/-event/-place write every field an analyst
sets, where it belongs in the file (its commented section, in the section's order), in the file's quoting,
every comment kept; a likely duplicate in any script is refused; a refused change leaves the files as they
were and cites lines they have."""

from __future__ import annotations

import difflib
import re

import pytest

from conftest import ALPHA_BRIEFING, invoke, tree_hashes
from briefbook.corpus.loading import load_yaml_text

ACTORS = """\
# yaml-language-server: $schema=../schema/registry.schema.json
# The actors of the Lakeside talks.
actors:

  # ---------------------------------------------------------- states

  norland:
    name: Republic of Norland
    kind: state
    aliases: [Norland]
    description: A state that hosts talks.

  southland:
    name: Southland
    kind: state
    description: A neighbour.   # named in no source yet

  # ---------------------------------------------------------- people

  ada-vance:
    name: Ada Vance
    kind: person
    aliases: [Minister Vance, Vance]
    affiliation: norland
    description: Foreign minister of Norland.

  zed-quill:
    name: Zed Quill
    kind: person
    affiliation: southland
    description: 'Envoy: of Southland.'

  # ---------------------------------------------------------- formats

  troika-plus:
    name: troika plus
    kind: negotiating-format
    description: A format of four states.
"""

EVENTS = """\
events:

  # ---------------------------------------------------------- 2019

  spring-round-2019:
    title: Spring round
    kind: negotiations
    date: {value: "2019-04-02"}
    place: Geneva
    description: The first round.

  # ---------------------------------------------------------- 2020

  lakeside-talks-2020:
    title: Lakeside talks
    kind: negotiations
    date: {value: "2020-07-09"}
    place: Geneva
    host: norland
    description: Talks at the lake.

  autumn-meeting-2020:
    title: Autumn meeting
    kind: meeting
    date: {value: "2020-10-01"}
    place: Geneva
    description: A meeting in the autumn.
"""

PLACES = "places:\n  geneva:\n    name: Geneva\n    aliases: [Genève, Женева]\n  doha:\n    name: Doha\n"

QUIET = ("  - actor: southland\n    cite: 5\n  - actor: zed-quill\n    cite: 5\n  - actor: troika-plus\n"
         "    cite: 5\n")


@pytest.fixture
def root(make_project):
    briefing = ALPHA_BRIEFING.replace("actors:\n", "actors:\n" + QUIET)
    return make_project(registry={"actors.yaml": ACTORS, "events.yaml": EVENTS, "places.yaml": PLACES},
                        briefings={"alpha-statement.yaml": briefing})


def _added(before: str, after: str) -> list[str]:
    """The lines the change added; fails when it removed or changed any line of the file."""
    diff = list(difflib.ndiff(before.split("\n"), after.split("\n")))
    assert not [d for d in diff if d.startswith("- ")], "\n".join(diff)
    return [d[2:] for d in diff if d.startswith("+ ")]


def _registry(root, name: str) -> str:
    return (root / "briefings" / "registry" / name).read_text(encoding="utf-8")


def _ok(result):
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


def test_a_new_actor_goes_into_its_section_with_every_field_comments_kept(root):
    before = _registry(root, "actors.yaml")
    _ok(invoke("add-actor", "--project", str(root), "Bo Lind", "--kind", "person", "--description",
               "Envoy: of Norland to the talks.", "--alias", "Envoy Lind", "--alias", "Лінд", "--abbreviation", "BL",
               "--affiliation", "norland", "--cite", "alpha-statement:2,3", "--name-language", "Лінд=uk"))
    after = _registry(root, "actors.yaml")
    added = _added(before, after)
    assert added == ["  bo-lind:", "    name: Bo Lind", "    kind: person", "    aliases: [Envoy Lind, Лінд]",
                     "    abbreviation: BL", "    affiliation: norland",
                     "    description: 'Envoy: of Norland to the talks.'",  # the file's own quotation marks
                     "    description_cite: [{source: alpha-statement, cite: [2, 3]}]",
                     "    name_languages: {Лінд: uk}", ""]
    # among the people, between ada-vance and zed-quill (the section is in id order)
    lines = after.split("\n")
    assert lines.index("  ada-vance:") < lines.index("  bo-lind:") < lines.index("  zed-quill:")
    entry = load_yaml_text(after, "actors.yaml")[0].data["actors"]["bo-lind"]
    assert entry["description_cite"] == [{"source": "alpha-statement", "cite": [2, 3]}]
    assert _ok(invoke("validate", "--project", str(root)))


def test_a_new_format_goes_to_the_formats_and_a_state_to_the_states(root):
    before = _registry(root, "actors.yaml")
    _ok(invoke("add-actor", "--project", str(root), "Lakeside Group", "--kind", "negotiating-format",
               "--description", "The hosts' group."))
    _ok(invoke("add-actor", "--project", str(root), "Eastland", "--kind", "state", "--description", "A state."))
    after = _registry(root, "actors.yaml")
    _added(before, after)
    lines = after.split("\n")
    people, formats = lines.index("  # ---------------------------------------------------------- people"), \
        lines.index("  # ---------------------------------------------------------- formats")
    assert lines.index("  eastland:") < people < formats < lines.index("  lakeside-group:")


def test_a_new_event_goes_into_its_year_in_date_order(root):
    before = _registry(root, "events.yaml")
    _ok(invoke("add-event", "--project", str(root), "Summer consultations", "--kind", "meeting",
               "--date", "2020-08-03", "--end", "2020-08-04", "--place", "Genève", "--place-basis",
               "The statement was issued there.", "--format", "in-person", "--host", "norland",
               "--host", "ada-vance", "--part-of", "lakeside-talks-2020", "--related", "spring-round-2019",
               "--follows", "lakeside-talks-2020", "--alias", "August consultations",
               "--cite", "alpha-statement:2", "--description", "Consultations after the talks."))
    after = _registry(root, "events.yaml")
    added = _added(before, after)
    assert "    date: {value: \"2020-08-03\", end: \"2020-08-04\"}" in added
    assert "    host: [norland, ada-vance]" in added and "    part_of: lakeside-talks-2020" in added
    lines = after.split("\n")
    assert lines.index("  lakeside-talks-2020:") < lines.index("  summer-consultations:") \
        < lines.index("  autumn-meeting-2020:")
    entry = load_yaml_text(after, "events.yaml")[0].data["events"]["summer-consultations"]
    assert entry["place"] == {"name": "Genève", "inferred": True, "basis": "The statement was issued there."}
    assert entry["follows"] == ["lakeside-talks-2020"] and entry["format"] == "in-person"
    _ok(invoke("validate", "--project", str(root)))


def test_a_first_event_of_a_new_year_goes_to_the_nearest_year(root):
    before = _registry(root, "events.yaml")
    _ok(invoke("add-event", "--project", str(root), "Winter talks", "--kind", "negotiations", "--date", "2021-01",
               "--description", "Talks in the winter."))
    lines = _registry(root, "events.yaml").split("\n")
    _added(before, "\n".join(lines))
    assert lines.index("  autumn-meeting-2020:") < lines.index("  winter-talks:")


def test_a_new_place_and_a_first_entry_in_an_empty_section(make_project):
    root = make_project(registry={"places.yaml": "# Places\nplaces: {}  # none yet\n"})
    _ok(invoke("add-place", "--project", str(root), "Geneva", "--alias", "Женева"))
    text = _registry(root, "places.yaml")
    assert text == "# Places\nplaces:  # none yet\n  geneva:\n    name: Geneva\n    aliases: [Женева]\n"


@pytest.mark.parametrize("args, existing, how", [
    (["Troika", "--kind", "negotiating-format"], "troika-plus", "same words"),
    (["TROIKA PLUS", "--kind", "negotiating-format"], "troika-plus", "exists already"),
    (["Ада Ванс", "--kind", "person"], "ada-vance", "romanised"),
    (["Zeda Quill", "--kind", "person", "--alias", "Vance"], "ada-vance", "same name"),
])
def test_a_likely_duplicate_actor_is_refused_naming_the_entry_and_the_way_out(root, args, existing, how):
    before = tree_hashes(root / "briefings")
    result = invoke("add-actor", "--project", str(root), *args, "--description", "Someone.")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"'{existing}'" in result.stderr and how in result.stderr
    assert f"briefbook edit-actor {existing} --add-alias" in result.stderr and "--id" in result.stderr
    assert tree_hashes(root / "briefings") == before
    # the analyst's own id registers it all the same
    if how != "exists already" and "--alias" not in args:
        _ok(invoke("add-actor", "--project", str(root), *args, "--description", "Someone.", "--id", "other-one"))


def test_an_arabic_name_of_a_registered_person_is_refused(make_project):
    actors = ("actors:\n  abdullah-abdullah:\n    name: Abdullah Abdullah\n    kind: person\n"
              "    description: A chairman.\n")
    root = make_project(registry={"more.yaml": actors})
    result = invoke("add-actor", "--project", str(root), "عبدالله عبدالله", "--kind", "person", "--description", "x")
    assert result.exit_code == 1
    assert "'abdullah-abdullah'" in result.stderr and "--add-alias 'عبدالله عبدالله'" in result.stderr


def test_a_russian_name_in_another_case_is_refused(make_project):
    actors = "actors:\n  sergey-lavrov:\n    name: Sergey Lavrov\n    kind: person\n    description: A minister.\n"
    root = make_project(registry={"more.yaml": actors})
    result = invoke("add-actor", "--project", str(root), "Сергея Лаврова", "--kind", "person", "--description", "x")
    assert result.exit_code == 1 and "'sergey-lavrov'" in result.stderr and "inflected" in result.stderr


@pytest.mark.parametrize("date, place, refused", [
    ("2020-07-09", "Женева", True),  # the same day, the place in another script
    ("2020-07-09", "Doha", False),
    ("2020-07-10", "Geneva", False),
    ("2020-07", "Geneva", True),  # the month of a registered day, at its place
])
def test_an_event_on_the_same_day_at_the_same_place_is_refused(root, date, place, refused):
    result = invoke("add-event", "--project", str(root), "Second session", "--kind", "meeting", "--date", date,
                    "--place", place, "--description", "Another session.")
    if refused:
        assert result.exit_code == 1 and "'lakeside-talks-2020'" in result.stderr
        assert "briefbook edit-event lakeside-talks-2020 --add-alias 'Second session'" in result.stderr
    else:
        _ok(result)


def test_a_refused_entry_cites_a_line_the_file_has_and_leaves_it_as_it_was(root):
    before = tree_hashes(root / "briefings")
    result = invoke("add-actor", "--project", str(root), "Bo Lind", "--kind", "person", "--description", "x",
                    "--affiliation", "nobody")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert tree_hashes(root / "briefings") == before
    (line,) = [ln for ln in result.stderr.splitlines() if "unknown-actor" in ln]
    match = re.match(r"briefings/registry/actors\.yaml:(\d+):\d+: unknown-actor: the new entry 'bo-lind' "
                     r"\(not added\): no actor 'nobody'", line)
    assert match, line
    lines = _registry(root, "actors.yaml").split("\n")
    assert 1 <= int(match[1]) <= len(lines)
    assert result.stderr.rstrip().endswith("Error: the new entry was not added")


def test_an_entry_the_model_refuses_is_never_written(root):
    before = tree_hashes(root / "briefings")
    result = invoke("add-event", "--project", str(root), "Leap-day talks", "--kind", "meeting", "--date",
                    "2021-02-30", "--description", "No such day.")
    assert result.exit_code == 1
    assert re.search(r"^briefings/registry/events\.yaml:\d+:1: bad-date: the new entry 'leap-day-talks' "
                     r"\(not added\): date\.value: .*2021-02-30", result.stderr, re.M), result.stderr
    assert tree_hashes(root / "briefings") == before


def test_edit_actor_adds_an_alias_and_an_affiliation_keeping_every_comment(root):
    before = _registry(root, "actors.yaml")
    _ok(invoke("edit-actor", "--project", str(root), "norland", "--add-alias", "Норланд", "--add-alias", "Norland"))
    _ok(invoke("edit-actor", "--project", str(root), "southland", "--add-affiliation", "norland",
               "--abbreviation", "SL"))
    _ok(invoke("edit-actor", "--project", str(root), "zed-quill", "--add-affiliation", "norland",
               "--add-cite", "alpha-statement:5"))
    after = _registry(root, "actors.yaml")
    diff = [d for d in difflib.ndiff(before.split("\n"), after.split("\n")) if d[:1] in "+-"]
    assert diff == [
        "-     aliases: [Norland]", "+     aliases: [Norland, Норланд]",
        "+     abbreviation: SL", "+     affiliation: norland",
        "-     affiliation: southland", "+     affiliation: [southland, norland]",
        "+     description_cite: [{source: alpha-statement, cite: 5}]"], diff
    # the entry's own comment stays on its line; the next section's heading stays after the entry
    assert "    description: A neighbour.   # named in no source yet\n" in after
    lines = after.split("\n")
    cite = lines.index("    description_cite: [{source: alpha-statement, cite: 5}]")
    assert lines[cite + 1:cite + 3] == ["", "  # ---------------------------------------------------------- formats"]
    _ok(invoke("validate", "--project", str(root)))


def test_edit_event_and_edit_place(root):
    _ok(invoke("edit-event", "--project", str(root), "autumn-meeting-2020", "--add-host", "norland",
               "--add-related", "lakeside-talks-2020", "--format", "video"))
    _ok(invoke("edit-place", "--project", str(root), "doha", "--add-alias", "الدوحة"))
    events = load_yaml_text(_registry(root, "events.yaml"), "e")[0].data["events"]["autumn-meeting-2020"]
    assert events["host"] == "norland" and events["related"] == ["lakeside-talks-2020"]
    assert events["format"] == "video"
    assert "  doha:\n    name: Doha\n    aliases: [الدوحة]\n" in _registry(root, "places.yaml")
    result = _ok(invoke("edit-place", "--project", str(root), "doha", "--add-alias", "الدوحة"))
    assert "nothing changed" in result.stdout


def test_a_refused_edit_cites_the_entry_and_changes_nothing(root):
    before = tree_hashes(root / "briefings")
    result = invoke("edit-actor", "--project", str(root), "ada-vance", "--add-alias", "Norland")
    assert result.exit_code == 1
    assert re.search(r"^briefings/registry/actors\.yaml:20:1: ambiguous-alias: the change to 'ada-vance' "
                     r"\(not made\)", result.stderr, re.M), result.stderr
    result = invoke("edit-actor", "--project", str(root), "ada-vance", "--abbreviation", "A V")
    assert result.exit_code == 1 and "letters and digits only" in result.stderr
    assert "unknown-actor" not in result.stderr  # the entry is checked before anything is written
    result = invoke("edit-actor", "--project", str(root), "ada-vanse", "--add-alias", "x")
    assert result.exit_code == 1 and "did you mean 'ada-vance'?" in result.stderr
    assert tree_hashes(root / "briefings") == before


def test_add_not_actor_and_a_name_language(root, make_project):
    _ok(invoke("edit-actor", "--project", str(root), "ada-vance", "--add-alias", "Ванс",
               "--add-name-language", "Ванс=ru"))
    _ok(invoke("edit-actor", "--project", str(root), "ada-vance", "--add-name-language", "Vance=en"))
    entry = load_yaml_text(_registry(root, "actors.yaml"), "a")[0].data["actors"]["ada-vance"]
    assert entry["name_languages"] == {"Ванс": "ru", "Vance": "en"}
    before = _registry(root, "actors.yaml")
    result = _ok(invoke("add-not-actor", "--project", str(root), "Lakeside Declaration", "Joint Statement"))
    assert "'Lakeside Declaration', 'Joint Statement'" in result.stdout
    after = _registry(root, "actors.yaml")
    assert _added(before, after) == ["not_actors:", "  - Lakeside Declaration", "  - Joint Statement"]
    assert after.index("# The actors of the Lakeside talks.") < after.index("not_actors:") < after.index("actors:\n")
    _ok(invoke("validate", "--project", str(root)))
    # an existing list grows at its end, in its own indentation, its comments kept
    listed = "# Not actors\nnot_actors:\n  - Joint      # a heading\n  - Lakeside\nactors: {}\n"
    other = make_project(name="other", registry={"more.yaml": listed})
    _ok(invoke("add-not-actor", "--project", str(other), "Geneva Declaration"))
    assert (other / "briefings" / "registry" / "more.yaml").read_text(encoding="utf-8") == \
        "# Not actors\nnot_actors:\n  - Joint      # a heading\n  - Lakeside\n  - Geneva Declaration\nactors: {}\n"


def test_add_event_with_the_date_as_written(root):
    _ok(invoke("add-event", "--project", str(root), "Winter round", "--kind", "negotiations", "--date", "2020-11-24",
               "--date-as-written", "24 ноября 2020", "--description", "A round in winter."))
    entry = load_yaml_text(_registry(root, "events.yaml"), "e")[0].data["events"]["winter-round"]
    assert entry["date"] == {"value": "2020-11-24", "as_written": "24 ноября 2020"}


TRICKY = ["Talks: round 2", "#3 meeting", "Meeting #3", "- dash first", "'quoted'", '"double" quotes', "yes", "null",
          "~", "1:30", "0o17", "[list]", "{map}", "a # b", "@at", "`tick`", "%pct", "*star", "&amp", "!bang", "|pipe",
          ">gt", "? question", "It's", "back\\slash", "2020-07-09", "3.14", "Ёлка – «ёлка»", "عبدالله: عبدالله"]


@pytest.mark.parametrize("text", TRICKY)
def test_any_text_is_written_so_that_briefbook_reads_it_back_as_it_was(root, text):
    """A description or alias with YAML's special characters is quoted (in the file's quotation marks) only
    where briefbook's own loader would read it otherwise."""
    result = invoke("add-actor", "--project", str(root), "Bo Lind", "--kind", "person", "--description", text,
                    "--alias", f"Lind {text}")
    _ok(result)
    located, problems = load_yaml_text(_registry(root, "actors.yaml"), "actors.yaml")
    assert not problems
    entry = located.data["actors"]["bo-lind"]
    assert entry["description"] == text and entry["aliases"] == [f"Lind {text}"]
    result = _ok(invoke("edit-actor", "--project", str(root), "norland", "--add-alias", f"N {text}"))
    located, problems = load_yaml_text(_registry(root, "actors.yaml"), "actors.yaml")
    assert not problems and located.data["actors"]["norland"]["aliases"] == ["Norland", f"N {text}"]


def test_edit_event_adds_an_assessment_in_block_style_before_the_next_section(root, make_project):
    before = _registry(root, "events.yaml")
    _ok(invoke("edit-event", "--project", str(root), "spring-round-2019", "--assess", "date", "--goes-by",
               "April 2019", "--reason", "The statement gives the day: it is the only source that does.",
               "--assess-cite", "alpha-statement:2"))
    after = _registry(root, "events.yaml")
    assert _added(before, after) == [
        "    assessments:", "      - field: date", "        goes_by: April 2019",
        '        reason: "The statement gives the day: it is the only source that does."',  # the file's quotes
        "        cite: [{source: alpha-statement, cite: 2}]"]
    lines = after.split("\n")
    at = lines.index("        cite: [{source: alpha-statement, cite: 2}]")
    assert lines[at + 1:at + 3] == ["", "  # ---------------------------------------------------------- 2020"]
    result = invoke("edit-event", "--project", str(root), "spring-round-2019", "--assess", "date")
    assert result.exit_code == 2 and "--goes-by" in result.stderr


def test_registry_commands_never_write_through_a_link(make_project, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("actors: {}\n", encoding="utf-8")
    root = make_project(registry={"actors.yaml": None})
    (root / "briefings" / "registry" / "actors.yaml").symlink_to(outside)
    for args in (["add-actor", "Bo Lind", "--kind", "person", "--description", "x"],
                 ["add-not-actor", "Joint Statement"]):
        result = invoke(*args[:1], "--project", str(root), *args[1:])
        assert result.exit_code == 1 and "Traceback" not in result.stderr
        assert "symbolic-link" in result.stderr or "cannot be read" in result.stderr, result.stderr
    assert outside.read_text(encoding="utf-8") == "actors: {}\n"
