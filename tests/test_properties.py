"""Property tests (hypothesis): the escaping holds for any text, the loader for any input.

- md_escape / html_escape: whatever the text, Python-Markdown with the site's extensions
  shows exactly that text, in one element, in one table cell, with nothing added.
- the loader: data that YAML can write comes back unchanged, with a position for every value;
  arbitrary text (and random damage to a valid briefing) gives problems, never an exception.
"""

from __future__ import annotations

import os
import re
import string
import tempfile
from pathlib import Path

import markdown
import yaml
from hypothesis import HealthCheck, assume, example, given, settings, strategies as st

from briefbook.corpus.loading import _BAD_CHAR, _plain_scalar, load_yaml_text
from briefbook.corpus.models import Briefing, Registry
from briefbook.publish.escape import html_escape, md_escape
from briefbook.corpus.validation import validate_model as _validate
from conftest import Html, fold, invoke, write_project
from test_render import EXTENSIONS

# Text an analyst could type: letters of several scripts, digits, every ASCII punctuation mark
# (all of Markdown's syntax), spaces and line breaks, the Persian joiner; no control characters
# (the loader refuses those before anything is rendered).
MARKUP = string.punctuation + " \n\t"
typed_text = st.text(
    alphabet=st.one_of(st.sampled_from(MARKUP), st.sampled_from("aZ09éßжЛαمی\u200c김"),
                       st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"))),
    max_size=60)

# A longer fuzz run: BRIEFBOOK_FUZZ=20 multiplies every example count by 20.
SCALE = int(os.environ.get("BRIEFBOOK_FUZZ", "1"))
CHECKS = settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def md(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def shown(text: str) -> str:
    """What a reader should see for a value: the same characters, whitespace folded."""
    return fold(text)


@CHECKS
@given(typed_text)
def test_md_escape_in_a_paragraph_shows_exactly_the_text(value):
    assume(shown(value))
    parsed = Html(md(f"Before {md_escape(value)} after"))
    assert [tag for tag, _ in parsed.elements] == ["p"]
    assert fold(parsed.text) == f"Before {shown(value)} after"


@CHECKS
@given(typed_text)
@example("]: x")
@example("[a]: http://x")
def test_md_escape_at_the_start_of_a_line_opens_no_block(value):
    assume(shown(value))
    parsed = Html(md(f"{md_escape(value)}\n\nNext paragraph"))
    assert [tag for tag, _ in parsed.elements] == ["p", "p"]
    assert fold(parsed.text) == f"{shown(value)} Next paragraph"


@CHECKS
@given(typed_text, typed_text)
def test_md_escape_keeps_a_table_row_to_its_cells(left, right):
    table = f"| A | B |\n| --- | --- |\n| {md_escape(left)} | {md_escape(right)} |\n"
    parsed = Html(md(table))
    assert parsed.tables == [[["A", "B"], [shown(left), shown(right)]]]
    assert {tag for tag, _ in parsed.elements} == {"table", "thead", "tbody", "tr", "th", "td"}


@CHECKS
@given(typed_text)
@example("]:")  # was read as a reference definition, swallowing the link (brackets are now entities)
@example("[x]: y")
def test_md_escape_in_link_text_keeps_one_link_to_the_right_page(value):
    assume(shown(value))
    parsed = Html(md(f"[{md_escape(value)}](../actors/x.md)"))
    assert [(tag, attrs.get("href")) for tag, attrs in parsed.elements] == [("p", None), ("a", "../actors/x.md")]
    assert fold(parsed.text) == shown(value)


@CHECKS
@given(typed_text)
def test_html_escape_in_an_attribute_and_inline_html_shows_the_text(value):
    assume(shown(value))
    parsed = Html(md(f'Date <span title="{html_escape(value)}">{html_escape(value)}</span> end'))
    assert [tag for tag, _ in parsed.elements] == ["p", "span"]
    assert parsed.elements[1][1] == {"title": re.sub(r"\s+", " ", value)}  # line breaks fold, nothing else
    assert fold(parsed.text) == f"Date {shown(value)} end"


# ---------------------------------------------------------------- the loader

# PyYAML writes YAML 1.1, so it leaves `0E0` unquoted (no float in 1.1, a float in 1.2, which
# briefbook reads): strings that YAML 1.2 would read as another type are left out here.
clean_text = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=40) \
    .filter(lambda s: not _BAD_CHAR.search(s) and "\ufeff" not in s and isinstance(_plain_scalar(s), str))
keys = st.from_regex(r"\A[a-z][a-z0-9_]{0,12}\Z")
scalars = st.one_of(clean_text, st.integers(-10**9, 10**9), st.booleans(), st.none())
documents = st.dictionaries(keys, st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12), min_size=1, max_size=6)


def _nfc(value):
    import unicodedata
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, path + (i,))


@CHECKS
@given(documents, st.sampled_from(["block", "flow"]))
def test_what_yaml_writes_loads_back_unchanged_with_every_position(data, style):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=(style == "flow"), width=60)
    located, problems = load_yaml_text(text, "f.yaml")
    assert problems == [] and located is not None, (text, problems)
    assert located.data == _nfc(data)
    lines = text.split("\n")
    for path in _paths(located.data):
        line, column = located.positions[path]
        assert 1 <= line <= len(lines) and 1 <= column <= len(lines[line - 1]) + 1


def _check_problems(located, problems, text):
    assert (located is None) == any(p.is_error for p in problems) or located is not None
    for problem in problems:
        assert problem.path == "f.yaml" and problem.code and problem.message
        # YAML counts \r\n, \r and \n as line breaks; a mark may sit just past the last line
        assert 1 <= problem.line <= len(re.split(r"\r\n|\r|\n", text)) + 1, (problem, text)
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", problem.code)


@settings(max_examples=500 * SCALE, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_data_or_problems_never_an_exception(text):
    located, problems = load_yaml_text(text, "f.yaml")
    _check_problems(located, problems, text)
    if located is not None:
        for model in (Briefing, Registry):
            _validate(located, model)  # returns problems; must not raise


YAML_PIECES = st.sampled_from([":", " ", "\n", "- ", "[", "]", "{", "}", "#", "&a", "*a", "!!python/object ", "'",
                               '"', "|", ">", "? ", "---", "...", "\t", "%YAML 1.1\n", ",", "1:20", "0o7", "NO",
                               "~", "@", "`", "\\", "\u202e", "\x00", "\ufeff", "key", "title", "cite"])


@settings(max_examples=500 * SCALE, deadline=None)
@given(st.lists(st.one_of(YAML_PIECES, st.text(max_size=5)), max_size=60).map("".join))
def test_yaml_shaped_garbage_gives_problems_never_an_exception(text):
    located, problems = load_yaml_text(text, "f.yaml")
    _check_problems(located, problems, text)
    if located is not None:
        _validate(located, Briefing)


# ---------------------------------------------------------------- the whole validator, on damaged files

_WORK = tempfile.TemporaryDirectory(prefix="briefbook-fuzz-")  # removed when the test process exits
_PROJECT = Path(_WORK.name) / "project"
write_project(_PROJECT)
_BRIEFING = _PROJECT / "briefings" / "alpha-statement.yaml"
_VALID = _BRIEFING.read_text(encoding="utf-8")


@st.composite
def damaged(draw):
    """The valid briefing with a few random cuts, insertions and swaps."""
    text = _VALID
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace-line", "duplicate-line"]))
        if action == "insert":
            text = text[:at] + draw(st.one_of(YAML_PIECES, st.text(max_size=4))) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        else:
            lines = text.split("\n")
            i = draw(st.integers(0, len(lines) - 1))
            if action == "replace-line":
                lines[i] = draw(st.one_of(YAML_PIECES, st.text(max_size=20)))
            else:
                lines.insert(i, lines[i])
            text = "\n".join(lines)
    return text


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_validate_on_a_damaged_briefing_prints_problems_or_passes_never_a_traceback(text):
    _BRIEFING.write_text(text, encoding="utf-8", errors="surrogatepass")
    result = invoke("validate", "--project", str(_PROJECT))  # re-raises any exception
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        assert result.stderr.rstrip().splitlines()[-1].startswith("Error: ")
        assert re.search(r"^\S+:\d+:\d+: ", result.stderr, re.M), result.stderr
