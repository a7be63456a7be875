"""Loading YAML: positions kept, YAML 1.2 scalars, and everything unsafe or ambiguous refused."""

from __future__ import annotations

import time

import pytest

from briefbook.corpus.loading import MAX_FILE_BYTES, load_yaml_file, load_yaml_text


def load(text: str):
    located, problems = load_yaml_text(text, "f.yaml")
    assert not problems, [str(p) for p in problems]
    return located


def problems_of(text: str) -> list[str]:
    located, problems = load_yaml_text(text, "f.yaml")
    assert located is None, "a file with problems must not produce data"
    return [f"{p.path}:{p.line}:{p.column}: {p.code}" for p in problems]


def file_problems(tmp_path, raw: bytes) -> tuple[object, list[str]]:
    path = tmp_path / "f.yaml"
    path.write_bytes(raw)
    located, problems = load_yaml_file(path, "briefings/f.yaml")
    return located, [f"{p.path}:{p.line}:{p.column}: {p.code}" for p in problems]


# ---------------------------------------------------------------- positions

def test_every_value_and_key_keeps_its_line_and_column():
    located = load(
        "title: Talks\n"
        "event:\n"
        "  date: {value: \"2020-07-09\"}\n"
        "  cite: [2, 4]\n"
        "people:\n"
        "  - actor: ada\n"
        "    role: Minister\n"
    )
    assert located.positions[("title",)] == (1, 8)
    assert located.positions[("event", "date", "value")] == (3, 17)  # the opening quote
    assert located.positions[("event", "cite", 1)] == (4, 13)
    assert located.positions[("people", 0, "role")] == (7, 11)
    assert located.key_positions[("people", 0, "role")] == (7, 5)
    assert located.key_positions[("event",)] == (2, 1)


def test_where_falls_back_to_the_nearest_located_ancestor():
    located = load("a:\n  b: 1\n")
    assert located.where(("a", "b", "missing", 3)) == (2, 6)
    assert located.where(("nothing",)) == (1, 1)


def test_positions_count_lines_across_crlf_line_endings():
    located = load("a: 1\r\nb:\r\n  c: x\r\n")
    assert located.data == {"a": 1, "b": {"c": "x"}}
    assert located.positions[("b", "c")] == (3, 6)


# ---------------------------------------------------------------- duplicate keys

def test_duplicate_top_level_key_is_reported_with_both_lines():
    located, problems = load_yaml_text("title: One\nkind: report\ntitle: Two\n", "f.yaml")
    assert [(p.line, p.column, p.code) for p in problems] == [(3, 1, "duplicate-key")]
    assert "'title'" in problems[0].message and "first at line 1" in problems[0].message
    # Reported, and the rest of the file is still checked: the first value is the one kept.
    assert located is not None and located.data == {"title": "One", "kind": "report"}


def test_duplicate_nested_keys_are_each_reported():
    located, problems = load_yaml_text(
        "event:\n"
        "  date: x\n"
        "  place: y\n"
        "  date: z\n"
        "people:\n"
        "  - {actor: a, actor: b}\n", "f.yaml")
    assert [f"{p.line}:{p.column}: {p.code}" for p in problems] == ["4:3: duplicate-key", "6:16: duplicate-key"]
    assert located.data == {"event": {"date": "x", "place": "y"}, "people": [{"actor": "a"}]}


def test_a_duplicate_key_does_not_hide_the_other_problems_of_the_file(make_project, validate):
    from conftest import ALPHA_BRIEFING
    briefing = ALPHA_BRIEFING.replace("kind: statement\n", "kind: statement\nkind: report\n") \
                             .replace("\n  - actor: ada-vance\n", "\n  - actor: nobody\n")
    result = validate(make_project(briefings={"alpha-statement.yaml": briefing}))
    assert result.exit_code == 1
    assert result.problem_lines == ["briefings/alpha-statement.yaml:4:1: duplicate-key",
                                    "briefings/alpha-statement.yaml:12:12: unknown-actor"]


# ---------------------------------------------------------------- scalars: YAML 1.2, not 1.1

@pytest.mark.parametrize("text", ["NO", "no", "on", "Off", "yes", "Y", "1:20", "2020-07-09",
                                  "2020-07", ".inf", "0x1F", "1_000", "12:30:00"])
def test_yaml_1_1_look_alikes_stay_strings(text):
    assert load(f"value: {text}\n").data == {"value": text}


def test_a_number_with_a_leading_zero_stays_a_string():
    # loading.py: "So `NO`, `on`, `yes`, `0777`, `1:20` and `2020-07-09` all stay strings."
    # A leading zero is how codes and octal-looking numbers are written; 0777 must not become 777.
    assert load("value: 0777\n").data == {"value": "0777"}


@pytest.mark.parametrize("text, value", [
    ("true", True), ("True", True), ("false", False), ("FALSE", False),
    ("null", None), ("~", None), ("", None),
    ("12", 12), ("-3", -3), ("+5", 5), ("0", 0), ("1.5", 1.5), ("1e3", 1000.0),
])
def test_core_schema_scalars_are_resolved(text, value):
    loaded = load(f"value: {text}\n").data["value"]
    assert loaded == value and type(loaded) is type(value)


@pytest.mark.parametrize("text", ['"true"', "'12'", '"null"', "'NO'"])
def test_quoted_scalars_are_always_strings(text):
    assert load(f"value: {text}\n").data == {"value": text[1:-1]}


def test_values_are_nfc_normalised():
    assert load("name: \"Cafe\u0301\"\n").data == {"name": "Caf\u00e9"}


# ---------------------------------------------------------------- tags and aliases

@pytest.mark.parametrize("text", [
    "value: !!python/object:os.system ls\n",
    "value: !!python/object/apply:os.system [ls]\n",
    "value: !!python/name:os.system\n",
    "value: !custom x\n",
    "value: !!binary aGVsbG8=\n",
    "value: !!set {a, b}\n",
])
def test_explicit_tags_are_refused(text):
    assert problems_of(text) == ["f.yaml:1:8: yaml-tag"]


def test_explicit_str_tag_is_either_refused_or_means_a_string():
    # `!!str` is the standard way to say "this is text"; accepting the tag and then
    # resolving the value as a number or boolean does the opposite of what it says.
    for text, expected in (("!!str 123", "123"), ("!!str true", "true")):
        located, problems = load_yaml_text(f"value: {text}\n", "f.yaml")
        if problems:
            assert [p.code for p in problems] == ["yaml-tag"]
        else:
            assert located.data == {"value": expected}


def test_an_alias_is_refused():
    located, problems = load_yaml_text("a: &name Kabul\nb: *name\n", "f.yaml")
    assert located is None
    assert [p.code for p in problems] == ["yaml-alias"]
    assert problems[0].line in (1, 2)  # the anchor or the alias, either names the culprit


def test_billion_laughs_is_refused_quickly():
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        refs = ", ".join([f"*lol{i - 1}"] * 9)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    text = "\n".join(lines) + "\n"
    start = time.monotonic()
    located, problems = load_yaml_text(text, "f.yaml")
    assert time.monotonic() - start < 2
    assert located is None
    assert {p.code for p in problems} == {"yaml-alias"}


def test_merge_keys_are_refused():
    located, problems = load_yaml_text("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yaml")
    assert located is None and problems


# ---------------------------------------------------------------- bytes and characters

def test_bytes_that_are_not_utf8_are_reported_with_their_position(tmp_path):
    located, problems = file_problems(tmp_path, b"title: ok\nplace: Gen\xe8ve\n")
    assert located is None
    assert problems == ["briefings/f.yaml:2:11: not-utf8"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_files_are_refused_as_not_utf8(tmp_path, encoding):
    raw = "title: Kabul\n".encode(encoding)
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raw = b"\xfe\xff" + raw  # utf-16-be has no BOM of its own; editors write one
    located, problems = file_problems(tmp_path, raw)
    assert located is None
    assert problems == ["briefings/f.yaml:1:1: not-utf8"]


def test_utf16_without_a_bom_is_refused_too(tmp_path):
    located, problems = file_problems(tmp_path, "title: Kabul\n".encode("utf-16-le"))
    assert located is None and problems


def test_a_utf8_bom_is_accepted_and_does_not_shift_columns(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"\xef\xbb\xbftitle: Kabul\n")
    located, problems = load_yaml_file(path, "f.yaml")
    assert problems == []
    assert located.data == {"title": "Kabul"}
    assert located.positions[("title",)] == (1, 8)


@pytest.mark.parametrize("text", ["", "\n\n", "# just a comment\n"])
def test_an_empty_file_is_reported(text):
    assert problems_of(text) == ["f.yaml:1:1: empty-file"]


@pytest.mark.parametrize("text, line", [
    ("title: [1, 2\nkind: report\n", 1),  # an unclosed bracket or quotation: where it was opened
    ("title: a: b\n", 1),
    ("a: 1\n  b: 2\n", 2),
    ("a: \"unclosed\n", 1),
    ("- a\nb: c\n", 2),
])
def test_a_syntax_error_is_reported_with_its_line(text, line):
    located, problems = load_yaml_text(text, "f.yaml")
    assert located is None
    assert [(p.code, p.line) for p in problems] == [("yaml-syntax", line)]
    assert problems[0].message


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
                                  "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069"])
def test_control_and_bidi_override_characters_are_refused_with_their_position(char):
    assert problems_of(f"a: 1\ntitle: ab{char}cd\n") == ["f.yaml:2:10: bad-character"]


@pytest.mark.parametrize("escape, code_point", [
    ("\\x07", "U+0007"), ("\\e", "U+001B"), ("\\u202e", "U+202E"), ("\\u2066", "U+2066"), ("\\x85", "U+0085"),
    ("\\0", "U+0000")])
def test_control_and_bidi_characters_written_as_escapes_are_refused_too(escape, code_point):
    located, problems = load_yaml_text(f'a: 1\ntitle: "ab{escape}cd"\n', "f.yaml")
    assert located is None
    assert [str(p) for p in problems] == [
        f"f.yaml:2:8: bad-character: character {code_point} is not allowed in briefing data (written as an escape)"]


@pytest.mark.parametrize("text", ['a: "\\ud800"\n', 'a: "x\\udfffy"\n', 'a: "\\ud83d\\ude00"\n'])
def test_lone_surrogates_written_as_escapes_are_refused(text):
    located, problems = load_yaml_text(text, "f.yaml")
    assert located is None
    assert [(p.line, p.code) for p in problems] == [(1, "yaml-syntax")]


def test_the_zero_width_non_joiner_that_persian_spelling_needs_is_kept():
    # "می‌خواهم": the ZWNJ (U+200C) keeps the prefix unjoined; dropping it changes the word
    text = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert load(f"title: {text}\n").data == {"title": text}
    assert load(f'title: "\\u200c"\n').data == {"title": "\u200c"}


@pytest.mark.parametrize("text, where, kept", [
    ("title: Meeting #3 in Doha\n", "1:16", "'#3 in Doha'"),
    ("points:\n  - Doha round #2\n", "2:16", "'#2'"),
    ("title: Talks\t#Doha\n", "1:14", "'#Doha'"),
])
def test_a_plain_value_cut_short_by_a_glued_comment_is_refused(text, where, kept):
    located, problems = load_yaml_text(text, "f.yaml")
    assert located is None
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"f.yaml:{where}: value-cut-short: the value stops at ")
    assert f"put the whole value in quotes to keep {kept}" in problems[0].message


@pytest.mark.parametrize("text, data", [
    ("kind: person  # a note for the next analyst\n", {"kind": "person"}),
    ('title: "Meeting #3 in Doha"\n', {"title": "Meeting #3 in Doha"}),
    ("title: Meeting#3\n", {"title": "Meeting#3"}),
    ("summary: |\n  Round #3 #x\n", {"summary": "Round #3 #x\n"}),
    ("cite: [1, 2] #x\n", {"cite": [1, 2]}),
])
def test_ordinary_comments_and_quoted_hashes_are_fine(text, data):
    assert load(text).data == data


def test_a_document_marker_alone_is_still_an_error_in_a_project(make_project, validate):
    result = validate(make_project(briefings={"empty-doc.yaml": "---\n"}))
    assert result.exit_code == 1
    assert [line.split(":")[0] for line in result.problem_lines] == ["briefings/empty-doc.yaml"]


def test_tabs_inside_values_are_allowed():
    assert load('title: "a\tb"\n').data == {"title": "a\tb"}


def test_extreme_nesting_is_refused_without_crashing():
    located, problems = load_yaml_text("a: " + "[" * 200 + "]" * 200 + "\n", "f.yaml")
    assert located is None
    assert [p.code for p in problems] == ["too-deep"]


def test_an_oversized_file_is_refused_before_parsing(tmp_path):
    located, problems = file_problems(tmp_path, b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    assert located is None
    assert problems == ["briefings/f.yaml:1:1: file-too-large"]


def test_a_norwegian_dateline_stays_the_country_code(make_project, validate):
    # YAML 1.1 would turn `NO` into false and the briefing would fail as "wrong type".
    from conftest import ALPHA_BRIEFING
    from briefbook import Project, build_corpus
    root = make_project(briefings={
        "alpha-statement.yaml": ALPHA_BRIEFING.replace("language: en\n", "language: en\ndateline: NO\n")})
    corpus, problems = build_corpus(Project(root))
    assert corpus is not None, [str(p) for p in problems]
    assert corpus.sources["alpha-statement"].briefing.dateline.name == "NO"


@pytest.mark.parametrize("text, where, words", [
    ("a: 1\nrole: Minister: of foreign affairs\n", (2, 15), "put the whole value in quotes"),
    ('a: "hello\nb: 2\n', (1, 4), "a quotation mark opened here is never closed"),
    ("a: [1, 2\nb: 3\n", (1, 4), "a list opened here with [ is not closed with ]"),
    ("a: {x: 1\nb: 3\n", (1, 4), "a mapping opened here with { is not closed with }"),
    ("a:\n  - x: 1\n   y: 2\n", (3, 4), "not lined up with the list items above it"),
    ("a:\n  b: 1\n c: 2\n", (3, 2), "not lined up with the fields above it"),
    ("a:\n\tb: 1\n", (2, 1), "a tab: YAML indents with spaces only"),
    ("a: 1\nbare line\nc: 2\n", (2, 1), "this line is not a field"),
    ("a: @x\n", (1, 4), "a value cannot begin with @"),
])
def test_a_syntax_error_says_what_is_wrong_in_words(text, where, words):
    """The parser's text ("mapping values are not allowed in this context") is kept at the end, after
    what it means, at the line where the mistake is (an unclosed quotation: where it opens)."""
    (problem,) = load_yaml_text(text, "f.yaml")[1]
    assert (problem.code, (problem.line, problem.column)) == ("yaml-syntax", where)
    assert words in problem.message and problem.message.endswith(")")
